"""Reads of the dashboards ("where do we stand?"): plan progress, the reporting cycle, the
indicators by sex and the drill-down from a unit to its children and to the submission
behind a figure.

Every read the home pages make is here, so that the indicator reads can later be rewired to
the multi-period selector of the analytic layer without touching a view. No function loops
over periods: the trend is one query grouped by period.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.types import AnyUser
from binhdang.core.periods import Period, period_parse
from binhdang.core.permissions import Action, is_superuser, policy
from binhdang.indicators.models import Indicator, IndicatorAggregate, IndicatorValue
from binhdang.indicators.selectors import (
    Figure,
    TargetStatus,
    indicator_list,
    table_target_statuses,
    unit_table,
)
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.assignees import task_units
from binhdang.plans.models import Obligation, ObligationKind, Plan, Task, TaskAssignment, TaskUpdate
from binhdang.plans.periods import period_key_of
from binhdang.plans.progress import AssigneeState, task_overall
from binhdang.plans.selectors import plan_list_visible, task_final_due
from binhdang.reporting.models import Submission
from binhdang.reporting.selectors import (
    StatusNode,
    StatusReport,
    Totals,
    default_status_root,
    status_report,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# The two-tier local government starts on 01/07/2025: data from 2025-H2 on sit on the new
# tree, so a series running across it is broken there (ANCHORS §0.1).
SERIES_BREAK = datetime.date(2025, 7, 1)
SERIES_BREAK_PERIOD = "2025-H2"
REPORT_KINDS = (ObligationKind.REPORT_SEMIANNUAL, ObligationKind.REPORT_ANNUAL)


# --- whose dashboard ------------------------------------------------------------------------


def dashboard_root(*, user: AnyUser) -> OrgUnit | None:
    """The unit a leader's or coordinator's dashboard opens on: the top of a subtree they may
    read (a viewer's town, a coordinator's scope). None for a reporter, who reads one unit."""
    if not is_superuser(user) and not any(g.subtree and g.action == Action.VIEW for g in policy.grants(user)):
        return None
    return default_status_root(user=user)


def may_view_unit(*, user: AnyUser, unit: OrgUnit) -> bool:
    return policy.has(user, Action.VIEW, unit) or policy.has(user, Action.COORDINATE, unit)


# --- the reporting cycle ----------------------------------------------------------------------


def current_cycle_key(*, root: OrgUnit, today: datetime.date) -> str | None:
    """The report period under way at `root`: the one whose deadline comes next, else the
    last one whose deadline passed (one query for each)."""
    base = Obligation.objects.filter(org_unit__path__startswith=root.path, kind__in=REPORT_KINDS)
    nxt = base.filter(due_date__gte=today).order_by("due_date", "id").first()
    if nxt is None:
        nxt = base.order_by("-due_date", "-id").first()
    return period_key_of(nxt) if nxt else None


def report_period_keys(*, root: OrgUnit) -> list[str]:
    """Report periods with obligations under `root`, newest first."""
    pairs = (Obligation.objects.filter(org_unit__path__startswith=root.path, kind__in=REPORT_KINDS)
             .values_list("kind", "due_date__year").distinct())
    keys = {f"{year}-H1" if kind == ObligationKind.REPORT_SEMIANNUAL else str(year) for kind, year in pairs}
    return sorted(keys, key=_period_order, reverse=True)


def _period_order(key: str) -> tuple[int, int]:
    year, _sep, rest = key.partition("-")
    return int(year), {"H1": 1, "H2": 2, "": 3}.get(rest, 0)


@dataclass
class CurvePoint:
    day: datetime.date
    sent: int
    on_time: bool


@dataclass
class Cycle:
    report: StatusReport
    deadline: datetime.date | None
    curve: list[CurvePoint]
    behind: list[StatusNode]
    late_rows: list[Any]

    @property
    def totals(self) -> Totals:
        return self.report.totals

    @property
    def steps(self) -> list[CurvePoint]:
        """The days the count changed, and the deadline (the chart's table)."""
        out, last = [], None
        for point in self.curve:
            if point.sent != last or point.day == self.deadline:
                out.append(point)
            last = point.sent
        return out

    def chart(self) -> dict[str, Any]:
        """The cumulative-submissions curve for the chart script (dates as dd/mm/yyyy)."""
        return {
            "type": "curve",
            "labels": [p.day.strftime("%d/%m/%Y") for p in self.curve],
            "series": [{"label": _("Số báo cáo đã gửi (lũy kế)"), "data": [p.sent for p in self.curve]}],
            "expected": self.report.totals.expected,
            "expectedLabel": _("Số báo cáo phải gửi"),
            "marker": self.deadline.strftime("%d/%m/%Y") if self.deadline else None,
            "markerLabel": _("Hạn gửi"),
            "yTitle": _("Báo cáo"),
        }


def reporting_cycle(*, user: AnyUser, root: OrgUnit, period_key: str, behind: int = 5) -> Cycle:
    """Completeness of one report period under `root` (the rows of the status page, so the
    figures are the same), the cumulative curve of first submissions and the units most behind."""
    report = status_report(period_key=period_key, user=user, root=root)
    deadlines = [row.obligation.due_date for row in report.rows]
    deadline = max(set(deadlines), key=deadlines.count) if deadlines else None
    days: Counter[datetime.date] = Counter()
    late_days: set[datetime.date] = set()
    for row in report.rows:
        if row.submitted_at is not None:
            day = timezone.localtime(row.submitted_at).date()
            days[day] += 1
            if row.on_time is False:
                late_days.add(day)
    curve = _daily_curve(days, late_days, deadline, timezone.localdate())
    nodes = [n for n in report.children if n.totals.expected]
    nodes.sort(key=lambda n: (n.totals.sent / n.totals.expected, -n.totals.missing - n.totals.draft, n.unit.path))
    late_rows = [r for r in report.rows if r.status in ("missing", "draft", "returned") or r.on_time is False]
    late_rows.sort(key=lambda r: (r.status not in ("missing", "draft", "returned"), r.obligation.due_date, r.unit.path))
    return Cycle(report=report, deadline=deadline, curve=curve,
                 behind=[n for n in nodes if n.totals.sent < n.totals.expected or n.totals.late][:behind],
                 late_rows=late_rows[:10])


def _daily_curve(days: Counter[datetime.date], late_days: set[datetime.date], deadline: datetime.date | None,
                 today: datetime.date, *, lead: int = 30, limit: int = 120) -> list[CurvePoint]:
    """One point a day from `lead` days before the deadline (or the first submission, if
    earlier) to the last submission or the deadline, whichever is later (not past today)."""
    anchors = [d for d in (deadline,) if d] + list(days)
    if not anchors:
        return []
    start = min([*days, *(d - datetime.timedelta(days=lead) for d in (deadline,) if d)])
    end = max(anchors)
    if deadline and deadline <= today:
        end = max(end, deadline)
    elif deadline:
        end = max([today, *days]) if days else today
        end = min(end, deadline)
    end = min(end, start + datetime.timedelta(days=limit))
    points, total, day = [], 0, start
    while day <= end:
        total += days.get(day, 0)
        points.append(CurvePoint(day, total, day not in late_days))
        day += datetime.timedelta(days=1)
    return points


# --- plan progress -----------------------------------------------------------------------------

BUCKETS = ("done", "on_track", "late")


def bucket_labels() -> dict[str, str]:
    return {"done": _("Hoàn thành"), "on_track": _("Đúng tiến độ"), "late": _("Chậm, quá hạn")}


@dataclass
class TaskRow:
    task: Task
    bucket: str
    percent: int
    due: datetime.date
    leads: list[str]


@dataclass
class UnitRow:
    unit: OrgUnit
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class PlanProgress:
    plans: list[Plan]
    as_of: datetime.date
    tasks: list[TaskRow]
    units: list[UnitRow]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(BUCKETS, 0)
        for row in self.tasks:
            out[row.bucket] += 1
        return out

    def chart(self) -> dict[str, Any]:
        labels = bucket_labels()
        return {
            "type": "stacked",
            "labels": [u.unit.short_name or u.unit.name for u in self.units],
            "series": [{"label": str(labels[b]), "key": b, "data": [u.counts[b] for u in self.units]}
                       for b in BUCKETS],
            "yTitle": _("Nhiệm vụ"),
        }


LATE_RULE = _("Chậm: đã quá hạn mà chưa hoàn thành, hoặc tiến độ thấp hơn phần thời gian đã trôi qua "
              "(từ ngày ban hành kế hoạch đến hạn) quá 25 điểm %.")


def _bucket(status: str, percent: int, start: datetime.date, due: datetime.date, as_of: datetime.date) -> str:
    """done / on_track / late on `as_of` (LATE_RULE)."""
    if status == Task.Status.DONE:
        return "done"
    if due < as_of:
        return "late"
    span = (due - start).days
    elapsed = 100 * (as_of - start).days / span if span > 0 else 100
    return "late" if percent < elapsed - 25 else "on_track"


def plan_progress(*, user: AnyUser, root: OrgUnit, year: int | None, as_of: datetime.date) -> PlanProgress:
    """The tasks of the plans of `year` issued in or above `root` that the user may read, each
    as done / on track / late on `as_of` (every lead unit's own latest update, the rule of
    `plans.progress`), and the same per lead unit."""
    visible = plan_list_visible(user=user).filter(
        Q(issuer__path__startswith=root.path) | Q(issuer__path__in=_prefixes(root.path)))
    if year is None:
        year = visible.aggregate(y=Max("year"))["y"]
    plans = list(visible.filter(year=year).order_by("date", "pk"))
    tasks: list[TaskRow] = []
    units: dict[int, UnitRow] = {}
    states_of = _assignee_states(plans=plans, until=as_of)
    for task in _plan_task_list(plans):
        if task.status == Task.Status.CANCELLED:
            continue
        states = states_of(task)
        status, percent = task_overall(states)
        if status == Task.Status.CANCELLED:
            continue
        due = task_final_due(task)
        start = task.plan.date
        tasks.append(TaskRow(task, _bucket(status, percent, start, due, as_of), percent, due,
                             [s.unit.short_name or s.unit.name for s in states]))
        for state in states:
            if state.status == Task.Status.CANCELLED:
                continue
            row = units.setdefault(state.unit.pk, UnitRow(state.unit))
            own = 100 if state.status == Task.Status.DONE else state.percent
            row.counts[_bucket(state.status, own, start, due, as_of)] += 1
    unit_rows = sorted(units.values(), key=lambda r: (-r.counts["late"], -r.total, r.unit.path))
    return PlanProgress(plans=plans, as_of=as_of, tasks=tasks, units=unit_rows)


def _plan_task_list(plans: list[Plan]) -> list[Task]:
    """The plans' tasks with their dues and assignments, each pointing at ITS plan object (whose
    group expansion `plans.assignees` caches), in three queries."""
    by_id = {p.pk: p for p in plans}
    tasks = list(Task.objects.filter(plan__in=plans).prefetch_related(
        "dues", Prefetch("assignments", queryset=TaskAssignment.objects.select_related("org_unit").order_by("role", "order", "id")))
        .order_by("plan__date", "order", "id"))
    for task in tasks:
        task.plan = by_id[task.plan_id]
    return tasks


class _EvidenceCount(TypedDict):
    evidence_count: int


def _assignee_states(*, plans: list[Plan], until: datetime.date) -> Callable[[Task], list[AssigneeState]]:
    """`plans.progress.task_assignee_states` for every task of `plans` with ONE query for the
    updates (the latest of each lead unit on `until`); returns a function task -> states."""
    latest: dict[int, dict[int, WithAnnotations[TaskUpdate, _EvidenceCount]]] = defaultdict(dict)
    updates = (TaskUpdate.objects.filter(task__plan__in=plans, org_unit__isnull=False, created_at__date__lte=until)
               .select_related("org_unit").annotate(evidence_count=Count("evidence")).order_by("-created_at", "-id"))
    for update in updates:
        if update.org_unit_id is not None:  # always (the filter above); narrows the type
            latest[update.task_id].setdefault(update.org_unit_id, update)

    def states(task: Task) -> list[AssigneeState]:
        units = list(task_units(task=task, role=TaskAssignment.Role.LEAD))
        # a coordinating unit's update is its own part, not a lead's (as plans.progress reads it)
        others = {u.pk for u in task_units(task=task, role=TaskAssignment.Role.COORDINATING)}
        own = latest.get(task.pk, {})
        for update in own.values():
            if update.org_unit is not None and update.org_unit not in units and update.org_unit.pk not in others:
                units.append(update.org_unit)
        out = []
        for unit in units:
            last = own.get(unit.pk)
            if last is None:
                out.append(AssigneeState(unit, Task.Status.NOT_STARTED, 0, None, 0))
            else:
                out.append(AssigneeState(unit, last.status_after, last.percent, last, last.evidence_count))
        return out

    return states


def _prefixes(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path), step)]


