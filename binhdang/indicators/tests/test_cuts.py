"""The cut selector against figures computed by hand on a small tree (both databases).

    Nation
    ├── Province A: phường A1, xã A2, Sở A (an agency)
    └── Province B: phường B1, xã B2
"""

import datetime
import itertools

import pytest

from binhdang.core.errors import DomainError
from binhdang.core.periods import period_parse as any_period_parse
from binhdang.indicators.asis import indicator_values_as_is
from binhdang.indicators.models import Indicator
from binhdang.indicators.selectors import (
    COMMUNES,
    WARDS,
    UnitFilter,
    View,
    cut,
    cut_units,
    unit_table,
)
from binhdang.indicators.services import do_value_set
from binhdang.orgunits.models import LineageEvent, LineageLink, OrgUnit

pytestmark = pytest.mark.django_db
_serial = itertools.count()
H1, H2 = "2024-H1", "2024-H2"


def _child(parent: OrgUnit, code: str, name: str, **fields) -> OrgUnit:
    parent = OrgUnit.objects.get(pk=parent.pk)
    return OrgUnit.objects.add_child(parent, create_kwargs={"code": code, "name": name, **fields})


@pytest.fixture
def tree():
    tag = f"CUT{next(_serial)}"
    nation = OrgUnit.objects.add_root(create_kwargs={"code": tag, "name": "Việt Nam", "kind": "administrative",
                                                     "level": "country"})
    units = {"nation": nation}
    for p in "AB":
        province = _child(nation, f"{tag}-{p}", f"Tỉnh {p}", kind="administrative", level="province",
                          level_title="tỉnh")
        units[p] = province
        units[f"{p}1"] = _child(province, f"{tag}-{p}1", f"Phường {p}1", kind="administrative", level="commune",
                                level_title="phường")
        units[f"{p}2"] = _child(province, f"{tag}-{p}2", f"Xã {p}2", kind="administrative", level="commune",
                                level_title="xã")
    units["SA"] = _child(units["A"], f"{tag}-SA", "Sở A", kind="agency", level="province")
    return {k: OrgUnit.objects.get(pk=u.pk) for k, u in units.items()}


@pytest.fixture
def jobs():
    return Indicator.objects.get(code="DP-VIECLAM")  # a count by sex


@pytest.fixture
def share():
    return Indicator.objects.get(code="CL21-3.2")  # a ratio by sex, × 100


def _counts(tree, jobs):
    # (unit, period) -> (women, men)
    values = {("A1", H1): (10, 5), ("A2", H1): (4, 6), ("SA", H1): (100, 100), ("B1", H1): (7, 3),
              ("B2", H1): (1, 1), ("A1", H2): (20, 10), ("B1", H2): (2, 2), ("A", H2): (50, 0)}
    for (unit, period), (f, m) in values.items():
        do_value_set(actor=None, indicator=jobs, org_unit=tree[unit], period=period, sex="F", value=f)
        do_value_set(actor=None, indicator=jobs, org_unit=tree[unit], period=period, sex="M", value=m)


def test_multi_period_trend_in_one_query(tree, jobs, django_assert_num_queries):
    _counts(tree, jobs)
    units = [tree["nation"], tree["A"], tree["B"]]
    # when three units × two half-years are read
    with django_assert_num_queries(1):
        result = cut(units=units, periods=[H2, H1], indicators=[jobs])
    # then each figure is own values + everything below, by hand
    totals = {(u, p.key): result.figure(tree[u], p, jobs).total for u in ("nation", "A", "B") for p in result.periods}
    assert totals == {
        ("nation", H1): 10 + 5 + 4 + 6 + 200 + 7 + 3 + 1 + 1, ("A", H1): 15 + 10 + 200, ("B", H1): 10 + 2,
        ("nation", H2): 30 + 4 + 50, ("A", H2): 30 + 50, ("B", H2): 4,
    }
    assert [p.key for p, _f in result.series(tree["A"], jobs)] == [H1, H2]
    a_h1 = result.figure(tree["A"], H1, jobs)
    assert (a_h1.female, a_h1.male, a_h1.n) == (114, 111, 6)
    # the same figures as the page's one-period table
    table = unit_table(unit=tree["nation"], period=H1, indicators=[jobs])
    assert table.figure(tree["A"].pk, jobs).total == a_h1.total
    assert table.figure(tree["nation"].pk, jobs).total == result.figure(tree["nation"], H1, jobs).total


