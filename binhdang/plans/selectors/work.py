"""Obligations a user may see, and "Việc của tôi": what is due, overdue, done."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from binhdang.accounts.types import AnyUser
from binhdang.orgunits.models import OrgUnit

from ..assignees import (  # noqa: F401  (re-exported: callers read them here)
    GROUP_KINDS,
    assignment_units,
    group_from_label,
    group_units,
    task_units,
)
from ..models import (
    Obligation,
    Task,
)
from ..permissions import obligations as obligations_policy
from .plans import _decorate, plan_list_visible
from .tasks import task_list_for_units

# --- obligations --------------------------------------------------------------------------


def period_filter(period: str) -> Q:
    """The obligations of a period key (the one grammar of `binhdang.core.periods`)."""
    from ..periods import obligations_q, period_parse

    return obligations_q(period_parse(period))


def obligation_list_visible(
    *, user: AnyUser, unit: OrgUnit | None = None, period: str | None = None
) -> QuerySet[Obligation]:
    """Obligations the user may see (`permissions.obligations`, the one rule)."""
    queryset = obligations_policy.filter(user, "view")
    if unit is not None:
        queryset = queryset.filter(org_unit=unit)
    if period:
        queryset = queryset.filter(period_filter(period))
    return queryset.select_related("plan", "org_unit", "receiver").distinct().order_by(
        "due_date", "org_unit__path", "id"
    )


# --- "Việc của tôi" -----------------------------------------------------------------------


@dataclass
class MyWork:
    units: list
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    later: list = field(default_factory=list)
    done: list = field(default_factory=list)
    obligations_overdue: list = field(default_factory=list)
    obligations_due_soon: list = field(default_factory=list)
    obligations_later: list = field(default_factory=list)
    obligations_done: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            [self.overdue, self.due_soon, self.later, self.done, self.obligations_overdue,
             self.obligations_due_soon, self.obligations_later, self.obligations_done]
        )


def user_units(*, user: AnyUser) -> list[OrgUnit]:
    if not user.is_authenticated:
        return []
    from binhdang.accounts.models import Membership

    units = []
    for m in Membership.objects.filter(user=user).select_related("org_unit").order_by("org_unit__path"):
        if m.org_unit not in units:
            units.append(m.org_unit)
    return units


def my_work(*, user: AnyUser, today: datetime.date, soon_days: int = 30) -> MyWork:
    """The tasks and obligations of the user's units, in buckets: overdue, due within
    `soon_days`, later, done."""
    units = user_units(user=user)
    work = MyWork(units=units)
    if not units:
        return work
    soon = today + datetime.timedelta(days=soon_days)
    plans = plan_list_visible(user=user)
    for row in task_list_for_units(units=units, plans=plans):
        _decorate(row.task, today)
        status = row.task.effective_status
        if status in (Task.Status.DONE, Task.Status.CANCELLED):
            work.done.append(row)
        elif status == Task.Status.OVERDUE:
            work.overdue.append(row)
        elif row.task.final_due <= soon:
            work.due_soon.append(row)
        else:
            work.later.append(row)
    obligations = (
        Obligation.objects.filter(org_unit__in=units, plan__in=plans)
        .select_related("plan", "org_unit", "receiver", "fulfilled_by_plan")
        .order_by("due_date", "org_unit__path")
    )
    for ob in obligations:
        if ob.is_done:
            work.obligations_done.append(ob)
        elif ob.due_date < today:
            work.obligations_overdue.append(ob)
        elif ob.due_date <= soon:
            work.obligations_due_soon.append(ob)
        else:
            work.obligations_later.append(ob)
    # A report sent back for correction comes first: it is the most urgent thing to redo.
    for bucket in (work.obligations_overdue, work.obligations_due_soon, work.obligations_later):
        bucket.sort(key=lambda o: (not _returned(o), o.due_date))
    return work


def _returned(obligation: Obligation) -> bool:
    submission = getattr(obligation, "submission", None) if hasattr(obligation, "submission") else None
    return getattr(submission, "status", "") == "returned"
