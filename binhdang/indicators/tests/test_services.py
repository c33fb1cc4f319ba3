"""Entering values: validation, optimistic locking, audit, outliers; activities feed indicators."""

import datetime

import pytest

from binhdang.core.errors import AccessDenied, ConflictError
from binhdang.core.models import AuditEvent
from binhdang.indicators.models import Activity, Indicator, IndicatorAggregate, IndicatorValue
from binhdang.indicators.selectors import (
    activity_summary,
    entry_grid,
    report_indicator_rows,
    unit_sums,
)
from binhdang.indicators.services import (
    ValuesInvalidError,
    activity_create,
    activity_delete,
    activity_update,
    do_value_set,
    values_save,
)
from binhdang.indicators.validation import Entry, modified_z, parse_number

pytestmark = pytest.mark.django_db


def _ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def test_parse_number_reads_vietnamese_notation():
    assert [parse_number(x) for x in ("1.234", "12,5", " 7 ", "", None, 3)] == [1234, 12.5, 7, None, None, 3]
    with pytest.raises(ValueError):
        parse_number("mười")


def test_invalid_cells_are_all_listed_and_nothing_is_saved(demo_user, demo_tree):
    # given a ward reporter and a grid with four bad cells and one good one
    reporter, ward = demo_user("badinh"), demo_tree["TH-BS-BADINH"]
    count, ratio, share = _ind("DP-VIECLAM"), _ind("DP-BLGD-HOTRO"), _ind("CL21-3.2")
    entries = [
        Entry(count.pk, "F", -3, cell="D6"),
        Entry(count.pk, "M", 2.5, cell="E6"),
        Entry(ratio.pk, "T", 7, 5, cell="I7", den_cell="J7"),
        Entry(share.pk, "F", 4, None, cell="D8", den_cell="G8"),
        Entry(share.pk, "M", 1, 2, cell="E8", den_cell="H8"),
    ]
    audits = AuditEvent.objects.count()
    # when they save
    with pytest.raises(ValuesInvalidError) as refused:
        values_save(actor=reporter, org_unit=ward, period="2017-H1", entries=entries)
    # then every bad cell is named in Vietnamese and nothing changed
    assert [(e.cell, e.message) for e in refused.value.errors] == [
        ("D6", "Giá trị không được âm."),
        ("E6", "Số đếm phải là số nguyên."),
        ("I7", "Tử số (7) không được lớn hơn mẫu số (5)."),
        ("G8", "Thiếu mẫu số (Số người bị bạo lực được phát hiện)."),
    ]
    assert IndicatorValue.objects.count() == 0
    assert IndicatorAggregate.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_typed_total_must_match_female_plus_male(demo_user, demo_tree):
    count = _ind("LD-CBCC")
    entries = [Entry(count.pk, "F", 9, cell="D6", total_typed=8, total_cell="F6"),
               Entry(count.pk, "M", 3, cell="E6", total_typed=8, total_cell="F6")]
    with pytest.raises(ValuesInvalidError) as refused:
        values_save(actor=demo_user("badinh"), org_unit=demo_tree["TH-BS-BADINH"], period="2017-H1", entries=entries)
    assert [(e.cell, e.message) for e in refused.value.errors] == [("F6", "Số nữ (9) lớn hơn tổng số (8).")]
    assert IndicatorValue.objects.count() == 0


def test_required_values_are_checked_when_the_grid_is_complete(demo_user, demo_tree):
    cadres, leaders = _ind("LD-CBCC"), _ind("LD-LANHDAO")
    entries = [Entry(cadres.pk, "F", 5, cell="D6"), Entry(cadres.pk, "M", None, cell="E6"),
               Entry(leaders.pk, "F", None, cell="D7"), Entry(leaders.pk, "M", None, cell="E7")]
    with pytest.raises(ValuesInvalidError) as refused:
        values_save(actor=demo_user("badinh"), org_unit=demo_tree["TH-BS-BADINH"], period="2017-H1",
                    entries=entries, complete=True)
    assert [(e.indicator_code, e.cell, e.message) for e in refused.value.errors] == [
        ("LD-CBCC", "E6", "Bắt buộc nhập."), ("LD-LANHDAO", "D7", "Bắt buộc nhập."),
        ("LD-LANHDAO", "E7", "Bắt buộc nhập.")]
    assert IndicatorValue.objects.count() == 0