def test_wards_only_and_communes_only(tree, jobs):
    _counts(tree, jobs)
    units = [tree["nation"], tree["A"], tree["B"]]
    wards = cut(units=units, periods=[H1, H2], indicators=[jobs], within=WARDS)
    assert {(u, p): wards.figure(tree[u], p, jobs).total for u in ("nation", "A", "B") for p in (H1, H2)} == {
        ("nation", H1): 15 + 10, ("A", H1): 15, ("B", H1): 10,
        ("nation", H2): 30 + 4, ("A", H2): 30, ("B", H2): 4,
    }
    # communes only: the agency's 200 and the province's own 50 do not count
    communes = cut(units=units, periods=[H1, H2], indicators=[jobs], within=COMMUNES)
    assert communes.figure(tree["A"], H1, jobs).total == 15 + 10
    assert communes.figure(tree["nation"], H2, jobs).total == 30 + 4
    # a ward's own values count when it is itself a row of the cut
    own = cut(units=[tree["A1"], tree["A2"]], periods=[H1], indicators=[jobs], within=WARDS)
    assert own.figure(tree["A1"], H1, jobs).total == 15
    assert own.figure(tree["A2"], H1, jobs).is_empty
    # filters by kind: agencies only
    agencies = cut(units=[tree["A"]], periods=[H1], indicators=[jobs], within=UnitFilter(kind="agency"))
    assert agencies.figure(tree["A"], H1, jobs).total == 200
    # and the units of a cut chosen by kind
    assert [u.code for u in cut_units(parent=tree["A"], only=WARDS)] == [tree["A1"].code]
    assert [u.code for u in cut_units(parent=tree["A"], only=COMMUNES)] == [tree["A1"].code, tree["A2"].code]


def test_ratio_indicator_is_summed_numerators_over_summed_denominators(tree, share):
    # given numerators and denominators in two wards and a commune of province A
    cells = {"A1": {"F": (3, 4), "M": (1, 4)}, "A2": {"F": (1, 6), "M": (0, 2)}, "B1": {"F": (9, 10), "M": (5, 10)}}
    for unit, by_sex in cells.items():
        for sex, (num, den) in by_sex.items():
            do_value_set(actor=None, indicator=share, org_unit=tree[unit], period="2024", sex=sex, value=num, den=den)
    result = cut(units=[tree["nation"], tree["A"]], periods=["2024"], indicators=[share])
    a = result.figure(tree["A"], "2024", share)
    # then the rate is Σnum / Σden × 100, never a mean of the units' rates
    assert a.female == pytest.approx((3 + 1) / (4 + 6) * 100)
    assert a.male == pytest.approx(1 / 6 * 100)
    assert a.total == pytest.approx(5 / 16 * 100)
    assert a.gap_pp == pytest.approx(40 - 100 / 6)
    nation = result.figure(tree["nation"], "2024", share)
    assert nation.total == pytest.approx((3 + 1 + 1 + 0 + 9 + 5) / (4 + 4 + 6 + 2 + 10 + 10) * 100)
    wards = cut(units=[tree["nation"]], periods=["2024"], indicators=[share], within=WARDS)
    assert wards.figure(tree["nation"], "2024", share).female == pytest.approx(12 / 14 * 100)
    rows = result.rows()
    assert [(r["unit"], r["indicator"], round(r["total"], 4)) for r in rows] == [
        (tree["nation"].code, "CL21-3.2", round(19 / 36 * 100, 4)), (tree["A"].code, "CL21-3.2", 31.25)]