# --- indicators by sex -------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    figure: Figure
    target: TargetStatus | None

    @property
    def progress_width(self) -> int:
        pct = self.target.percent_achieved if self.target else None
        return 0 if pct is None else max(0, min(100, round(pct)))


def latest_data_period(*, unit: OrgUnit, until: str | None = None) -> str | None:
    """The latest period (half-year or year) with figures at or below the unit, not after `until`."""
    keys = set(IndicatorAggregate.objects.filter(org_unit=unit, breakdown="").values_list("period", flat=True).distinct())
    keys |= set(IndicatorValue.objects.filter(org_unit=unit, breakdown="").values_list("period", flat=True).distinct())
    keys = {k for k in keys if _is_data_key(k)}
    if until:
        keys = {k for k in keys if _period_order(k) <= _period_order(until)}
    return max(keys, key=_period_order) if keys else None


def _is_data_key(key: str) -> bool:
    year, _sep, rest = key.partition("-")
    return year.isdigit() and rest in ("", "H1", "H2")


def indicator_overview(*, unit: OrgUnit, period_key: str, only: list[Indicator] | None = None) -> list[IndicatorRow]:
    """Every indicator with a figure at the unit for the period, by sex, with the target that
    applies and its direction-aware progress (the read path of the indicator page)."""
    table = unit_table(unit=unit, period=period_key, indicators=only, with_children=False)
    statuses = table_target_statuses(table)
    rows = []
    for indicator, figure, _children in table.rows():
        if figure.is_empty:
            continue
        rows.append(IndicatorRow(indicator, figure, statuses.get(indicator.pk)))
    return rows


