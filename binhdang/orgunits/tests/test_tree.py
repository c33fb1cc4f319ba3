import datetime

import pytest

from binhdang.core.errors import AccessDenied, ConflictError, DomainError
from binhdang.core.models import AuditEvent
from binhdang.orgunits import selectors, services
from binhdang.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_demo_tree_has_bim_son_2017_with_six_wards_and_two_communes(demo_tree):
    town = demo_tree["TH-BS"]
    communes = [u for u in selectors.orgunit_children(parent=town) if u.level == "commune"]
    assert sorted(u.short_name for u in communes) == [
        "phường Ba Đình", "phường Bắc Sơn", "phường Lam Sơn", "phường Ngọc Trạo",
        "phường Phú Sơn", "phường Đông Sơn", "xã Hà Lan", "xã Quang Trung",
    ]
    assert OrgUnit.objects.get_parent(town) == demo_tree["TH"]


def test_subtree_is_a_path_prefix_and_includes_agencies(demo_tree):
    town = demo_tree["TH-BS"]
    subtree = list(selectors.orgunit_subtree(root=town))
    assert subtree[0] == town
    assert len(subtree) == 26  # the town, 17 agencies/organisations/committee, 8 communes
    assert demo_tree["TH-BVSTBPN"] not in subtree


def test_subtree_of_a_date_leaves_out_units_not_yet_or_no_longer_valid(demo_tree):
    province = demo_tree["TH"]
    in_2017 = {u.code for u in selectors.orgunit_subtree(root=province, on=datetime.date(2017, 2, 20))}
    in_2026 = {u.code for u in selectors.orgunit_subtree(root=province, on=datetime.date(2026, 1, 1))}
    assert "TH-BS-BADINH" in in_2017 and "TH-PQUANGTRUNG" not in in_2017
    assert "TH-PQUANGTRUNG" in in_2026 and "TH-BS-BADINH" not in in_2026


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bim son", "Ủy ban nhân dân thị xã Bỉm Sơn"),
        ("BỈM SƠN", "Ủy ban nhân dân thị xã Bỉm Sơn"),
        ("ldtbxh", "Phòng Lao động - Thương binh và Xã hội"),
        ("LĐ-TB&XH", "Phòng Lao động - Thương binh và Xã hội"),
        ("hoi lhpn", "Hội Liên hiệp Phụ nữ"),
        ("ba dinh", "Ủy ban nhân dân phường Ba Đình"),
        ("dong son", "Ủy ban nhân dân phường Đông Sơn"),
    ],
)
def test_search_ignores_accents_and_knows_abbreviations(demo_tree, query, expected):
    results = selectors.orgunit_search(query=query)
    assert results, query
    assert results[0].name == expected


def test_search_within_a_subtree(demo_tree):
    results = selectors.orgunit_search(query="ban vi su tien bo", within=demo_tree["TH-BS"])
    assert [u.code for u in results] == ["TH-BS-BVSTBPN"]


def test_search_of_nothing_returns_nothing(demo_tree):
    assert selectors.orgunit_search(query="  ") == []
    assert selectors.orgunit_search(query="khong co don vi nay") == []


def test_create_refuses_a_used_code_and_changes_nothing(demo_tree, demo_user):
    admin = demo_user("admin")
    before = OrgUnit.objects.count()
    with pytest.raises(DomainError, match="đã được dùng"):
        services.orgunit_create(actor=admin, parent=demo_tree["TH"], code="TH-BS", name="X",
                                kind="agency", level="province")
    assert OrgUnit.objects.count() == before


def test_create_refuses_an_inverted_validity_range(demo_tree, demo_user):
    with pytest.raises(DomainError, match="hết hiệu lực"):
        services.orgunit_create(
            actor=demo_user("admin"), parent=demo_tree["TH"], code="TH-NEW", name="Sở mới",
            kind="agency", level="province", valid_from=datetime.date(2026, 1, 1),
            valid_to=datetime.date(2025, 1, 1),
        )
    assert not OrgUnit.objects.filter(code="TH-NEW").exists()


def test_update_with_a_stale_version_is_refused_and_keeps_the_first_edit(demo_tree, demo_user):
    admin = demo_user("admin")
    unit = demo_tree["TH-BS-YT"]
    services.orgunit_update(actor=admin, unit=unit, version=unit.version, data={"email": "a@example.vn"})
    with pytest.raises(ConflictError):
        services.orgunit_update(actor=admin, unit=unit, version=unit.version, data={"email": "b@example.vn"})
    unit.refresh_from_db()
    assert unit.email == "a@example.vn"
    assert unit.version == 2


def test_every_write_is_audited(demo_tree, demo_user):
    admin = demo_user("admin")
    unit = demo_tree["TH-BS-YT"]
    services.orgunit_update(actor=admin, unit=unit, version=unit.version, data={"short_name": "Y tế"})
    event = AuditEvent.objects.filter(action="orgunit.update", object_id=str(unit.pk)).get()
    assert event.actor == admin
    assert event.changes == {"short_name": ["", "Y tế"]}


def test_a_reporter_cannot_edit_a_unit(demo_tree, demo_user):
    unit = demo_tree["TH-BS-BADINH"]
    with pytest.raises(AccessDenied) as info:
        services.orgunit_update(actor=demo_user("badinh"), unit=unit, version=1, data={"email": "x@x.vn"})
    assert "quản trị" in str(info.value)
    unit.refresh_from_db()
    assert unit.email == "badinh.bimson@example.vn"
