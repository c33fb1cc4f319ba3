"""Progress per assignee: every lead unit of a task has its own state (its latest progress
update: status, percent, evidence), and the task's overall state is derived from them by
one rule, shown on the task page. A task led by the eight communes no longer has one
shared progress that each commune's update overwrites."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from binhdang.orgunits.models import OrgUnit

from .models import Task, TaskAssignment, TaskUpdate

RULE = _("Tiến độ chung là trung bình tiến độ của các đơn vị chủ trì (đơn vị chưa cập nhật tính 0%); "
         "nhiệm vụ hoàn thành khi mọi đơn vị chủ trì đã hoàn thành. Phần việc của đơn vị phối hợp "
         "được theo dõi riêng, không tính vào tiến độ chung.")


@dataclass
class AssigneeState:
    unit: OrgUnit
    status: str
    percent: int
    update: TaskUpdate | None
    evidence: int

    @property
    def status_label(self) -> str:
        return str(Task.Status(self.status).label)


def task_assignee_states(task: Task, *, until: datetime.date | None = None,
                         role: str = TaskAssignment.Role.LEAD) -> list[AssigneeState]:
    """Each unit's own state in `role` (lead by default; coordinating units report their own
    part too): its latest update, or "not started" without one. Units of a group ("UBND
    các xã, phường") are expanded; a unit that reported as a lead without being listed (a
    group resolved later) is kept among the leads."""
    from .assignees import task_units

    units = list(task_units(task=task, role=role))
    others = set() if role != TaskAssignment.Role.LEAD else {
        u.pk for u in task_units(task=task, role=TaskAssignment.Role.COORDINATING)}
    latest: dict[int, TaskUpdate] = {}
    updates = TaskUpdate.objects.filter(task=task, org_unit__isnull=False)
    if until is not None:  # the state at the end of a report's data window
        updates = updates.filter(created_at__date__lte=until)
    for update in updates.select_related("org_unit").order_by("-created_at", "-id").prefetch_related("evidence"):
        if update.org_unit is None:
            continue
        latest.setdefault(update.org_unit.pk, update)
        if role == TaskAssignment.Role.LEAD and update.org_unit not in units and update.org_unit.pk not in others:
            units.append(update.org_unit)
    states = []
    for unit in units:
        last = latest.get(unit.pk)
        if last is None:
            states.append(AssigneeState(unit, Task.Status.NOT_STARTED, 0, None, 0))
        else:
            states.append(AssigneeState(unit, last.status_after, last.percent, last, last.evidence.count()))
    return states


def task_overall(states: list[AssigneeState]) -> tuple[str, int]:
    """(status, percent) of the task under RULE."""
    if not states:
        return Task.Status.NOT_STARTED, 0
    live = [s for s in states if s.status != Task.Status.CANCELLED]
    if not live:
        return Task.Status.CANCELLED, 0
    percent = round(sum(100 if s.status == Task.Status.DONE else s.percent for s in live) / len(live))
    if all(s.status == Task.Status.DONE for s in live):
        return Task.Status.DONE, 100
    if percent > 0 or any(s.status == Task.Status.IN_PROGRESS for s in live):
        return Task.Status.IN_PROGRESS, min(percent, 99)
    return Task.Status.NOT_STARTED, 0