def female_share_chart(rows: list[IndicatorRow], *, limit: int = 12) -> dict[str, Any]:
    shown = [(r, share) for r in rows if (share := r.figure.female_share) is not None][:limit]
    return {
        "type": "share",
        "labels": [r.indicator.code for r, _share in shown],
        "titles": [r.indicator.name for r, _share in shown],
        "series": [{"label": _("Tỷ lệ nữ (%)"), "data": [round(share, 1) for _r, share in shown]}],
        "parity": 50,
        "parityLabel": _("Bình đẳng (50%)"),
        "links": [r.indicator.code for r, _share in shown],
        "yTitle": "%",
    }


# --- drill-down ---------------------------------------------------------------------------------


@dataclass
class ChildFigure:
    unit: OrgUnit
    figure: Figure
    has_children: bool


@dataclass
class Drill:
    unit: OrgUnit
    period: Period
    indicator: Indicator
    figure: Figure
    children: list[ChildFigure]
    submissions: list[Submission]
    ancestors: list[OrgUnit]


def indicator_by_code(code: str | None) -> Indicator | None:
    if not code:
        return None
    return Indicator.objects.filter(code=code).select_related("source").first()


def drill(*, user: AnyUser, unit: OrgUnit, period_key: str, indicator: Indicator) -> Drill:
    """One indicator at one unit and at each child the user may read; the submissions of the
    unit for the period that the figure came from (accepted reports write their figures as
    the unit's values, decision 0161)."""
    table = unit_table(unit=unit, period=period_key, indicators=[indicator], with_children=True)
    children = [
        ChildFigure(child, table.figure(child.pk, indicator), child.numchild > 0)
        for child in table.children if may_view_unit(user=user, unit=child)
    ]
    children = [c for c in children if not c.figure.is_empty]
    ancestors = [a for a in OrgUnit.objects.get_ancestors(unit) if may_view_unit(user=user, unit=a)] if unit.depth > 1 else []
    return Drill(unit=unit, period=table.period, indicator=indicator, figure=table.figure(unit.pk, indicator),
                 children=children, submissions=unit_submissions(unit=unit, period_key=table.period.key),
                 ancestors=ancestors)


