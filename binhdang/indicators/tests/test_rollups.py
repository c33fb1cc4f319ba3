"""Roll-ups: incremental ancestor rows equal brute-force sums and a full rebuild."""

import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binhdang.indicators.models import Indicator, IndicatorAggregate, IndicatorKindAggregate
from binhdang.indicators.rollups import rollup_rebuild
from binhdang.indicators.selectors import unit_sums
from binhdang.indicators.services import do_value_set
from binhdang.orgunits.models import OrgUnit

PERIOD = "2017-H1"
_serial = itertools.count()


def _tree(parent_picks: list[int]) -> list[OrgUnit]:
    tag = f"HYP{next(_serial)}"
    root = OrgUnit.objects.add_root(create_kwargs={"code": tag, "name": tag, "kind": "administrative",
                                                   "level": "country"})
    nodes = [root]
    for k, pick in enumerate(parent_picks):
        parent = OrgUnit.objects.get(pk=nodes[pick % len(nodes)].pk)
        nodes.append(OrgUnit.objects.add_child(parent, create_kwargs={
            "code": f"{tag}-{k}", "name": f"{tag}-{k}", "kind": "administrative", "level": "commune",
            "level_title": "phường" if k % 2 else "xã"}))
    return [OrgUnit.objects.get(pk=n.pk) for n in nodes]


def _indicators() -> tuple[Indicator, Indicator]:
    return Indicator.objects.get(code="DP-VIECLAM"), Indicator.objects.get(code="CL21-3.2")


def _snapshot(root: OrgUnit) -> dict:
    return {
        (a.org_unit_id, a.period, a.indicator_id, a.sex): (a.num, a.den, a.n)
        for a in IndicatorAggregate.objects.filter(org_unit__path__startswith=root.path)
    }


def _kind_snapshot(root: OrgUnit) -> dict:
    return {
        (a.org_unit_id, a.period, a.indicator_id, a.sex, a.unit_kind, a.unit_level, a.unit_title): (a.num, a.den, a.n)
        for a in IndicatorKindAggregate.objects.filter(org_unit__path__startswith=root.path)
    }


cells = st.lists(
    st.tuples(st.integers(0, 50), st.booleans(), st.sampled_from(["F", "M"]), st.integers(0, 1000),
              st.integers(0, 1000)),
    max_size=20,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parent_picks=st.lists(st.integers(0, 50), min_size=1, max_size=8), writes=cells)
def test_rollup_of_random_tree_equals_brute_force_sum(parent_picks, writes):
    with transaction.atomic():
        # given a random tree and random values written through the service
        count, ratio = _indicators()
        nodes = _tree(parent_picks)
        stored = {}
        for pick, use_ratio, sex, a, b in writes:
            unit = nodes[pick % len(nodes)]
            indicator = ratio if use_ratio else count
            num, den = (min(a, b), max(a, b) + 1) if use_ratio else (a, None)
            do_value_set(actor=None, indicator=indicator, org_unit=unit, period=PERIOD, sex=sex, value=num, den=den)
            stored[(unit.pk, indicator.pk, sex)] = (num, den or 0)
        # when every unit's figures are read
        figures = unit_sums([n.pk for n in nodes], PERIOD, {count.pk: count, ratio.pk: ratio})
        # then each equals the brute-force sum over its subtree, and ratios are Σnum/Σden
        for node in nodes:
            inside = [n.pk for n in nodes if n.path.startswith(node.path)]
            for indicator in (count, ratio):
                num = {s: sum(v[0] for (u, i, sx), v in stored.items() if u in inside and i == indicator.pk and sx == s)
                       for s in "FM"}
                den = {s: sum(v[1] for (u, i, sx), v in stored.items() if u in inside and i == indicator.pk and sx == s)
                       for s in "FM"}
                has = any(u in inside and i == indicator.pk for (u, i, _sx) in stored)
                figure = figures.get((node.pk, indicator.pk))
                if not has:
                    assert figure is None
                    continue
                assert (figure.f_num or 0, figure.m_num or 0) == (num["F"], num["M"])
                if indicator == ratio:
                    assert (figure.f_den, figure.m_den) == (den["F"], den["M"])
                    assert figure.total == pytest.approx((num["F"] + num["M"]) / (den["F"] + den["M"]) * 100)
                else:
                    assert figure.total == num["F"] + num["M"]
        transaction.set_rollback(True)


ops = st.lists(
    st.tuples(st.integers(0, 50), st.booleans(), st.sampled_from(["F", "M"]),
              st.one_of(st.none(), st.integers(0, 500))),
    min_size=1, max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parent_picks=st.lists(st.integers(0, 50), min_size=1, max_size=7), operations=ops)
def test_incremental_rollup_stays_equal_to_full_rebuild_after_updates_and_deletes(parent_picks, operations):
    with transaction.atomic():
        # given random creates, updates and deletes (None) through the service
        count, ratio = _indicators()
        nodes = _tree(parent_picks)
        for pick, use_ratio, sex, value in operations:
            indicator = ratio if use_ratio else count
            den = None if value is None or not use_ratio else value + 3
            do_value_set(actor=None, indicator=indicator, org_unit=nodes[pick % len(nodes)], period=PERIOD, sex=sex,
                      value=value, den=den)
        incremental, by_kind = _snapshot(nodes[0]), _kind_snapshot(nodes[0])
        # when the roll-ups are rebuilt from the raw values
        rollup_rebuild(root=nodes[0])
        # then nothing differs (also split by unit kind), and no empty rows were left behind
        assert _snapshot(nodes[0]) == incremental
        assert _kind_snapshot(nodes[0]) == by_kind
        assert all(n > 0 for (_num, _den, n) in [*incremental.values(), *by_kind.values()])
        # and the rows split by kind add up to the plain ones
        summed: dict = {}
        for (unit, period, indicator, sex, *_bucket), (num, den, n) in by_kind.items():
            acc = summed.setdefault((unit, period, indicator, sex), [0, 0, 0])
            acc[0] += num
            acc[1] += den
            acc[2] += n
        assert {k: tuple(v) for k, v in summed.items()} == incremental
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_commune_value_reaches_town_and_province_immediately(demo_tree):
    # given a ward of Bỉm Sơn
    indicator = Indicator.objects.get(code="DP-VIECLAM")
    ward, town, province = demo_tree["TH-BS-BADINH"], demo_tree["TH-BS"], demo_tree["TH"]
    # when the ward saves 12 women and 9 men
    do_value_set(actor=None, indicator=indicator, org_unit=ward, period=PERIOD, sex="F", value=12)
    do_value_set(actor=None, indicator=indicator, org_unit=ward, period=PERIOD, sex="M", value=9)
    # then the town's and the province's totals include them, each one lookup away
    figures = unit_sums([town.pk, province.pk], PERIOD, {indicator.pk: indicator})
    assert (figures[(town.pk, indicator.pk)].total, figures[(province.pk, indicator.pk)].total) == (21, 21)
    assert figures[(town.pk, indicator.pk)].female_share == pytest.approx(100 * 12 / 21)
    assert IndicatorAggregate.objects.filter(indicator=indicator, period=PERIOD).count() == 4
