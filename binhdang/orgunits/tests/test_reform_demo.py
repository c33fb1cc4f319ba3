"""The demo of both eras: as-is figures, refusals after a unit's end, hand-over of open work."""

import datetime

import pytest

from binhdang.core.errors import AccessDenied, DomainError
from binhdang.core.models import AuditEvent
from binhdang.demo.reform import demo_load_reform
from binhdang.indicators.asis import indicator_series_as_is, indicator_values_as_is
from binhdang.indicators.models import IndicatorValue
from binhdang.orgunits.models import Handover, OrgUnit
from binhdang.plans.models import Obligation
from binhdang.plans.services.handover import handover_confirm, handover_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_eras(demo_tree):
    from binhdang.indicators.catalogue import catalogue_load

    catalogue_load()  # a transactional test before this one may have flushed the migration's catalogue
    demo_load_reform()
    return {u.code: u for u in OrgUnit.objects.filter(code__startswith="TH")}


@pytest.fixture
def full_demo(db, _full_demo_loaded):
    return {u.code: u for u in OrgUnit.objects.filter(code__startswith="TH")}


def test_the_demo_wards_are_the_real_ones_with_unverified_offices(both_eras):
    ward = both_eras["TH-PBIMSON"]
    assert ward.gso_code == "14812"
    province = both_eras["TH"]
    communes = OrgUnit.objects.filter(path__startswith=province.path, level="commune", kind="administrative",
                                      valid_from=datetime.date(2025, 7, 1)).exclude(gso_code="")
    assert communes.count() == 166
    offices = {u.short_name: u.verified for u in OrgUnit.objects.get_children(ward)}
    assert offices == {"Văn phòng HĐND và UBND phường Bỉm Sơn": False, "Phòng VH-XH phường Bỉm Sơn": False,
                       "Phòng KT-HT&ĐT phường Bỉm Sơn": False, "Hội LHPN phường Bỉm Sơn": True}
    again = demo_load_reform()
    assert again["national_units_created"] == 0 and again["offices_created"] == 0


def test_as_is_2017_table_of_phuong_bim_son_is_the_sum_of_its_predecessors(full_demo):
    table = indicator_values_as_is(unit=full_demo["TH-PBIMSON"], period_key="2017-H1")
    assert [c["name"] for c in table.as_dict()["contributors"]] == [
        "Xã Hà Lan", "Phường Ba Đình", "Phường Lam Sơn", "Phường Đông Sơn", "Xã Hà Vinh"]
    assert table.estimate is False
    # predecessors without 2017-H1 data are listed, not guessed: Hà Vinh (outside the demo)
    # and the wards whose report was not accepted (figures come in through accepted reports)
    with_data = set(IndicatorValue.objects.filter(period="2017-H1", breakdown="")
                    .values_list("org_unit__short_name", flat=True))
    predecessors = ["xã Hà Lan", "phường Ba Đình", "phường Lam Sơn", "phường Đông Sơn", "xã Hà Vinh"]
    assert [u.short_name for u in table.missing] == [n for n in predecessors if n not in with_data]
    assert "xã Hà Vinh" in [u.short_name for u in table.missing]
    old = ["TH-BS-BADINH", "TH-BS-LAMSON", "TH-BS-DONGSON", "TH-BS-HALAN"]
    rows = IndicatorValue.objects.filter(period="2017-H1", org_unit__code__in=old, breakdown="")
    expected: dict = {}
    for row in rows:
        expected[(row.indicator_id, row.sex)] = expected.get((row.indicator_id, row.sex), 0) + row.num
    assert expected and {k: v[0] for k, v in table.values.items()} == expected


def test_an_abolished_ward_refuses_a_2026_value_naming_its_successor(both_eras, demo_user):
    from binhdang.indicators.models import Indicator
    from binhdang.indicators.services import value_set

    indicator = Indicator.objects.filter(kind="count").first() or Indicator.objects.first()
    before = IndicatorValue.objects.count()
    with pytest.raises(DomainError) as error:
        value_set(actor=demo_user("admin"), org_unit=both_eras["TH-BS-BADINH"], period="2026-H1",
                  indicator=indicator, sex="T", value=5)
    assert error.value.message == (
        "Phường Ba Đình đã thôi tồn tại từ sau ngày 30/06/2025, không nhận số liệu cho kỳ sau ngày đó. "
        "Đơn vị kế thừa: Phường Bỉm Sơn."
    )
    assert IndicatorValue.objects.count() == before


