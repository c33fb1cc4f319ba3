"""Figures of a unit for one period: its own values plus its roll-up row (the sums of its
descendants), pivoted by sex; the catalogue lists they are read for; the report-form hook."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from binhdang.orgunits.models import OrgUnit

from ..models import Indicator, Target
from ..periods import Period, period_parse

# --- catalogue ------------------------------------------------------------------------------


def indicator_list(*, synthetic: bool = False, group: str | None = None) -> list[Indicator]:
    qs = Indicator.objects.all()
    qs = qs.filter(group=Indicator.Group.SYNTHETIC) if synthetic else qs.exclude(group=Indicator.Group.SYNTHETIC)
    if group:
        qs = qs.filter(group=group)
    return list(qs.order_by("order", "code"))


def catalogue(*, q: str = "", group: str = "") -> list[Indicator]:
    qs = Indicator.objects.exclude(group=Indicator.Group.SYNTHETIC).select_related("source", "objective")
    if group:
        qs = qs.filter(group=group)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(stat_code__icontains=q))
    indicators = list(qs.prefetch_related("targets").order_by("source__order", "order"))
    return indicators


# --- figures --------------------------------------------------------------------------------


class Figure:
    """Summed numerator/denominator of one indicator at one unit, by sex; the readings
    (value, female share, F/M ratio, gap) are derived, never averaged from percentages."""

    __slots__ = ("f_den", "f_num", "indicator", "m_den", "m_num", "n", "t_den", "t_num")

    def __init__(self, indicator: Indicator):
        self.indicator = indicator
        self.f_num: float | None = None
        self.m_num: float | None = None
        self.t_num: float | None = None
        self.f_den = self.m_den = self.t_den = 0.0
        self.n = 0

    def add(self, sex: str, num: float, den: float | None, n: int) -> None:
        if sex == "F":
            self.f_num = num if self.f_num is None else self.f_num + num
            self.f_den += den or 0.0
        elif sex == "M":
            self.m_num = num if self.m_num is None else self.m_num + num
            self.m_den += den or 0.0
        else:
            self.t_num = num if self.t_num is None else self.t_num + num
            self.t_den += den or 0.0
        self.n += n

    @property
    def num(self) -> dict[str, float | None]:
        return {"F": self.f_num, "M": self.m_num, "T": self.t_num}

    @property
    def den(self) -> dict[str, float]:
        return {"F": self.f_den, "M": self.m_den, "T": self.t_den}

    @property
    def is_empty(self) -> bool:
        return self.n == 0

    def _value(self, num: float | None, den: float | None) -> float | None:
        return self.indicator.display(num, den)

    @property
    def female(self) -> float | None:
        return self._value(self.f_num, self.f_den)

    @property
    def male(self) -> float | None:
        return self._value(self.m_num, self.m_den)

    @property
    def total_num(self) -> float | None:
        if not self.indicator.by_sex:
            return self.t_num
        if self.f_num is None and self.m_num is None:
            return None
        return (self.f_num or 0.0) + (self.m_num or 0.0)

    @property
    def total_den(self) -> float:
        return self.t_den if not self.indicator.by_sex else self.f_den + self.m_den

    @property
    def total(self) -> float | None:
        return self._value(self.total_num, self.total_den)

    # Gender-gap readings. For counts they compare the counts; for ratios and averages they
    # compare each sex's own rate (the gap is then in percentage points of the rate).
    @property
    def female_share(self) -> float | None:
        """Women as % of the total (counts: of the people; ratios: of the numerator)."""
        f, m = self.f_num, self.m_num
        if not self.indicator.by_sex or f is None or m is None or (f + m) == 0:
            return None
        return f / (f + m) * 100

    @property
    def fm_ratio(self) -> float | None:
        f, m = self.female, self.male
        if f is None or not m:
            return None
        return f / m

    @property
    def gap_pp(self) -> float | None:
        """Percentage points: rate(F) − rate(M) for ratios, share(F) − share(M) for counts."""
        if not self.indicator.by_sex:
            return None
        if self.indicator.kind == Indicator.Kind.RATIO and self.indicator.unit.strip() == "%":
            f, m = self.female, self.male
            return None if f is None or m is None else f - m
        share = self.female_share
        return None if share is None else share - (100 - share)

    def measure(self, measure: str) -> float | None:
        if measure == Target.Measure.FEMALE_SHARE:
            return self.female_share
        if measure == Target.Measure.FEMALE_VALUE:
            return self.female
        return self.total


def unit_sums(unit_ids: list[int], period: str, indicators: dict[int, Indicator]) -> dict[tuple[int, int], Figure]:
    """{(unit id, indicator id): Figure} = own values + the roll-up row, for many units and
    one period: the cut selector (one query) keyed for a single period."""
    from .cuts import cut

    if not unit_ids:
        return {}
    result = cut(units=unit_ids, periods=[period], indicators=indicators.values())
    return {(unit_id, indicator_id): figure for (unit_id, _p, indicator_id), figure in result.cells.items()}


@dataclass
class IndicatorTable:
    unit: OrgUnit
    period: Period
    indicators: list[Indicator]
    children: list[OrgUnit]
    figures: dict[tuple[int, int], Figure]
    # "as is" only: unit id -> where its figures come from (a cut's Source)
    sources: dict[int, Any] = field(default_factory=dict)
    view: str = "as_was"

    def figure(self, unit_id: int, indicator: Indicator) -> Figure:
        return self.figures.get((unit_id, indicator.pk)) or Figure(indicator)

    def rows(self) -> Iterator[tuple[Indicator, Figure, list[Figure]]]:
        """(indicator, the unit's figure, [each child's figure]) for templates."""
        for indicator in self.indicators:
            yield indicator, self.figure(self.unit.pk, indicator), [
                self.figure(child.pk, indicator) for child in self.children
            ]


def unit_children(unit: OrgUnit) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .only("id", "code", "gso_code", "name", "short_name", "path", "depth", "numchild", "kind", "level",
              "level_title", "valid_from", "valid_to")
        .order_by("path")
    )


def unit_table(
    *, unit: OrgUnit, period: str, indicators: list[Indicator] | None = None, with_children: bool = True,
    synthetic: bool = False,
) -> IndicatorTable:
    """Every indicator for the unit and (optionally) each direct child, one period.

    The page, the reports and `binhdang bench aggregate` all read through this.
    """
    the_period = period_parse(period)
    if indicators is None:
        indicators = indicator_list(synthetic=synthetic)
    children = unit_children(unit) if with_children else []
    by_id = {i.pk: i for i in indicators}
    figures = unit_sums([unit.pk, *[c.pk for c in children]], the_period.key, by_id)
    return IndicatorTable(unit=unit, period=the_period, indicators=indicators, children=children, figures=figures)


def unit_table_as_is(*, unit: OrgUnit, period: str, indicators: list[Indicator] | None = None) -> IndicatorTable:
    """The unit's table for a period on today's units ("as is"): the unit and each of its
    children still in force, each rebuilt from the units of the period that went into it
    (one cut). `sources` says, for each, from which units and with which shares."""
    from .cuts import View, cut

    the_period = period_parse(period)
    if indicators is None:
        indicators = indicator_list()
    children = [c for c in unit_children(unit) if c.valid_to is None]
    result = cut(units=[unit, *children], periods=[the_period], indicators=indicators, view=View.AS_IS)
    figures = {(unit_id, indicator_id): figure for (unit_id, _p, indicator_id), figure in result.cells.items()}
    sources = {unit_id: source for (unit_id, _p), source in result.sources.items()}
    # A child created after the period (the ward's new offices) has nothing to show "as is".
    children = [c for c in children if sources.get(c.pk) and sources[c.pk].contributors]
    return IndicatorTable(unit=unit, period=the_period, indicators=indicators, children=children, figures=figures,
                          sources=sources, view="as_is")


# --- the hook for report forms --------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    unit: str
    female: float | None
    male: float | None
    total: float | None


def report_indicator_rows(org_unit: OrgUnit, period_key: str, *, group: str | None = None,
                          only_with_data: bool = True) -> list[Row]:
    """The unit's indicator figures for a period (its own values plus everything below it),
    shaped for an "indicator_table" report section."""
    indicators = indicator_list(group=group)
    table = unit_table(unit=org_unit, period=period_key, indicators=indicators, with_children=False)
    rows = []
    for indicator in indicators:
        figure = table.figure(org_unit.pk, indicator)
        if only_with_data and figure.is_empty:
            continue
        rows.append(Row(indicator.code, indicator.name, indicator.unit, figure.female, figure.male, figure.total))
    return rows
