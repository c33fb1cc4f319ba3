"""Tasks: one visible task with its history, comments and evidence; tasks naming a unit."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from binhdang.accounts.types import AnyUser
from binhdang.core import clock
from binhdang.orgunits.models import OrgUnit

from ..assignees import (  # noqa: F401  (re-exported: callers read them here)
    GROUP_KINDS,
    assignment_units,
    group_from_label,
    group_units,
    task_units,
)
from ..models import (
    Plan,
    Task,
    TaskAssignment,
    TaskComment,
    TaskEvidence,
    TaskUpdate,
)
from ..permissions import plan_visible_q
from .plans import _decorate, _task_prefetch, plan_list_visible

# --- tasks --------------------------------------------------------------------------------


def task_get_visible(*, user: AnyUser, pk: int) -> Task:
    """Raises Task.DoesNotExist when missing or not visible."""
    task = (
        Task.objects.filter(plan_visible_q(user, "plan"))
        .select_related("plan__issuer", "section")
        .prefetch_related(*_task_prefetch())
        .distinct()
        .get(pk=pk)
    )
    return task


def task_history(*, task: Task) -> list[TaskUpdate]:
    return list(
        task.updates.select_related("author", "org_unit").prefetch_related("evidence").order_by(
            "-created_at", "-id"
        )
    )


def task_comments(*, task: Task) -> list[TaskComment]:
    return list(task.comments.select_related("author", "org_unit").order_by("created_at", "id"))


def evidence_get_visible(*, user: AnyUser, pk: int) -> TaskEvidence:
    """Raises TaskEvidence.DoesNotExist when missing or not for this user
    (`permissions.evidence`: the uploader, its unit and coordinators over it, lead units)."""
    from ..permissions import evidence as evidence_policy

    found = (
        TaskEvidence.objects.filter(plan_visible_q(user, "update__task__plan"))
        .select_related("update__task__plan__issuer", "update__org_unit")
        .distinct()
        .get(pk=pk)
    )
    if not evidence_policy.has(user, "view", found):
        raise TaskEvidence.DoesNotExist
    return found



def _groups_naming(unit: OrgUnit) -> list[str]:
    return [g for g, kinds in GROUP_KINDS.items() if unit.kind in kinds]


def _assignments_touching(units: list[OrgUnit]) -> QuerySet[TaskAssignment]:
    """Assignments naming one of `units` directly or through a group of their parent."""
    q = Q(org_unit__in=[u.pk for u in units])
    for unit in units:
        if unit.depth > 1:
            parent_path = unit.path[: -OrgUnit.steplen]
            q |= Q(group__in=_groups_naming(unit), task__plan__issuer__path=parent_path)
    return TaskAssignment.objects.filter(q).select_related("task__plan__issuer", "org_unit")


@dataclass
class UnitTask:
    task: Task
    unit: OrgUnit
    role: str

    @property
    def role_label(self) -> str:
        return str(TaskAssignment.Role(self.role).label)


def task_list_for_units(*, units: list[OrgUnit], plans: QuerySet[Plan] | None = None) -> list[UnitTask]:
    """(task, unit, role) for every task that names one of `units`, groups expanded."""
    rows: list[UnitTask] = []
    seen: set[tuple[int, int, str]] = set()
    plan_cache: dict[int, Plan] = {}
    assignments = _assignments_touching(units)
    if plans is not None:
        assignments = assignments.filter(task__plan__in=plans)
    unit_ids = {u.pk for u in units}
    for a in assignments:
        plan = plan_cache.setdefault(a.task.plan_id, a.task.plan)
        for unit in assignment_units(a, plan):
            key = (a.task_id, unit.pk, a.role)
            if unit.pk in unit_ids and key not in seen:
                seen.add(key)
                rows.append(UnitTask(a.task, unit, a.role))
    tasks = {
        t.pk: t
        for t in Task.objects.filter(pk__in={r.task.pk for r in rows})
        .select_related("plan__issuer", "section")
        .prefetch_related(*_task_prefetch())
    }
    for row in rows:
        row.task = tasks[row.task.pk]
        row.task.plan = plan_cache[row.task.plan_id]
    return sorted(rows, key=lambda r: (r.task.plan.date, r.task.order, r.task.pk, r.role))


def task_list_visible(
    *,
    user: AnyUser,
    unit: OrgUnit | None = None,
    status: str | None = None,
    plan: Plan | None = None,
    today: datetime.date | None = None,
) -> list[Task]:
    """Visible tasks, optionally those naming `unit` and having effective `status`."""
    today = today or clock.today()
    plans = plan_list_visible(user=user)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    if unit is not None:
        tasks = list({r.task.pk: r.task for r in task_list_for_units(units=[unit], plans=plans)}.values())
    else:
        tasks = list(
            Task.objects.filter(plan__in=plans)
            .select_related("plan__issuer", "section")
            .prefetch_related(*_task_prefetch())
        )
    tasks = [_decorate(t, today) for t in tasks]
    if status:
        tasks = [t for t in tasks if t.effective_status == status]
    return sorted(tasks, key=lambda t: (-t.plan.year, t.plan.pk, t.order, t.pk))