def test_sexes_and_indicators_are_filtered(tree, jobs, share):
    _counts(tree, jobs)
    result = cut(units=[tree["A"]], periods=[H1], indicators=[jobs, share], sexes=["F"])
    figure = result.figure(tree["A"], H1, jobs)
    assert (figure.female, figure.male, figure.n) == (114, None, 3)
    assert result.figure(tree["A"], H1, share).is_empty


def test_as_is_rebuilds_a_new_ward_from_its_predecessors(tree, jobs):
    _counts(tree, jobs)
    reform = datetime.date(2025, 7, 1)
    old = [tree["A1"], tree["A2"]]
    for unit in old:
        unit.valid_to = datetime.date(2025, 6, 30)
        unit.save()
    new = _child(tree["A"], f"{tree['A'].code}-N", "Phường A mới", kind="administrative", level="commune",
                 level_title="phường", valid_from=reform)
    event = LineageEvent.objects.create(key=f"test:{new.code}", kind="merge", effective=reform)
    for unit in old:
        LineageLink.objects.create(event=event, before=unit, after=new)
    do_value_set(actor=None, indicator=jobs, org_unit=new, period="2026-H1", sex="F", value=8)
    do_value_set(actor=None, indicator=jobs, org_unit=new, period="2026-H1", sex="M", value=2)
    # when the new ward's trend is read "as is"
    result = cut(units=[new], periods=[H1, H2, "2026-H1"], indicators=[jobs], view=View.AS_IS)
    # then 2024 is the sum of the two old units, 2026 its own figure, and the series breaks
    assert [f.total for _p, f in result.series(new, jobs)] == [15 + 10, 30, 10]
    assert [result.sources[(new.pk, p)].source for p in (H1, H2, "2026-H1")] == ["predecessors", "predecessors",
                                                                                  "own"]
    assert [u.pk for u in result.sources[(new.pk, H2)].missing] == [tree["A2"].pk]
    assert result.series_breaks(new) == ["2026-H1"]
    # the same figures as the one-period "as is" table of the unit page
    table = indicator_values_as_is(unit=new, period_key=H1, indicator_ids=[jobs.pk])
    assert table.values[(jobs.pk, "F")][0] + table.values[(jobs.pk, "M")][0] == 25
    # "as was", the new ward had nothing in 2024
    as_was = cut(units=[new], periods=[H1], indicators=[jobs])
    assert as_was.figure(new, H1, jobs).is_empty


def test_ids_stand_for_units_and_as_is_needs_data_periods(tree, jobs):
    _counts(tree, jobs)
    ids = [tree["A"].pk, tree["A1"].pk]
    # a plain "as was" cut reads ids as they are
    by_ids = cut(units=ids, periods=[H1], indicators=[jobs])
    assert by_ids.units == ids
    assert by_ids.figure(tree["A"].pk, H1, jobs).total == 15 + 10 + 200
    assert by_ids.figure(tree["A1"], H1, jobs).total == 15
    # its rows would name the units: it says so rather than failing on an id
    with pytest.raises(TypeError, match=f"the id {tree['A'].pk}"):
        by_ids.rows()
    # `within` resolves the ids: the ward A1 counts its own values, province A only its wards'
    wards = cut(units=ids, periods=[H1], indicators=[jobs], within=WARDS)
    assert [r["unit"] for r in wards.rows()] == [tree["A"].code, tree["A1"].code]
    assert (wards.figure(tree["A"], H1, jobs).total, wards.figure(tree["A1"], H1, jobs).total) == (15, 15)
    # "as is" walks the lineage over each period's data window: a plan period has none
    with pytest.raises(DomainError) as caught:
        cut(units=[tree["A1"].pk], periods=[any_period_parse("2024-plan")], indicators=[jobs], view=View.AS_IS)
    assert caught.value.code == "bad_period"
