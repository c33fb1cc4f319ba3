"""A period's totals under a unit and its children, counted by the database (what the
dashboards draw), and the status rows of a few chosen obligations. The same rule per
obligation as the status page (status.py)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from binhdang.accounts.types import AnyUser
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation
from binhdang.plans.permissions import obligations as obligations_policy

from ..models import Submission
from ..periods import ReportingPeriod, obligations_q, period_parse
from .status import (
    StatusNode,
    StatusRow,
    Totals,
    _on_time,
    _sorted_children,
    _submission_of,
    _TotalsRow,
    obligation_status,
)


@dataclass
class StatusSummary:
    """The totals of a period under `root` and of each of its children, without rows: what a
    dashboard draws (status_summary)."""

    period: ReportingPeriod
    totals: Totals
    root: OrgUnit | None
    children: list[StatusNode]
    sent_days: list[tuple[datetime.date, bool, int]]  # (day of first submission in Vietnam, on time, count)
    due_dates: list[tuple[datetime.date, int]]  # (due date, number of obligations)
    waiting: list[int]  # the first 50 obligations still waiting (missing, draft, returned) or
    # sent late: waiting ones first, then by due date and unit path


def status_summary(*, period_key: str, user: AnyUser, root: OrgUnit) -> StatusSummary:
    """status_report's totals and its children's totals, the days of first submission and
    the units still waiting, counted by the database: three GROUP BY queries whose answers are
    as long as the number of children × states × days, whatever the number of obligations. The same rule per obligation as the
    status page (`_status_of_values`; on time = sent by the end of the due date in Vietnam).
    Raises DomainError for a bad period key."""
    import zoneinfo

    from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, F, Value, When
    from django.db.models import Case as SqlCase
    from django.db.models.functions import Substr, TruncDate

    period = period_parse(period_key)
    visible = obligations_policy.filter(user, "view", Obligation.objects.filter(obligations_q(period)))
    visible = visible.filter(org_unit__path__startswith=root.path)
    base = Obligation.objects.filter(pk__in=visible.values("pk")).order_by()
    vietnam = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    no_submission = Q(submission__id__isnull=True)
    by_plan = no_submission & Q(fulfilled_by_plan_id__isnull=False, submitted_at__isnull=False)
    first = SqlCase(When(no_submission & ~by_plan, then=Value(None)), When(by_plan, then=F("submitted_at")),
                    default=F("submission__first_submitted_at"))
    rows = base.annotate(
        state=SqlCase(When(by_plan, then=Value("submitted")), When(no_submission, then=Value("missing")),
                      When(submission__status=Submission.Status.DRAFT, submission__first_submitted_at__isnull=True,
                           then=Value("draft")),
                      When(submission__status=Submission.Status.DRAFT, then=Value("submitted")),
                      default=F("submission__status"), output_field=CharField()),
        first_day=TruncDate(first, tzinfo=vietnam),
    ).annotate(on_time=ExpressionWrapper(Q(first_day__lte=F("due_date")), output_field=BooleanField()))
    prefix = len(root.path) + OrgUnit.steplen
    totals = Totals()
    children = [(child, Totals()) for child in _sorted_children(root)]
    child_totals_by_path = {child.path: child_totals for child, child_totals in children}
    days: dict[tuple[datetime.date, bool], int] = {}
    for child_path, state, sent_day, on_time, n in (
            rows.values_list(Substr("org_unit__path", 1, prefix), "state", "first_day", "on_time")
            .annotate(n=Count("id")).order_by()):
        row = _TotalsRow(str(state), None if sent_day is None else bool(on_time))
        child_totals = child_totals_by_path.get(child_path)
        for _i in range(n):
            totals.add(row)
            if child_totals is not None:
                child_totals.add(row)
        if sent_day is not None:
            days[sent_day, bool(on_time)] = days.get((sent_day, bool(on_time)), 0) + n
    due_dates = list(base.values_list("due_date").annotate(n=Count("id")).order_by())
    waiting = list(rows.filter(Q(state__in=("missing", "draft", "returned")) | Q(on_time=False))
                   .annotate(sent_late=ExpressionWrapper(~Q(state__in=("missing", "draft", "returned")),
                                                         output_field=BooleanField()))
                   .order_by("sent_late", "due_date", "org_unit__path", "id").values_list("id", flat=True)[:50])
    return StatusSummary(period=period, totals=totals, root=root,
                         children=[StatusNode(c, t, c.numchild > 0) for c, t in children if t.expected],
                         sent_days=[(day, on_time, n) for (day, on_time), n in sorted(days.items())],
                         due_dates=[(due, n) for due, n in due_dates], waiting=waiting)


def status_rows(*, pks: list[int]) -> list[StatusRow]:
    """The status rows of the obligations `pks` (already filtered by the caller), in that order."""
    objects = (Obligation.objects.filter(pk__in=pks).select_related("org_unit", "receiver", "plan")
               .prefetch_related(Prefetch("submission", queryset=Submission.objects.all())))
    by_pk = {o.pk: o for o in objects}
    rows = []
    for pk in pks:
        obligation = by_pk[pk]
        state, submitted_at = obligation_status(obligation)
        rows.append(StatusRow(obligation, state, submitted_at, _on_time(obligation, submitted_at),
                              _submission_of(obligation)))
    return rows
