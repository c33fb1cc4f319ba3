"""Tasks: create, edit, delete, move, assign units (optimistic lock)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import DomainError
from binhdang.core.locking import lock_version
from binhdang.orgunits.models import OrgUnit

from .. import permissions
from ..models import (
    Group,
    Plan,
    Recurrence,
    Section,
    Task,
    TaskAssignment,
    TaskDue,
)
from .plans import _bump, _d, check_coordinate

# --- tasks --------------------------------------------------------------------------------


def _check_dues(plan: Plan, dues: Iterable[tuple[datetime.date, str]]) -> list[tuple[datetime.date, str]]:
    result = []
    for day, text in dues:
        if not isinstance(day, datetime.date):
            raise DomainError(_("Hạn thực hiện không hợp lệ."), field="dues")
        if day < plan.date:
            raise DomainError(
                _("Hạn thực hiện %(due)s không được trước ngày ban hành kế hoạch %(date)s.")
                % {"due": _d(day), "date": _d(plan.date)},
                field="dues",
            )
        result.append((day, (text or "").strip()))
    return result


def _next_code(plan: Plan, section: Section | None) -> str:
    prefix = f"{section.label}." if section else ""
    used = set(plan.tasks.values_list("code", flat=True))
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def _task_stale(current: Task, given: int) -> str:
    return _(
        "Nhiệm vụ %(code)s đã được người khác sửa trong lúc bạn đang sửa. Hãy tải lại "
        "trang rồi nhập lại thay đổi của bạn."
    ) % {"code": current.code}


def _lock_task(task: Task, version: int) -> Task:
    return lock_version(Task.objects.select_related("plan__issuer"), task.pk, version, _task_stale)


@transaction.atomic
def do_task_create(
    *,
    actor: Actor,
    plan: Plan,
    text: str,
    section: Section | None = None,
    code: str = "",
    dues: Iterable[tuple[datetime.date, str]] = (),
    recurrences: Iterable[dict] = (),
) -> Task:
    """Add a task at the end of its section, without asking the policy (`task_create` asks).
    Raises DomainError for an empty text, a used code, a due date before the plan's date."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Nội dung nhiệm vụ không được để trống."), field="text")
    if section is not None and section.plan_id != plan.pk:
        raise DomainError(_("Mục không thuộc kế hoạch này."), field="section")
    code = (code or "").strip() or _next_code(plan, section)
    if plan.tasks.filter(code=code).exists():
        raise DomainError(_("Mã nhiệm vụ “%(code)s” đã có trong kế hoạch.") % {"code": code}, field="code")
    checked = _check_dues(plan, dues)
    last = plan.tasks.filter(section=section).aggregate(m=Max("order"))["m"]
    if last is None:
        last = plan.tasks.aggregate(m=Max("order"))["m"] or 0
    task = Task.objects.create(plan=plan, section=section, code=code, text=text, order=last + 10)
    for day, due_text in checked:
        TaskDue.objects.create(task=task, date=day, text=due_text)
    for position, rec in enumerate(recurrences, start=1):
        Recurrence.objects.create(task=task, order=position, **rec)
    _renumber(plan)
    _bump(plan)
    audit_record(actor=actor, action="task.create", obj=task, org_unit=plan.issuer,
                 changes={"code": code, "text": text, "dues": checked})
    return task


def task_create(*, actor: Any, plan: Plan, **fields: Any) -> Task:
    """Add a task to a plan the actor may edit (AccessDenied otherwise)."""
    check_coordinate(actor, plan)
    return do_task_create(actor=actor, plan=plan, **fields)


@transaction.atomic
def task_update(
    *,
    actor: Actor,
    task: Task,
    version: int,
    text: str | None = None,
    code: str | None = None,
    section: Section | bool | None = False,
    dues: Iterable[tuple[datetime.date, str]] | None = None,
    status: str | None = None,
) -> Task:
    """Edit a task's text, code, section, due dates or status (editors only).

    Raises ConflictError on a stale version, DomainError on invalid values.
    """
    permissions.plan_require_edit(actor, task.plan)
    current = _lock_task(task, version)
    plan = current.plan
    before = {"text": current.text, "code": current.code, "section": current.section_id,
              "status": current.status,
              "dues": [(d.date, d.text) for d in current.dues.all()]}
    if text is not None:
        if not text.strip():
            raise DomainError(_("Nội dung nhiệm vụ không được để trống."), field="text")
        current.text = text.strip()
    if code is not None and code.strip() and code.strip() != current.code:
        if plan.tasks.filter(code=code.strip()).exclude(pk=current.pk).exists():
            raise DomainError(_("Mã nhiệm vụ “%(code)s” đã có trong kế hoạch.") % {"code": code}, field="code")
        current.code = code.strip()
    if section is None or isinstance(section, Section):  # False: leave the section as it is
        if section is not None and section.plan_id != plan.pk:
            raise DomainError(_("Mục không thuộc kế hoạch này."), field="section")
        current.section = section
    if status is not None:
        if status not in Task.Status.values or status == Task.Status.OVERDUE:
            raise DomainError(_("Trạng thái nhiệm vụ không hợp lệ."), field="status")
        current.status = status
    if dues is not None:
        checked = _check_dues(plan, dues)
        current.dues.all().delete()
        for day, due_text in checked:
            TaskDue.objects.create(task=current, date=day, text=due_text)
    current.version = version + 1
    current.save()
    after = {"text": current.text, "code": current.code, "section": current.section_id,
             "status": current.status, "dues": [(d.date, d.text) for d in current.dues.all()]}
    _bump(plan)
    audit_record(actor=actor, action="task.update", obj=current, org_unit=plan.issuer,
                 changes=diff_fields(before, after))
    task.__dict__.update({k: getattr(current, k) for k in ("text", "code", "section_id", "status", "version")})
    return current


