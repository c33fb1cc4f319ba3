"""Reads for indicators: unit tables with children breakdown, targets status, gender gaps,
outliers, activity summaries and budget reports. A unit's figure is its own values plus its
roll-up row (the sums of its descendants): no scan of the subtree at read time."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Task

from .models import (
    Activity,
    BudgetCategory,
    BudgetEstimateDue,
    BudgetLine,
    Indicator,
    IndicatorValue,
    Target,
)
from .periods import Period, period_parse
from .rollups import AGG, VAL
from .validation import OUTLIER_Z, modified_z

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
        self.f_num = self.m_num = self.t_num = None
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

    def _value(self, num, den):
        return self.indicator.display(num, den)

    @property
    def female(self):
        return self._value(self.f_num, self.f_den)

    @property
    def male(self):
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
    def total(self):
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

    def measure(self, measure: str):
        if measure == Target.Measure.FEMALE_SHARE:
            return self.female_share
        if measure == Target.Measure.FEMALE_VALUE:
            return self.female
        return self.total


def unit_sums(unit_ids: list[int], period: str, indicators: dict[int, Indicator]) -> dict[tuple[int, int], Figure]:
    """{(unit id, indicator id): Figure} = own values + the roll-up row, for many units.

    Two indexed queries whatever the subtree size: this is the whole read path.
    """
    figures: dict[tuple[int, int], Figure] = {}
    if not unit_ids:
        return figures
    marks = ", ".join(["%s"] * len(unit_ids))
    with connection.cursor() as cursor:
        # Pivot the sexes in SQL: one row per (unit, indicator) reaches Python.
        cursor.execute(
            "SELECT org_unit_id, indicator_id, "  # noqa: S608
            "SUM(CASE WHEN sex = 'F' THEN num END), SUM(CASE WHEN sex = 'F' THEN den END), "
            "SUM(CASE WHEN sex = 'M' THEN num END), SUM(CASE WHEN sex = 'M' THEN den END), "
            "SUM(CASE WHEN sex = 'T' THEN num END), SUM(CASE WHEN sex = 'T' THEN den END), SUM(n) "
            f"FROM (SELECT org_unit_id, indicator_id, sex, num, den, n FROM {AGG} "
            f"      WHERE org_unit_id IN ({marks}) AND period = %s AND breakdown = '' "
            f"      UNION ALL SELECT org_unit_id, indicator_id, sex, num, den, 1 FROM {VAL} "
            f"      WHERE org_unit_id IN ({marks}) AND period = %s AND breakdown = '') cells "
            "GROUP BY org_unit_id, indicator_id",
            [*unit_ids, period, *unit_ids, period],
        )
        rows = cursor.fetchall()
    new = Figure.__new__
    for unit_id, indicator_id, f_num, f_den, m_num, m_den, t_num, t_den, n in rows:
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        figure = new(Figure)
        figure.indicator = indicator
        figure.f_num, figure.f_den = f_num, f_den or 0.0
        figure.m_num, figure.m_den = m_num, m_den or 0.0
        figure.t_num, figure.t_den = t_num, t_den or 0.0
        figure.n = n
        figures[(unit_id, indicator_id)] = figure
    return figures


@dataclass
class IndicatorTable:
    unit: OrgUnit
    period: Period
    indicators: list[Indicator]
    children: list[OrgUnit]
    figures: dict[tuple[int, int], Figure]

    def figure(self, unit_id: int, indicator: Indicator) -> Figure:
        return self.figures.get((unit_id, indicator.pk)) or Figure(indicator)

    def rows(self):
        """(indicator, the unit's figure, [each child's figure]) for templates."""
        for indicator in self.indicators:
            yield indicator, self.figure(self.unit.pk, indicator), [
                self.figure(child.pk, indicator) for child in self.children
            ]


def unit_children(unit: OrgUnit) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .only("id", "code", "name", "short_name", "path", "depth", "numchild", "kind", "level")
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


# --- targets --------------------------------------------------------------------------------


@dataclass
class TargetStatus:
    target: Target
    actual: float | None
    percent_achieved: float | None
    status: str  # achieved | on_track | at_risk | off_track | no_data

    LABELS = {
        "achieved": _("Đạt"), "on_track": _("Đúng tiến độ"), "at_risk": _("Có nguy cơ không đạt"),
        "off_track": _("Chậm tiến độ"), "no_data": _("Chưa có số liệu"),
    }

    @property
    def label(self) -> str:
        return str(self.LABELS[self.status])


def percent_achieved(*, actual: float, target: float, direction: str, baseline: float | None = None) -> float | None:
    """Direction-aware progress towards a target, in %.

    With a baseline: the share of the distance baseline → target covered, for either
    direction. Without: actual/target when higher is better, target/actual when lower is.
    """
    if baseline is not None and baseline != target:
        return (actual - baseline) / (target - baseline) * 100
    if direction == Indicator.Direction.LOWER:
        return None if actual == 0 else target / actual * 100
    return None if target == 0 else actual / target * 100


def target_evaluate(target: Target, actual: float | None, *, year: int) -> TargetStatus:
    """Status for a target given the actual value seen in `year`.

    Achieved when the comparator holds (~ allows 5%). Otherwise the expected progress is
    the elapsed share of baseline year → target year (100% when there is no baseline or the
    year is reached): on track when progress ≥ expected, at risk when ≥ 75% of it.
    """
    if actual is None:
        return TargetStatus(target, None, None, "no_data")
    direction = target.indicator.direction
    if target.comparator == Target.Comparator.AT_MOST:
        direction = Indicator.Direction.LOWER
    elif target.comparator == Target.Comparator.AT_LEAST:
        direction = Indicator.Direction.HIGHER
    pct = percent_achieved(actual=actual, target=target.value, direction=direction, baseline=target.baseline_value)
    if target.comparator == Target.Comparator.AT_LEAST:
        met = actual >= target.value
    elif target.comparator == Target.Comparator.AT_MOST:
        met = actual <= target.value
    else:
        met = abs(actual - target.value) <= abs(target.value) * 0.05
    if met:
        return TargetStatus(target, actual, pct, "achieved")
    expected = 100.0
    if target.baseline_year and target.baseline_year < year < target.year:
        expected = (year - target.baseline_year) / (target.year - target.baseline_year) * 100
    if pct is None:
        return TargetStatus(target, actual, None, "off_track")
    if pct >= expected:
        status = "on_track"
    elif pct >= 0.75 * expected:
        status = "at_risk"
    else:
        status = "off_track"
    return TargetStatus(target, actual, pct, status)


_LEVEL_SCOPE = {"country": "national", "province": "province", "district": "district", "commune": "commune"}


def targets_for(unit: OrgUnit, year: int, indicator_ids: list[int]) -> dict[int, Target]:
    """The target that applies to each indicator at this unit: the unit's own, else its
    level's, else the national one; the nearest target year at or after `year`."""
    scope = _LEVEL_SCOPE.get(unit.level, "national")
    candidates = Target.objects.filter(indicator_id__in=indicator_ids).filter(
        Q(scope=Target.Scope.UNIT, org_unit=unit) | Q(scope=scope) | Q(scope=Target.Scope.NATIONAL)
    ).select_related("indicator")
    rank = {Target.Scope.UNIT: 0, scope: 1, Target.Scope.NATIONAL: 2}
    best: dict[int, Target] = {}
    for target in candidates:
        if target.year < year:
            continue
        current = best.get(target.indicator_id)
        key = (rank.get(target.scope, 3), target.year)
        if current is None or key < (rank.get(current.scope, 3), current.year):
            best[target.indicator_id] = target
    return best


