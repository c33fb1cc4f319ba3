"""Plan progress by task and by lead unit: done / on track / late."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Max, Prefetch, Q
from django.utils.translation import gettext as _

from binhdang.accounts.types import AnyUser
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.assignees import task_units
from binhdang.plans.models import Plan, Task, TaskAssignment, TaskUpdate
from binhdang.plans.progress import AssigneeState, task_overall
from binhdang.plans.selectors import plan_list_visible, task_final_due

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

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