def unit_submissions(*, unit: OrgUnit, period_key: str) -> list[Submission]:
    """The unit's own report submissions of the period (accepted first)."""
    from binhdang.plans.periods import obligations_q

    period = period_parse(period_key)
    if period.half == 2:  # a second half-year's figures are reported in the annual report
        period = period_parse(str(period.year))
    return list(Submission.objects.filter(org_unit=unit).filter(obligations_q(period, "obligation"))
                .select_related("obligation", "org_unit").order_by("status", "-accepted_at"))


def children_chart(d: Drill) -> dict[str, Any]:
    by_sex = d.indicator.by_sex
    series = ([{"label": _("Nữ"), "key": "F", "data": [_round(c.figure.female) for c in d.children]},
               {"label": _("Nam"), "key": "M", "data": [_round(c.figure.male) for c in d.children]}]
              if by_sex else [{"label": _("Tổng"), "key": "T", "data": [_round(c.figure.total) for c in d.children]}])
    return {"type": "bars", "labels": [c.unit.short_name or c.unit.name for c in d.children],
            "series": series, "links": [c.unit.pk for c in d.children], "yTitle": d.indicator.unit}


@dataclass
class TrendPoint:
    period: str
    female: float | None
    male: float | None
    total: float | None


def indicator_trend(*, unit: OrgUnit, indicator: Indicator) -> list[TrendPoint]:
    """The indicator at the unit in every half-year and year with data: ONE query grouped by
    period over the unit's own values and its roll-up row."""
    agg, val = IndicatorAggregate._meta.db_table, IndicatorValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT period, "  # noqa: S608
            "SUM(CASE WHEN sex = 'F' THEN num END), SUM(CASE WHEN sex = 'F' THEN den END), "
            "SUM(CASE WHEN sex = 'M' THEN num END), SUM(CASE WHEN sex = 'M' THEN den END), "
            "SUM(CASE WHEN sex = 'T' THEN num END), SUM(CASE WHEN sex = 'T' THEN den END), SUM(n) "
            f"FROM (SELECT period, sex, num, den, n FROM {agg} WHERE org_unit_id = %s AND indicator_id = %s "
            f"      AND breakdown = '' UNION ALL SELECT period, sex, num, den, 1 FROM {val} "
            "      WHERE org_unit_id = %s AND indicator_id = %s AND breakdown = '') cells GROUP BY period",
            [unit.pk, indicator.pk, unit.pk, indicator.pk],
        )
        rows = cursor.fetchall()
    points = []
    for key, f_num, f_den, m_num, m_den, t_num, t_den, n in rows:
        if not _is_data_key(key):
            continue
        figure = Figure(indicator)
        figure.f_num, figure.f_den, figure.m_num, figure.m_den = f_num, f_den or 0.0, m_num, m_den or 0.0
        figure.t_num, figure.t_den, figure.n = t_num, t_den or 0.0, n
        points.append(TrendPoint(key, _round(figure.female), _round(figure.male), _round(figure.total)))
    points.sort(key=lambda p: _period_order(p.period))
    return points


