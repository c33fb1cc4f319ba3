"""Who may read, edit, update and comment on plans, tasks, obligations and evidence: one policy
object per model (`binhdang.core.policies`), built on the org-tree role grants.

- A plan is readable where its issuer is viewable, or by anyone working under the issuer
  (a ward reads the town's plan); editing it is COORDINATE over the issuer.
- A task is readable with its plan; updating it (the unit's own part: status, progress,
  evidence) and commenting are SUBMIT for one of its lead or coordinating units; editing
  the plan also allows commenting.
- An obligation is readable by whoever may VIEW or SUBMIT for its unit, or COORDINATE its
  receiver or its plan's issuer; submitting is SUBMIT for its unit; coordinating (return,
  accept, deadlines) is COORDINATE over its unit.
- Evidence is readable by the uploader, the uploading unit and coordinators over it, and the
  task's lead units (it may name victims of violence).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, policy
from binhdang.core.policies import ModelPolicy, unit_allows, unit_q
from binhdang.orgunits.models import OrgUnit

from .assignees import task_units
from .models import Obligation, Plan, Task, TaskAssignment, TaskEvidence


def _path_prefixes(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


class PlanPolicy(ModelPolicy[Plan]):
    model = Plan
    actions = ("view", "edit")

    def _allows(self, user: Any, action: str, obj: Plan) -> bool:
        if action == "edit":
            return policy.has(user, Action.COORDINATE, obj.issuer)
        if policy.has(user, Action.VIEW, obj.issuer):
            return True
        return any(g.path.startswith(obj.issuer.path) for g in policy.grants(user))

    def _allowed_field_q(self, user: Any, action: str, field: str) -> Q:
        prefix = f"{field}__" if field else ""
        if action == "edit":
            return policy.units_q(user, Action.COORDINATE, f"{prefix}issuer")
        q = policy.units_q(user, Action.VIEW, f"{prefix}issuer")
        paths: set[str] = set()
        for grant in policy.grants(user):
            paths.update(_path_prefixes(grant.path))
        if paths:
            q |= Q(**{f"{prefix}issuer__path__in": sorted(paths)})
        return q

    def denied_message(self, action: str) -> str:
        if action == "edit":
            return _("Chỉ cơ quan điều phối trong phạm vi mới được thực hiện việc này.")
        return _("Bạn không có quyền xem kế hoạch này.")


class TaskPolicy(ModelPolicy[Task]):
    model = Task
    actions = ("view", "update", "comment")

    def units_for(self, user: Any, task: Task, role: str) -> list[OrgUnit]:
        """The task's units of `role` (groups expanded) for which the user may submit."""
        return [u for u in task_units(task=task, role=role) if policy.has(user, Action.SUBMIT, u)]

    def _allows(self, user: Any, action: str, obj: Task) -> bool:
        if action == "view":
            return plans.has(user, "view", obj.plan)
        if self.units_for(user, obj, TaskAssignment.Role.LEAD):
            return True
        if self.units_for(user, obj, TaskAssignment.Role.COORDINATING):
            return True  # a coordinating unit reports its own part, and comments
        return action == "comment" and plans.has(user, "edit", obj.plan)

    def _allowed_q(self, user: Any, action: str) -> Q:
        if action != "view":
            raise ValueError("task lists are filtered for viewing only")
        return plans.field_q(user, "view", "plan")

    def denied_message(self, action: str) -> str:
        if action == "update":
            return _("Chỉ cán bộ của đơn vị chủ trì hoặc phối hợp mới cập nhật được tiến độ nhiệm vụ này.")
        if action == "comment":
            return _("Chỉ cán bộ của đơn vị chủ trì hoặc phối hợp mới góp ý được cho nhiệm vụ này.")
        return _("Bạn không có quyền xem kế hoạch này.")