def table_target_statuses(table: IndicatorTable) -> dict[int, TargetStatus]:
    targets = targets_for(table.unit, table.period.year, [i.pk for i in table.indicators])
    out = {}
    for indicator_id, target in targets.items():
        figure = table.figures.get((table.unit.pk, indicator_id))
        actual = figure.measure(target.measure) if figure else None
        out[indicator_id] = target_evaluate(target, actual, year=table.period.year)
    return out


# --- entry grid -----------------------------------------------------------------------------


@dataclass
class GridCell:
    sex: str
    value: float | None = None  # as typed: count, average, or a ratio's numerator
    den: float | None = None
    version: int | None = None
    outlier_z: float | None = None
    typed_value: str | None = None  # what the user typed, re-shown after a refused save
    typed_den: str | None = None
    bad: bool = False
    den_bad: bool = False


@dataclass
class GridRow:
    indicator: Indicator
    cells: dict[str, GridCell] = field(default_factory=dict)

    @property
    def total(self) -> float | None:
        values = [c.value for c in self.cells.values() if c.value is not None]
        if self.indicator.kind != Indicator.Kind.COUNT or not values:
            return None
        return sum(values)


def entry_grid(*, unit: OrgUnit, period: str, group: str | None = None) -> list[GridRow]:
    """The unit's own values as typed, with optimistic-lock versions and outlier flags."""
    the_period = period_parse(period)
    indicators = indicator_list(group=group)
    if group is None:
        indicators = [i for i in indicators if i.group != Indicator.Group.LEADERSHIP]
    rows = {i.pk: GridRow(i, {s: GridCell(s) for s in i.sexes}) for i in indicators}
    for value in IndicatorValue.objects.filter(org_unit=unit, period=the_period.key, breakdown="",
                                               indicator_id__in=rows):
        row = rows[value.indicator_id]
        cell = row.cells.get(value.sex)
        if cell is None:
            continue
        cell.version = value.version
        if row.indicator.kind == Indicator.Kind.AVERAGE and value.den:
            cell.value, cell.den = value.num / value.den, value.den
        else:
            cell.value, cell.den = value.num, value.den
    for (indicator_id, sex), z in outliers(unit=unit, period=the_period, indicator_ids=list(rows)).items():
        rows[indicator_id].cells[sex].outlier_z = z
    return list(rows.values())


