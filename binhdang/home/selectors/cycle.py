"""The reporting cycle: completeness, the curve of submissions to the deadline, the units most behind."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from binhdang.accounts.types import AnyUser
from binhdang.core import clock
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.selectors import (
    StatusNode,
    StatusSummary,
    Totals,
    status_rows,
    status_summary,
)


@dataclass
class CurvePoint:
    day: datetime.date
    sent: int
    on_time: bool


@dataclass
class Cycle:
    report: StatusSummary
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
    """Completeness of one report period under `root` (the status page's rule and totals, so
    the figures are the same), the cumulative curve of first submissions and the units most
    behind. One narrow query for the whole cycle, one more for the ten rows it lists."""
    report = status_summary(period_key=period_key, user=user, root=root)
    # the most common due date (the earliest of equals), as the status rows' mode was
    deadline = min(report.due_dates, key=lambda d: (-d[1], d[0]))[0] if report.due_dates else None
    days: Counter[datetime.date] = Counter()
    late_days: set[datetime.date] = set()
    for day, on_time, n in report.sent_days:
        days[day] += n
        if not on_time:
            late_days.add(day)
    curve = _daily_curve(days, late_days, deadline, clock.today())
    nodes = [n for n in report.children if n.totals.expected]
    nodes.sort(key=lambda n: (n.totals.sent / n.totals.expected, -n.totals.missing - n.totals.draft, n.unit.path))
    return Cycle(report=report, deadline=deadline, curve=curve,
                 behind=[n for n in nodes if n.totals.sent < n.totals.expected or n.totals.late][:behind],
                 late_rows=status_rows(pks=report.waiting[:10]))


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