class ObligationPolicy(ModelPolicy[Obligation]):
    model = Obligation
    actions = ("view", "submit", "coordinate")

    def _allows(self, user: Any, action: str, obj: Obligation) -> bool:
        if action == "submit":
            return policy.has(user, Action.SUBMIT, obj.org_unit)
        if action == "coordinate":
            return policy.has(user, Action.COORDINATE, obj.org_unit)
        return (
            unit_allows(user, (Action.VIEW, Action.SUBMIT), obj.org_unit)
            or unit_allows(user, (Action.COORDINATE,), obj.receiver)
            or unit_allows(user, (Action.COORDINATE,), obj.plan.issuer if obj.plan_id else None)
        )

    def _allowed_field_q(self, user: Any, action: str, field: str) -> Q:
        p = f"{field}__" if field else ""
        if action == "submit":
            return policy.units_q(user, Action.SUBMIT, f"{p}org_unit")
        if action == "coordinate":
            return policy.units_q(user, Action.COORDINATE, f"{p}org_unit")
        return (
            unit_q(user, (Action.VIEW, Action.SUBMIT), f"{p}org_unit")
            | policy.units_q(user, Action.COORDINATE, f"{p}receiver")
            | policy.units_q(user, Action.COORDINATE, f"{p}plan__issuer")
        )

    def denied_message(self, action: str) -> str:
        if action == "submit":
            return _("Bạn không có quyền nhập hoặc gửi dữ liệu cho đơn vị này.")
        if action == "coordinate":
            return _("Chỉ cơ quan điều phối trong phạm vi mới được thực hiện việc này.")
        return _("Bạn không có quyền xem dữ liệu của đơn vị này.")


class EvidencePolicy(ModelPolicy[TaskEvidence]):
    model = TaskEvidence
    actions = ("view",)

    def _allows(self, user: Any, action: str, obj: TaskEvidence) -> bool:
        """Readers of the plan who are also the uploader, the uploading unit (or a coordinator
        over it), or a lead unit of the task: evidence may name victims of violence, so it
        stays with those who need it."""
        if not plans.has(user, "view", obj.update.task.plan):
            return False
        update = obj.update
        if update.author_id is not None and update.author_id == getattr(user, "pk", None):
            return True
        unit = update.org_unit
        if unit is not None and unit_allows(user, (Action.SUBMIT, Action.COORDINATE), unit):
            return True
        leads = OrgUnit.objects.filter(task_assignments__task_id=update.task_id,
                                       task_assignments__role=TaskAssignment.Role.LEAD)
        return any(policy.has(user, Action.SUBMIT, lead) for lead in leads)

    def _allowed_q(self, user: Any, action: str) -> Q:
        return plans.field_q(user, "view", "update__task__plan")


plans = PlanPolicy()
tasks = TaskPolicy()
obligations = ObligationPolicy()
evidence = EvidencePolicy()


# --- the names callers used before the policies (thin, kept for the views and services) ----


def plan_visible_q(user: Any, field: str = "") -> Q:
    """Plans the user may read (at `field`, '' for Plan itself)."""
    return plans.field_q(user, "view", field)


def plan_can_view(user: Any, plan: Plan) -> bool:
    return plans.has(user, "view", plan)


def plan_can_edit(user: Any, plan: Plan) -> bool:
    return plans.has(user, "edit", plan)


def plan_require_edit(user: Any, plan: Plan) -> None:
    plans.require(user, "edit", plan)


def task_units_for_user(user: Any, task: Task, role: str) -> list[OrgUnit]:
    return tasks.units_for(user, task, role)


def task_can_update(user: Any, task: Task) -> bool:
    return tasks.has(user, "update", task)


def task_can_comment(user: Any, task: Task) -> bool:
    return tasks.has(user, "comment", task)


def task_require_update(user: Any, task: Task) -> None:
    tasks.require(user, "update", task)


def task_require_comment(user: Any, task: Task) -> None:
    tasks.require(user, "comment", task)


def task_denied_message(what: str) -> str:
    return tasks.denied_message(what)


def unit_can_submit(user: Any, unit: OrgUnit) -> bool:
    return policy.has(user, Action.SUBMIT, unit)


__all__ = ["AccessDenied", "EvidencePolicy", "ObligationPolicy", "PlanPolicy", "TaskPolicy",
           "evidence", "obligations", "plans", "tasks"]