def outliers(*, unit: OrgUnit, period: Period, indicator_ids: list[int], history: int = 6) -> dict[tuple[int, str], float]:
    """{(indicator id, sex): modified z} for the unit's values far from its earlier periods
    of the same kind (|z| > 3.5). Flags only; nothing is refused."""
    earlier = [p.key for p in period.earlier(history)]
    series: dict[tuple[int, str], list[float]] = defaultdict(list)
    current: dict[tuple[int, str], float] = {}
    for indicator_id, sex, p, num, den, kind in IndicatorValue.objects.filter(
        org_unit=unit, period__in=[*earlier, period.key], indicator_id__in=indicator_ids, breakdown=""
    ).values_list("indicator_id", "sex", "period", "num", "den", "indicator__kind"):
        value = num / den if kind != Indicator.Kind.COUNT and den else num
        if p == period.key:
            current[(indicator_id, sex)] = value
        else:
            series[(indicator_id, sex)].append(value)
    out = {}
    for key, value in current.items():
        z = modified_z(value, series.get(key, []))
        if z is not None and abs(z) > OUTLIER_Z:
            out[key] = z
    return out


# --- visibility -----------------------------------------------------------------------------


def units_visible(*, user, action: Action = Action.VIEW) -> QuerySet[OrgUnit]:
    return policy.filter(user, action, OrgUnit.objects.all(), field="").order_by("path")


def activity_task_choices(*, user: Any) -> QuerySet[Task]:
    """Tasks an activity may be logged against: those of the plans the user may read (issued
    at or above the units the user works in)."""
    from binhdang.plans.permissions import plans

    return (Task.objects.filter(plan__in=plans.filter(user, "view")).select_related("plan")
            .order_by("plan__year", "plan__number", "order"))


