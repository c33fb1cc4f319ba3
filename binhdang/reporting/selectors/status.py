"""Completeness and timeliness per period and unit, rolled up the tree (the status page,
the Status JSON), and the obligations the reminders are about."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from binhdang.accounts.types import AnyUser
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind
from binhdang.plans.permissions import obligations as obligations_policy

from ..models import (
    Submission,
)
from ..periods import ReportingPeriod, obligations_q, period_parse

STATUSES = ("missing", "draft", "submitted", "returned", "accepted")


# --- completeness and timeliness -----------------------------------------------------------


def obligation_status(obligation: Obligation) -> tuple[str, datetime.datetime | None]:
    """(status, first submission time) of one obligation; submissions are the truth.

    A unit plan sent through the plans app (fulfilled_by_plan) counts as submitted.
    """
    try:
        submission = obligation.submission
    except Submission.DoesNotExist:
        submission = None
    if submission is None:
        if obligation.fulfilled_by_plan_id and obligation.submitted_at:
            return "submitted", obligation.submitted_at
        return "missing", None
    if submission.status == Submission.Status.DRAFT:
        return ("draft", None) if submission.first_submitted_at is None else ("submitted", submission.first_submitted_at)
    return str(submission.status), submission.first_submitted_at


@dataclass
class StatusRow:
    obligation: Obligation
    status: str
    submitted_at: datetime.datetime | None
    on_time: bool | None
    submission: Submission | None

    @property
    def unit(self) -> OrgUnit:
        return self.obligation.org_unit

    @property
    def days_late(self) -> int | None:
        if self.on_time is not False or self.submitted_at is None:
            return None
        return (timezone.localtime(self.submitted_at).date() - self.obligation.due_date).days


@dataclass
class Totals:
    expected: int = 0
    missing: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    accepted: int = 0
    on_time: int = 0
    late: int = 0

    def add(self, row: StatusRow) -> None:
        self.expected += 1
        setattr(self, row.status, getattr(self, row.status) + 1)
        if row.on_time is True:
            self.on_time += 1
        elif row.on_time is False:
            self.late += 1

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in
                ("expected", "missing", "draft", "submitted", "returned", "accepted", "on_time", "late")}

    @property
    def sent(self) -> int:
        return self.on_time + self.late

    @property
    def percent_sent(self) -> int:
        return round(100 * self.sent / self.expected) if self.expected else 0


@dataclass
class StatusNode:
    unit: OrgUnit
    totals: Totals
    has_children: bool


@dataclass
class StatusReport:
    period: ReportingPeriod
    rows: list[StatusRow]
    totals: Totals
    root: OrgUnit | None = None
    ancestors: list[OrgUnit] = field(default_factory=list)
    children: list[StatusNode] = field(default_factory=list)


def _on_time(obligation: Obligation, submitted_at: datetime.datetime | None) -> bool | None:
    from ..models import due_end_of_day

    if submitted_at is None:
        return None
    return submitted_at <= due_end_of_day(obligation.due_date)


def status_report(*, period_key: str, user: AnyUser | None = None, root: OrgUnit | None = None,
                  status: str | None = None) -> StatusReport:
    """Every obligation of the period (visible to `user`, under `root`) with its status,
    totals, and the totals of each child of `root` (its whole subtree rolled up).

    Raises DomainError for a bad period key.
    """
    period = period_parse(period_key)
    queryset = Obligation.objects.filter(obligations_q(period))
    if user is not None:
        queryset = obligations_policy.filter(user, "view", queryset)
    if root is not None:
        queryset = queryset.filter(org_unit__path__startswith=root.path)
    obligations = (
        queryset.select_related("org_unit", "receiver", "plan")
        .prefetch_related(Prefetch("submission", queryset=Submission.objects.all()))
        .distinct()
        .order_by("due_date", "org_unit__path", "id")
    )
    rows = []
    for obligation in obligations:
        state, submitted_at = obligation_status(obligation)
        submission = _submission_of(obligation)
        rows.append(StatusRow(obligation, state, submitted_at, _on_time(obligation, submitted_at), submission))
    totals = Totals()
    for row in rows:
        totals.add(row)
    report = StatusReport(period=period, rows=rows, totals=totals, root=root)
    if root is not None:
        report.ancestors = list(OrgUnit.objects.get_ancestors(root)) if root.depth > 1 else []
        from binhdang.orgunits.selectors import sort_units

        for child in sort_units(OrgUnit.objects.get_children(root)):
            child_totals = Totals()
            for row in rows:
                if row.unit.path.startswith(child.path):
                    child_totals.add(row)
            if child_totals.expected:
                report.children.append(StatusNode(child, child_totals, child.numchild > 0))
    if status:
        report.rows = [r for r in rows if r.status == status or (status == "late" and r.on_time is False)]
    return report


def _submission_of(obligation: Obligation) -> Submission | None:
    try:
        return obligation.submission
    except Submission.DoesNotExist:
        return None


def obligation_label(obligation: Obligation) -> str:
    if obligation.kind == ObligationKind.ADHOC:
        return obligation.title
    return str(obligation.get_kind_display())


def status_json(*, period_key: str, user: AnyUser | None = None) -> dict[str, Any]:
    """The Status JSON of CONTRACTS §4. Raises DomainError for a bad period key."""
    report = status_report(period_key=period_key, user=user)
    return {
        "period": report.period.key,
        "window": report.period.window,
        "obligations": [
            {
                "unit": row.unit.name,
                "obligation": obligation_label(row.obligation),
                "due": row.obligation.due_date.isoformat(),
                "status": row.status,
                "submitted_at": timezone.localtime(row.submitted_at).isoformat(timespec="seconds")
                if row.submitted_at else None,
                "on_time": row.on_time,
            }
            for row in report.rows
        ],
        "totals": report.totals.as_dict(),
    }


def default_status_root(*, user: AnyUser) -> OrgUnit | None:
    """The top of the user's reach (a coordinator's scope, a viewer's town, a reporter's unit)."""
    from binhdang.core.permissions import Action, is_superuser, policy

    if is_superuser(user):
        return OrgUnit.objects.filter(depth=1).order_by("path").first()
    grants = [g for g in policy.grants(user) if g.action in (Action.VIEW, Action.COORDINATE)]
    if not grants:
        return None
    best = min(grants, key=lambda g: len(g.path))
    return OrgUnit.objects.filter(pk=best.unit_id).first()


def reminder_candidates(*, day: datetime.date) -> list[tuple[Obligation, str, int]]:
    """(obligation, status, days until due) for obligations still waiting on the unit
    (missing, draft or returned) whose due date is within the reminder ladder of `day`."""
    window_start = day - datetime.timedelta(days=60)
    window_end = day + datetime.timedelta(days=7)
    obligations = (
        Obligation.objects.filter(due_date__gte=window_start, due_date__lte=window_end)
        .filter(Q(submission__isnull=True) | Q(submission__status__in=["draft", "returned"]))
        .select_related("org_unit", "receiver", "plan", "submission")
        .order_by("due_date", "org_unit__path", "id")
    )
    result = []
    for obligation in obligations:
        state, _at = obligation_status(obligation)
        if state in ("missing", "draft", "returned"):
            result.append((obligation, state, (obligation.due_date - day).days))
    return result