def trend_chart(points: list[TrendPoint], indicator: Indicator) -> dict[str, Any]:
    """Half-years only (a year's figure is not comparable with a half-year's), on a continuous
    axis from the first to the latest, with the 2025 series break marked when it falls inside."""
    halves = [p for p in points if "-H" in p.period]
    if not halves:
        halves = points
    labels: list[str] = []
    if halves and all("-H" in p.period for p in halves):
        first, last = _period_order(halves[0].period), _period_order(halves[-1].period)
        last = max(last, (timezone.localdate().year, 2 if timezone.localdate().month > 6 else 1))
        year, half = first
        while (year, half) <= last:
            labels.append(f"{year}-H{half}")
            year, half = (year, 2) if half == 1 else (year + 1, 1)
    else:
        labels = [p.period for p in halves]
    by_key = {p.period: p for p in halves}
    keys = ["female", "male"] if indicator.by_sex else ["total"]
    names = {"female": _("Nữ"), "male": _("Nam"), "total": _("Tổng")}
    return {
        "type": "trend",
        "labels": labels,
        "series": [{"label": names[k], "key": k[0].upper(),
                    "data": [getattr(by_key[k2], k) if k2 in by_key else None for k2 in labels]} for k in keys],
        "marker": SERIES_BREAK_PERIOD if SERIES_BREAK_PERIOD in labels else None,
        "markerLabel": _("Gián đoạn chuỗi số liệu: chính quyền hai cấp từ 01/07/2025"),
        "yTitle": indicator.unit,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def indicators_with_data(*, unit: OrgUnit, period_key: str) -> list[Indicator]:
    return [r.indicator for r in indicator_overview(unit=unit, period_key=period_key)]


__all__ = [
    "SERIES_BREAK", "Cycle", "Drill", "PlanProgress", "children_chart", "current_cycle_key", "dashboard_root",
    "drill", "female_share_chart", "indicator_by_code", "indicator_list", "indicator_overview",
    "indicator_trend", "latest_data_period", "plan_progress", "report_period_keys", "reporting_cycle",
    "trend_chart",
]