def test_open_obligations_and_members_pass_to_the_successor_on_confirmation(full_demo, demo_user):
    ba_dinh, ward = full_demo["TH-BS-BADINH"], full_demo["TH-PBIMSON"]
    template = Obligation.objects.filter(org_unit=ba_dinh).first()
    open_2026 = Obligation.objects.create(
        plan=template.plan, kind=template.kind, title="Báo cáo 6 tháng đầu năm 2026", org_unit=ba_dinh,
        receiver=template.receiver, due_date=datetime.date(2026, 6, 15),
    )
    handover = handover_propose(actor=None, unit=ba_dinh)
    assert handover.to_unit == ward and handover.status == "proposed"
    kinds = [item["type"] for item in handover.items]
    assert kinds.count("obligation") == 1 and "membership" in kinds
    with pytest.raises(AccessDenied):
        handover_confirm(actor=demo_user("hoilhpn"), handover=handover)
    moved = handover_confirm(actor=demo_user("tinh"), handover=handover)
    assert moved["obligation"] == 1 and moved["membership"] >= 1
    open_2026.refresh_from_db()
    assert open_2026.org_unit == ward
    # The 2017 obligations stay with phường Ba Đình, as does its audit history.
    assert Obligation.objects.filter(org_unit=ba_dinh, due_date__year=2017).count() == (
        Obligation.objects.filter(org_unit=ba_dinh).count())
    assert demo_user("badinh").memberships.filter(org_unit=ward).exists()
    assert demo_user("badinh").memberships.filter(org_unit=ba_dinh).exists()
    assert AuditEvent.objects.filter(action="orgunit.handover_out", org_unit=ba_dinh).count() == 1
    assert AuditEvent.objects.filter(action="orgunit.handover_in", org_unit=ward).count() == 1
    assert Handover.objects.get(pk=handover.pk).status == "confirmed"


def test_lineage_as_is_and_handover_pages(both_eras, client, demo_user):
    ward, ba_dinh = both_eras["TH-PBIMSON"], both_eras["TH-BS-BADINH"]
    client.force_login(demo_user("tinh"))
    page = client.get(f"/units/{ward.pk}/lineage/").content.decode()
    assert "NQ 1686/NQ-UBTVQH15" in page and "xã Hà Vinh" in page
    page = client.get(f"/units/{ward.pk}/as-is/?period=2017-H1").content.decode()
    assert "Chưa có số liệu của:" in page and "xã Hà Vinh" in page
    page = client.get(f"/units/{ba_dinh.pk}/handover/").content.decode()
    assert "Xác nhận chuyển giao" in page and "badinh (Báo cáo viên)" in page
    response = client.post(f"/units/{ba_dinh.pk}/handover/", {"action": "confirm"})
    assert response.status_code == 302
    assert Handover.objects.get(from_unit=ba_dinh).status == "confirmed"
    assert demo_user("badinh").memberships.filter(org_unit=ward).exists()


def test_a_trend_across_2025_shows_the_series_break(both_eras):
    from binhdang.indicators.models import Indicator
    from binhdang.indicators.services import do_value_set

    ward, ba_dinh = both_eras["TH-PBIMSON"], both_eras["TH-BS-BADINH"]
    indicator = Indicator.objects.get(code="DP-BLGD")  # a count without sex breakdown
    do_value_set(actor=None, org_unit=ba_dinh, period="2025-H1", indicator=indicator, sex="T", value=7)
    do_value_set(actor=None, org_unit=ward, period="2025-H2", indicator=indicator, sex="T", value=30)
    # 2025-H2's data window opens before 1/7/2025: old and new units both count ("mixed").
    points = indicator_series_as_is(unit=ward, indicator_id=indicator.pk, sex="T",
                                    period_keys=["2025-H1", "2025-H2"])
    assert [(p["period"], p["value"], p["source"], p["series_break"]) for p in points] == [
        ("2025-H1", 7.0, "predecessors", False), ("2025-H2", 30.0, "mixed", True)]
