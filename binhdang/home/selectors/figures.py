"""Indicators by sex, the drill-down to children and submissions, the trend across the 2025 break."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from binhdang.accounts.types import AnyUser
from binhdang.core import clock
from binhdang.core.periods import Period, period_parse
from binhdang.indicators.models import Indicator, IndicatorAggregate, IndicatorValue
from binhdang.indicators.selectors import (
    Figure,
    TargetStatus,
    indicator_list,
    table_target_statuses,
    unit_table,
)
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import Submission

from .common import (
    SERIES_BREAK,
    SERIES_BREAK_PERIOD,
    _period_order,
    current_cycle_key,
    dashboard_root,
    may_view_unit,
    report_period_keys,
)
from .cycle import (
    Cycle,
    reporting_cycle,
)
from .progress import (
    PlanProgress,
    plan_progress,
)


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
        last = max(last, (clock.today().year, 2 if clock.today().month > 6 else 1))
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
