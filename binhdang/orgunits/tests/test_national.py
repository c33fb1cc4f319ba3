"""The real national tree (Thanh Hóa from the packaged GSO lists) and its lineage."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from binhdang.core.errors import DomainError
from binhdang.orgunits import services
from binhdang.orgunits.lineage import lineage_json, predecessors, unit_require_valid, units_count
from binhdang.orgunits.models import LineageEvent, LineageLink, OrgUnit
from binhdang.orgunits.national_load import load_national

pytestmark = pytest.mark.django_db
NEW_YEAR = datetime.date(2026, 1, 1)
EVE = datetime.date(2025, 6, 30)


@pytest.fixture
def thanh_hoa(db):
    return load_national(provinces=["38"])


def test_thanh_hoa_has_547_communes_before_and_166_after(thanh_hoa):
    assert thanh_hoa["legacy"] == {"provinces": 1, "districts": 26, "communes": 547}
    assert thanh_hoa["new"] == {"provinces": 1, "communes": 166}
    assert units_count(on=EVE) == {"on": "2025-06-30", "provinces": 1, "districts": 26, "communes": 547}
    assert units_count(on=NEW_YEAR) == {"on": "2026-01-01", "provinces": 1, "districts": 0, "communes": 166}
    v = thanh_hoa["validation"]
    assert (v["accounted"], v["not_accounted"], v["accounted_twice"]) == (547, [], [])
    assert v["split_weights_not_one"] == [] and v["new_without_predecessor"] == []
    assert thanh_hoa["unresolved"] == []
    # vietnam-provinces numbers six Thanh Hóa communes differently: listed, not resolved.
    assert "“Xã Nguyệt Ấn” (Tỉnh Thanh Hóa): mã 15106 (vietnamadminunits) nhưng 15115 (vietnam-provinces)" in (
        thanh_hoa["conflicts"])
    assert len(thanh_hoa["conflicts"]) == 6


def test_loading_twice_changes_nothing(thanh_hoa):
    units, events, links = OrgUnit.objects.count(), LineageEvent.objects.count(), LineageLink.objects.count()
    again = load_national(provinces=["38"])
    assert again["created"] == {"province": 0, "district": 0, "commune": 0}
    assert again["events_created"] == {}
    assert (OrgUnit.objects.count(), LineageEvent.objects.count(), LineageLink.objects.count()) == (
        units, events, links)


def test_bim_son_predecessors_are_exactly_four_by_code_and_parent(thanh_hoa):
    data = lineage_json(gso_code="14812", on=NEW_YEAR)
    assert data["unit"] == {"code": "14812", "name": "Phường Bỉm Sơn", "parent": "Tỉnh Thanh Hóa",
                            "valid_from": "2025-07-01", "valid_to": None}
    assert [(p["code"], p["name"], p["parent"], p["event"], p["weight"]) for p in data["predecessors"]] == [
        ("14812", "Phường Ba Đình", "Thị xã Bỉm Sơn", "merge", 1.0),
        ("14815", "Phường Lam Sơn", "Thị xã Bỉm Sơn", "merge", 1.0),
        ("14821", "Phường Đông Sơn", "Thị xã Bỉm Sơn", "merge", 1.0),
        ("15277", "Xã Hà Vinh", "Huyện Hà Trung", "merge", 1.0),
    ]
    assert all(p["valid_to"] == "2025-06-30" for p in data["predecessors"])
    # The same code on the eve of the reform is the old phường Ba Đình.
    old = lineage_json(gso_code="14812", on=EVE)
    assert old["unit"]["name"] == "Phường Ba Đình" and old["unit"]["parent"] == "Thị xã Bỉm Sơn"
    assert [s["code"] for s in old["successors"]] == ["14812"]


def test_hac_thanh_takes_thanh_hoa_citys_ba_dinh_not_bim_sons(thanh_hoa):
    data = lineage_json(gso_code="14797", on=NEW_YEAR)
    by_code = {p["code"]: p for p in data["predecessors"]}
    assert by_code["14776"]["name"] == "Phường Ba Đình"
    assert by_code["14776"]["parent"] == "Thành phố Thanh Hóa"
    assert "14812" not in by_code


def test_a_split_commune_has_weights_summing_to_one_marked_as_estimates(thanh_hoa):
    # Thị trấn Thiệu Hóa was divided between three new communes.
    old = OrgUnit.objects.get(gso_code=_code("Thị trấn Thiệu Hóa"), valid_to=EVE)
    links = list(LineageLink.objects.filter(before=old).select_related("event").order_by("id"))
    assert len(links) == 3 and {link.event.kind for link in links} == {"split"}
    assert sum(link.weight for link in links) == Decimal(1)
    assert [str(link.weight) for link in links] == ["0.333333", "0.333333", "0.333334"]
    assert not any(link.weight_confirmed for link in links)
    part = links[0].after
    shares = {s.unit.pk: s for s in predecessors(part)}
    assert shares[old.pk].estimate and shares[old.pk].kind == "split"


def _code(name: str) -> str:
    return OrgUnit.objects.get(short_name=name[:1].lower() + name[1:], valid_to=EVE, level="commune").gso_code


def test_an_unchanged_commune_keeps_both_parents_as_a_reparent(thanh_hoa):
    event = LineageEvent.objects.filter(kind="reparent").order_by("key").first()
    link = event.links.get()
    old, new = link.before, link.after
    assert old.gso_code == new.gso_code and old.short_name == new.short_name
    assert OrgUnit.objects.get_parent(old).level == "district" and old.valid_to == EVE
    assert OrgUnit.objects.get_parent(new).level == "province" and new.valid_from == datetime.date(2025, 7, 1)
    # A roll-up of 2017 for the district still finds the commune under its path.
    assert old.path.startswith(OrgUnit.objects.get_parent(old).path)


def test_codes_are_unique_per_validity_period_not_forever(thanh_hoa):
    province = OrgUnit.objects.get(gso_code="38")
    with pytest.raises(DomainError, match="Mã GSO 14812 đã thuộc về"):
        services.do_orgunit_create(
            actor=None, parent=province, code="X-14812", name="Ủy ban nhân dân phường Thử", kind="administrative",
            level="commune", gso_code="14812", valid_from=datetime.date(2026, 1, 1),
        )
    # 14815 was phường Lam Sơn's until 30/6/2025 and no unit holds it now: free to reuse.
    later = services.do_orgunit_create(
        actor=None, parent=province, code="X-14815", name="Ủy ban nhân dân phường Mới", kind="administrative",
        level="commune", gso_code="14815", valid_from=datetime.date(2026, 5, 1),
    )
    assert later.gso_code == "14815"
    with pytest.raises(DomainError, match="Mã GSO 14815 đã thuộc về phường Lam Sơn"):
        services.orgunit_update(actor=_admin(), unit=later, version=later.version,
                                data={"valid_from": datetime.date(2025, 1, 1)})


def _admin():
    from binhdang.accounts.models import User

    return User.objects.create(username="root", is_superuser=True, is_staff=True)


def test_an_abolished_unit_refuses_new_data_naming_its_successors(thanh_hoa):
    ba_dinh = OrgUnit.objects.get(gso_code="14812", valid_to=EVE)
    unit_require_valid(ba_dinh, on=datetime.date(2017, 1, 1))
    with pytest.raises(DomainError) as error:
        unit_require_valid(ba_dinh, on=datetime.date(2026, 1, 1), what="số liệu")
    assert error.value.message == (
        "Phường Ba Đình đã thôi tồn tại từ sau ngày 30/06/2025, không nhận số liệu cho kỳ sau ngày đó. "
        "Đơn vị kế thừa: Phường Bỉm Sơn."
    )
    town = OrgUnit.objects.get(gso_code="381")
    with pytest.raises(DomainError, match="Đơn vị kế thừa: Phường Quang Trung, Phường Bỉm Sơn"):
        unit_require_valid(town, on=datetime.date(2026, 1, 1))


def test_commands_print_the_contract_json(thanh_hoa, capsys):
    call_command("units", "count", "--on", "2026-01-01", "--json")
    assert '"communes": 166' in capsys.readouterr().out
    call_command("units", "lineage", "--code", "14818", "--on", "2026-01-01", "--json")
    out = capsys.readouterr().out
    assert '"name": "Phường Quang Trung"' in out and '"name": "Phường Ngọc Trạo"' in out