def latest_period(unit: OrgUnit) -> str | None:
    """The latest half-year with data at or below the unit."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(period) FROM (SELECT period FROM {AGG} WHERE org_unit_id = %s AND period LIKE %s "  # noqa: S608
            f"UNION ALL SELECT period FROM {VAL} WHERE org_unit_id = %s AND period LIKE %s) p",
            [unit.pk, "%-H%", unit.pk, "%-H%"],
        )
        return cursor.fetchone()[0]


def home_unit(*, user) -> OrgUnit | None:
    """The highest unit the user may view (their scope root or own unit)."""
    return units_visible(user=user).order_by("depth", "path").first()


# --- activities -----------------------------------------------------------------------------


def activity_list_visible(*, user, unit: OrgUnit | None = None, period: str | None = None,
                          kind: str = "") -> QuerySet[Activity]:
    qs = policy.filter(user, Action.VIEW, Activity.objects.select_related("org_unit", "task", "task__plan"))
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if period:
        p = period_parse(period)
        qs = qs.filter(date__gte=p.start, date__lte=p.end)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-date", "-id")


def activity_get_visible(*, user, pk: int) -> Activity:
    """Raises Activity.DoesNotExist when missing or out of the user's view."""
    activity = Activity.objects.select_related("org_unit", "task").get(pk=pk)
    if not policy.has(user, Action.VIEW, activity.org_unit):
        raise Activity.DoesNotExist
    return activity


@dataclass
class ActivityKindSummary:
    kind: str
    label: str
    count: int
    female: int
    male: int
    women_cadres: int
    audience: int
    cost: Decimal

    @property
    def total(self) -> int:
        return self.female + self.male


def activity_summary(org_unit: OrgUnit, period_key: str) -> list[ActivityKindSummary]:
    """Activities of the unit and everything below it in the period, per kind (for reports)."""
    p = period_parse(period_key)
    rows = (
        Activity.objects.filter(org_unit__path__startswith=org_unit.path, date__gte=p.start, date__lte=p.end)
        .values("kind")
        .annotate(count=Count("id"), female=Sum("participants_female"), male=Sum("participants_male"),
                  cadres=Sum("women_cadres"), audience=Sum("audience_reached"), cost=Sum("cost"))
    )
    labels = dict(Activity.Kind.choices)
    by_kind = {r["kind"]: r for r in rows}
    return [
        ActivityKindSummary(kind, str(labels[kind]), r["count"], r["female"] or 0, r["male"] or 0,
                            r["cadres"] or 0, r["audience"] or 0, r["cost"] or Decimal(0))
        for kind in labels if (r := by_kind.get(kind))
    ]


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


# --- budget ---------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    category: BudgetCategory
    planned: Decimal
    executed: Decimal

    @property
    def rate(self) -> float | None:
        return None if not self.planned else float(self.executed / self.planned * 100)


def budget_report(*, unit: OrgUnit, year: int, subtree: bool = False) -> list[BudgetRow]:
    """Planned (estimate) vs executed (spending) per TT 191/2009 category."""
    qs = BudgetLine.objects.filter(year=year)
    qs = qs.filter(org_unit__path__startswith=unit.path) if subtree else qs.filter(org_unit=unit)
    sums = defaultdict(lambda: {"estimate": Decimal(0), "spending": Decimal(0)})
    for row in qs.values("category_id", "kind").annotate(total=Sum("amount")):
        sums[row["category_id"]][row["kind"]] = row["total"] or Decimal(0)
    return [BudgetRow(c, sums[c.pk]["estimate"], sums[c.pk]["spending"]) for c in BudgetCategory.objects.order_by("order")]


def budget_lines(*, unit: OrgUnit, year: int) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(org_unit=unit, year=year).select_related("category", "activity", "task")


@dataclass
class DueStatus:
    due: BudgetEstimateDue
    state: str  # submitted_on_time | submitted_late | overdue | upcoming

    LABELS = {"submitted_on_time": _("Đã gửi đúng hạn"), "submitted_late": _("Đã gửi muộn"),
              "overdue": _("Quá hạn, chưa gửi"), "upcoming": _("Chưa đến hạn")}

    @property
    def label(self) -> str:
        return str(self.LABELS[self.state])


def budget_dues(*, unit: OrgUnit, today: datetime.date) -> list[DueStatus]:
    """The estimate duties (20/7 of the previous year) of committees in the unit's subtree."""
    out = []
    for due in BudgetEstimateDue.objects.filter(org_unit__path__startswith=unit.path).select_related("org_unit"):
        if due.submitted_at:
            state = "submitted_on_time" if timezone.localtime(due.submitted_at).date() <= due.due_date else "submitted_late"
        else:
            state = "overdue" if today > due.due_date else "upcoming"
        out.append(DueStatus(due, state))
    return out
