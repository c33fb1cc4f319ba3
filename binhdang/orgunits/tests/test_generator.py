import pytest

from binhdang.orgunits import selectors
from binhdang.orgunits.generator import generate_national_tree
from binhdang.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_generated_national_tree_is_a_valid_treebeard_tree():
    root = generate_national_tree(communes=3321)
    provinces = selectors.orgunit_children(parent=root)
    assert len(provinces) == 34
    communes = OrgUnit.objects.filter(path__startswith=root.path, level="commune").count()
    assert communes == 3321
    assert OrgUnit.objects.count() == 1 + 34 + 34 * 19 + 3321 == 4002
    # treebeard agrees with the computed paths and child counts
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    thanh_hoa = next(p for p in provinces if p.short_name == "tỉnh Thanh Hóa")
    assert len(selectors.orgunit_children(parent=thanh_hoa)) == thanh_hoa.numchild
    assert selectors.orgunit_search(query="thanh hoa 12")[0].short_name == "xã Thanh Hóa 12"


def test_generating_twice_does_not_duplicate():
    generate_national_tree(communes=40)
    before = OrgUnit.objects.count()
    generate_national_tree(communes=40)
    assert OrgUnit.objects.count() == before