def test_average_is_stored_as_value_times_weight_and_aggregates_weighted(demo_tree):
    # given two wards reporting the average age at first marriage with different sizes
    age = _ind("TK-0107")
    for code, average, people in (("TH-BS-BADINH", 24.0, 30), ("TH-BS-LAMSON", 27.0, 10)):
        do_value_set(actor=None, indicator=age, org_unit=demo_tree[code], period="2017", sex="F", value=average,
                  den=people)
    # when the town's figure is read
    figure = unit_sums([demo_tree["TH-BS"].pk], "2017", {age.pk: age})[(demo_tree["TH-BS"].pk, age.pk)]
    # then it is the weighted mean (24×30 + 27×10)/40, not (24 + 27)/2
    assert figure.female == pytest.approx(24.75)


def test_stale_version_is_refused_without_change(demo_user, demo_tree):
    # given a value read at version 1 and then changed by someone else
    reporter, ward, count = demo_user("badinh"), demo_tree["TH-BS-BADINH"], _ind("DP-VIECLAM")
    values_save(actor=reporter, org_unit=ward, period="2017-H1", entries=[Entry(count.pk, "F", 5)])
    values_save(actor=reporter, org_unit=ward, period="2017-H1", entries=[Entry(count.pk, "F", 6, version=1)])
    # when the first reader saves with the version they saw
    with pytest.raises(ConflictError):
        values_save(actor=reporter, org_unit=ward, period="2017-H1", entries=[Entry(count.pk, "F", 9, version=1)])
    # then the newer value stays, with its audit trail
    value = IndicatorValue.objects.get()
    assert (value.num, value.version) == (6, 2)
    assert list(AuditEvent.objects.filter(object_type="indicators.indicatorvalue").order_by("id")
                .values_list("action", flat=True)) == ["indicators.value_create", "indicators.value_update"]
    town = IndicatorAggregate.objects.get(org_unit=demo_tree["TH-BS"])
    assert (town.num, town.n) == (6, 1)


def test_reporter_cannot_enter_for_another_ward(demo_user, demo_tree):
    with pytest.raises(AccessDenied):
        values_save(actor=demo_user("badinh"), org_unit=demo_tree["TH-BS-LAMSON"], period="2017-H1",
                    entries=[Entry(_ind("DP-VIECLAM").pk, "F", 5)])
    assert IndicatorValue.objects.count() == 0


def test_outlier_against_earlier_periods_is_flagged_not_refused(demo_tree):
    # given four earlier half-years around 100
    ward, count = demo_tree["TH-BS-BADINH"], _ind("DP-VIECLAM")
    for period, value in (("2015-H1", 100), ("2015-H2", 104), ("2016-H1", 98), ("2016-H2", 101), ("2017-H1", 400)):
        do_value_set(actor=None, indicator=count, org_unit=ward, period=period, sex="F", value=value)
    # when the grid for 2017-H1 is shown
    row = next(r for r in entry_grid(unit=ward, period="2017-H1") if r.indicator == count)
    # then 400 is saved and flagged
    assert row.cells["F"].value == 400
    assert row.cells["F"].outlier_z == pytest.approx(0.6745 * (400 - 100.5) / 1.5)
    assert modified_z(101, [100, 104, 98, 101]) == pytest.approx(0.6745 * 0.5 / 1.5)