@transaction.atomic
def task_delete(*, actor: Actor, task: Task, version: int) -> None:
    """Remove a task that has no progress reports yet (their history must be kept)."""
    permissions.plan_require_edit(actor, task.plan)
    current = _lock_task(task, version)
    if current.updates.exists():
        raise DomainError(
            _("Nhiệm vụ %(code)s đã có báo cáo tiến độ nên không xóa được; hãy chuyển sang trạng thái Hủy bỏ.")
            % {"code": current.code}
        )
    plan = current.plan
    audit_record(actor=actor, action="task.delete", obj=current, org_unit=plan.issuer,
                 changes={"code": current.code, "text": current.text})
    current.delete()
    _bump(plan)


def _renumber(plan: Plan) -> None:
    for position, task in enumerate(plan.tasks.order_by("order", "id"), start=1):
        if task.order != position * 10:
            Task.objects.filter(pk=task.pk).update(order=position * 10)


@transaction.atomic
def task_move(*, actor: Actor, task: Task, direction: str) -> Task:
    """Swap the task with its neighbour in the same section ("up" or "down")."""
    permissions.plan_require_edit(actor, task.plan)
    plan = Plan.objects.select_for_update().get(pk=task.plan_id)
    _renumber(plan)
    current = Task.objects.get(pk=task.pk)
    siblings = plan.tasks.filter(section=current.section_id)
    if direction == "up":
        neighbour = siblings.filter(order__lt=current.order).order_by("-order").first()
    elif direction == "down":
        neighbour = siblings.filter(order__gt=current.order).order_by("order").first()
    else:
        raise DomainError(_("Hướng di chuyển không hợp lệ."))
    if neighbour is None:
        raise DomainError(
            _("Nhiệm vụ đã ở đầu mục.") if direction == "up" else _("Nhiệm vụ đã ở cuối mục.")
        )
    Task.objects.filter(pk=current.pk).update(order=neighbour.order)
    Task.objects.filter(pk=neighbour.pk).update(order=current.order)
    plan.version += 1
    Plan.objects.filter(pk=plan.pk).update(version=plan.version)
    audit_record(actor=actor, action="task.move", obj=current, org_unit=plan.issuer,
                 changes={"direction": direction, "swapped_with": neighbour.code})
    current.refresh_from_db()
    return current


@transaction.atomic
def task_assign(
    *,
    actor: Actor,
    task: Task,
    role: str,
    org_unit: OrgUnit | None = None,
    group: str = "",
    label: str = "",
) -> TaskAssignment:
    """Make a unit (or a group of units) lead or coordinate a task.

    Raises DomainError when the unit lies outside the issuer's subtree or is not valid on
    the plan's date, or is already assigned in that role.
    """
    plan = task.plan
    permissions.plan_require_edit(actor, plan)
    if role not in TaskAssignment.Role.values:
        raise DomainError(_("Vai trò phân công không hợp lệ."), field="role")
    if (org_unit is None) == (not group):
        raise DomainError(_("Hãy chọn một đơn vị hoặc một nhóm đơn vị."), field="org_unit")
    if org_unit is not None:
        if not plan.issuer.contains(org_unit):
            raise DomainError(
                _("Đơn vị “%(unit)s” không thuộc phạm vi của %(issuer)s.")
                % {"unit": org_unit.name, "issuer": plan.issuer.name},
                field="org_unit",
            )
        if not org_unit.is_valid_on(plan.date):
            raise DomainError(
                _("Đơn vị “%(unit)s” không có hiệu lực vào ngày %(date)s của kế hoạch.")
                % {"unit": org_unit.name, "date": _d(plan.date)},
                field="org_unit",
            )
    elif group not in Group.values:
        raise DomainError(_("Nhóm đơn vị không hợp lệ."), field="group")
    if TaskAssignment.objects.filter(task=task, role=role, org_unit=org_unit, group=group).exists():
        raise DomainError(
            _("“%(unit)s” đã được phân công với vai trò này.")
            % {"unit": org_unit.name if org_unit else Group(group).label},
            field="org_unit",
        )
    last = task.assignments.filter(role=role).aggregate(m=Max("order"))["m"] or 0
    assignment = TaskAssignment.objects.create(
        task=task, role=role, org_unit=org_unit, group=group,
        label=label or (org_unit.name if org_unit else str(Group(group).label)), order=last + 1,
    )
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)
    task.version += 1
    audit_record(actor=actor, action="task.assign", obj=task, org_unit=plan.issuer,
                 changes={"role": role, "unit": assignment.display_name})
    return assignment


@transaction.atomic
def task_unassign(*, actor: Actor, assignment: TaskAssignment) -> None:
    task = assignment.task
    permissions.plan_require_edit(actor, task.plan)
    audit_record(actor=actor, action="task.unassign", obj=task, org_unit=task.plan.issuer,
                 changes={"role": assignment.role, "unit": assignment.display_name})
    assignment.delete()
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)
    task.version += 1
