"""Who may read, edit, update and comment on plans and tasks; built on the core policy.

Editing a plan is coordination over its issuer; updating a task is submitting for one of
its lead units; commenting is submitting for one of its coordinating units.
"""

from django.db.models import Q

from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from .models import Plan, Task, TaskAssignment


def _path_prefixes(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def plan_visible_q(user, field: str = "") -> Q:
    """Plans the user may read: the issuer is viewable, or contains one of the user's units."""
    prefix = f"{field}__" if field else ""
    if not getattr(user, "is_active", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    q = policy.units_q(user, Action.VIEW, f"{prefix}issuer")
    paths: set[str] = set()
    for grant in policy.grants(user):
        paths.update(_path_prefixes(grant.path))
    if paths:
        q |= Q(**{f"{prefix}issuer__path__in": sorted(paths)})
    return q


def plan_can_view(user, plan: Plan) -> bool:
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser or policy.has(user, Action.VIEW, plan.issuer):
        return True
    return any(g.path.startswith(plan.issuer.path) for g in policy.grants(user))


def plan_can_edit(user, plan: Plan) -> bool:
    return policy.has(user, Action.COORDINATE, plan.issuer)


def plan_require_edit(user, plan: Plan) -> None:
    policy.require(user, Action.COORDINATE, plan.issuer)


def _role_units(task: Task, role: str) -> list[OrgUnit]:
    from .selectors import task_units

    return task_units(task=task, role=role)


def task_units_for_user(user, task: Task, role: str) -> list[OrgUnit]:
    """The task's units of `role` (groups expanded) for which the user may submit."""
    return [u for u in _role_units(task, role) if policy.has(user, Action.SUBMIT, u)]


def task_can_update(user, task: Task) -> bool:
    return bool(task_units_for_user(user, task, TaskAssignment.Role.LEAD))


def task_can_comment(user, task: Task) -> bool:
    if task_can_update(user, task) or plan_can_edit(user, task.plan):
        return True
    return bool(task_units_for_user(user, task, TaskAssignment.Role.COORDINATING))


def task_require_update(user, task: Task) -> None:
    if not task_can_update(user, task):
        raise AccessDenied(task_denied_message("update"))


def task_require_comment(user, task: Task) -> None:
    if not task_can_comment(user, task):
        raise AccessDenied(task_denied_message("comment"))


def task_denied_message(what: str) -> str:
    from django.utils.translation import gettext as _

    if what == "update":
        return _("Chỉ cán bộ của đơn vị chủ trì mới cập nhật được tiến độ nhiệm vụ này.")
    return _("Chỉ cán bộ của đơn vị chủ trì hoặc phối hợp mới góp ý được cho nhiệm vụ này.")


def unit_can_submit(user, unit: OrgUnit) -> bool:
    return policy.has(user, Action.SUBMIT, unit)