def test_training_feeds_indicators_up_the_tree_and_reports(demo_user, demo_tree):
    # given a ward reporter logging a training with participants by sex
    reporter, ward, town = demo_user("badinh"), demo_tree["TH-BS-BADINH"], demo_tree["TH-BS"]
    activity = activity_create(actor=reporter, org_unit=ward, kind="training", title="Tập huấn BĐG",
                               date=datetime.date(2017, 3, 10), participants_female=25, participants_male=10,
                               women_cadres=6, cost=2_000_000)
    # then the derived indicators count it for the half-year and the year, at the town too
    trainees, classes = _ind("DP-TH-NGUOI"), _ind("DP-TH-LOP")
    inds = {trainees.pk: trainees, classes.pk: classes}
    for period in ("2017-H1", "2017"):
        figures = unit_sums([ward.pk, town.pk], period, inds)
        assert (figures[(town.pk, trainees.pk)].female, figures[(town.pk, trainees.pk)].male) == (25, 10)
        assert figures[(town.pk, classes.pk)].total == 1
    rows = {r.code: r for r in report_indicator_rows(town, "2017-H1")}
    assert (rows["DP-TH-NGUOI"].female, rows["DP-TH-NGUOI"].male, rows["DP-TH-NGUOI"].total) == (25, 10, 35)
    summary = activity_summary(town, "2017-H1")
    assert [(s.kind, s.count, s.female, s.male, int(s.cost)) for s in summary] == [("training", 1, 25, 10, 2_000_000)]
    # when it is moved to July and then deleted
    activity = activity_update(actor=reporter, activity=activity, version=1, date=datetime.date(2017, 7, 2))
    assert unit_sums([town.pk], "2017-H1", inds) == {}
    assert unit_sums([town.pk], "2017-H2", inds)[(town.pk, classes.pk)].total == 1
    activity_delete(actor=reporter, activity=activity, version=2)
    # then nothing remains anywhere
    assert IndicatorValue.objects.count() == 0
    assert IndicatorAggregate.objects.count() == 0
    assert Activity.objects.count() == 0


def test_derived_indicator_cannot_be_typed(demo_user, demo_tree):
    with pytest.raises(ValuesInvalidError) as refused:
        values_save(actor=demo_user("badinh"), org_unit=demo_tree["TH-BS-BADINH"], period="2017-H1",
                    entries=[Entry(_ind("DP-TH-LOP").pk, "T", 3, cell="I6")])
    assert [e.message for e in refused.value.errors] == [
        "Chỉ tiêu này được tính tự động từ nhật ký hoạt động, không nhập tay."]
    assert IndicatorValue.objects.count() == 0


def test_worked_example_of_the_domain_doc(demo_tree):
    # given the two wards of docs/domain/indicators.md
    jobs, support, age = _ind("DP-VIECLAM"), _ind("DP-BLGD-HOTRO"), _ind("TK-0107")
    for code, (f, m), (num, den), (avg, people) in (
        ("TH-BS-BADINH", (12, 9), (3, 4), (24.0, 30)),
        ("TH-BS-LAMSON", (30, 19), (2, 6), (27.0, 10)),
    ):
        ward = demo_tree[code]
        for sex, value in (("F", f), ("M", m)):
            do_value_set(actor=None, indicator=jobs, org_unit=ward, period="2017-H1", sex=sex, value=value)
        do_value_set(actor=None, indicator=support, org_unit=ward, period="2017-H1", sex="T", value=num, den=den)
        do_value_set(actor=None, indicator=age, org_unit=ward, period="2017-H1", sex="F", value=avg, den=people)
    # when the town's table is read
    from binhdang.indicators.selectors import table_target_statuses, unit_table

    table = unit_table(unit=demo_tree["TH-BS"], period="2017-H1", indicators=[jobs, support, age])
    town = demo_tree["TH-BS"].pk
    j, s, a = (table.figure(town, i) for i in (jobs, support, age))
    # then the figures are those of the document
    assert (j.female, j.male, j.total, j.female_share, j.fm_ratio, j.gap_pp) == (42, 28, 70, 60, 1.5, 20)
    assert (s.total, a.female) == (50, 24.75)
    statuses = table_target_statuses(table)
    assert (statuses[jobs.pk].status, statuses[support.pk].status) == ("achieved", "achieved")
    assert [c.pk for c in table.children][:1] == [demo_tree["TH-BS-LDTBXH"].pk]
