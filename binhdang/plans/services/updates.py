"""Progress updates with evidence files, and comments, on a task."""

import os
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import AccessDenied, DomainError
from binhdang.core.locking import lock_row
from binhdang.orgunits.models import OrgUnit

from .. import permissions
from ..models import (
    Task,
    TaskAssignment,
    TaskComment,
    TaskEvidence,
    TaskUpdate,
)
from .plans import EVIDENCE_TYPES, MAX_EVIDENCE_BYTES


def _validate_evidence(files: list) -> list[tuple[Any, str, str]]:
    checked = []
    allowed = ", ".join(sorted({e.lstrip(".") for e in EVIDENCE_TYPES}))
    for f in files:
        name = os.path.basename(getattr(f, "name", "") or "")
        ext = os.path.splitext(name)[1].lower()
        if ext not in EVIDENCE_TYPES:
            raise DomainError(
                _("Tệp “%(name)s” không đúng loại cho phép (chỉ nhận %(allowed)s).")
                % {"name": name, "allowed": allowed},
                field="files",
            )
        if f.size > MAX_EVIDENCE_BYTES:
            raise DomainError(
                _("Tệp “%(name)s” quá lớn (%(size).1f MB); tối đa %(max)d MB.")
                % {"name": name, "size": f.size / 1024 / 1024, "max": MAX_EVIDENCE_BYTES // 1024 // 1024},
                field="files",
            )
        magic, content_type = EVIDENCE_TYPES[ext]
        f.seek(0)
        head = f.read(8)
        f.seek(0)
        if not head.startswith(magic):
            raise DomainError(
                _("Nội dung tệp “%(name)s” không khớp với đuôi %(ext)s.") % {"name": name, "ext": ext},
                field="files",
            )
        checked.append((f, name, content_type))
    return checked


@transaction.atomic
def task_update_progress(
    *,
    actor: Actor,
    task: Task,
    text: str,
    percent: int,
    status: str | None = None,
    files: list | None = None,
    unit: OrgUnit | None = None,
) -> TaskUpdate:
    """A lead or coordinating unit reports its own part (note, percent, status) with optional
    evidence files. The task's overall state is derived from its lead units' parts only.

    Raises AccessDenied unless the actor submits for a lead or coordinating unit (`unit`, or
    the first of theirs, leads first); DomainError for an empty note, a percent outside
    0–100, a file of another type or over 20 MB.
    """
    own_units = (permissions.task_units_for_user(actor, task, TaskAssignment.Role.LEAD)
                 + permissions.task_units_for_user(actor, task, TaskAssignment.Role.COORDINATING))
    if not own_units:
        raise AccessDenied(permissions.task_denied_message("update"))
    if unit is not None and unit not in own_units:
        raise AccessDenied(permissions.task_denied_message("update"))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Hãy ghi nội dung cập nhật."), field="text")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise DomainError(_("Tiến độ phải là số từ 0 đến 100."), field="percent") from None
    if not 0 <= percent <= 100:
        raise DomainError(_("Tiến độ phải là số từ 0 đến 100."), field="percent")
    allowed = {Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS, Task.Status.DONE, Task.Status.CANCELLED}
    if status is None or status == "":
        status = Task.Status.DONE if percent == 100 else Task.Status.IN_PROGRESS
    if status not in allowed:
        raise DomainError(_("Trạng thái nhiệm vụ không hợp lệ."), field="status")
    if status == Task.Status.DONE:
        percent = 100
    checked = _validate_evidence(list(files or []))
    current = lock_row(Task.objects.select_related("plan__issuer"), task.pk)  # an update appends
    update = TaskUpdate.objects.create(
        task=current, author=actor, org_unit=unit or own_units[0], text=text, percent=percent,
        status_after=status,
    )
    for f, name, content_type in checked:
        evidence = TaskEvidence(update=update, original_name=name[:255], size=f.size, content_type=content_type)
        evidence.file.save(name, f, save=False)
        evidence.save()
    before = {"status": current.status, "progress": current.progress}
    # The unit's own state is its update; the task's is derived from every lead unit's.
    from ..progress import task_assignee_states, task_overall

    status, percent = task_overall(task_assignee_states(current))
    current.status = status
    current.progress = percent
    current.version += 1
    current.save(update_fields=["status", "progress", "version", "updated_at"])
    audit_record(
        actor=actor, action="task.progress", obj=current, org_unit=update.org_unit,
        changes={**diff_fields(before, {"status": status, "progress": percent}), "files": [n for _f, n, _c in checked]},
    )
    task.__dict__.update({"status": status, "progress": percent, "version": current.version})
    return update


def progress_rules() -> dict[str, Any]:
    """The rules of a progress update as JSON for the browser (plans/static/plans/task_offline.js),
    with the messages `task_update_progress` raises: an update typed offline is checked by
    the same rules before it is queued."""
    return {
        "text_required": _("Hãy ghi nội dung cập nhật."),
        "percent": {"min": 0, "max": 100, "message": _("Tiến độ phải là số từ 0 đến 100.")},
        "no_files": _("Minh chứng chỉ tải lên được khi có mạng: hãy bỏ chọn tệp (gửi tệp sau) hoặc chờ có mạng."),
    }


def task_update_progress_once(*, actor: Actor, task: Task, key: object, text: str, percent: int,
                              status: str | None = None) -> tuple[int, dict[str, Any], bool]:
    """`task_update_progress` without files, once per idempotency `key` (an update typed
    offline and sent when the network returns): a retry answers the first update and adds
    none; the same key with another body is refused. Returns (HTTP status, answer, replayed)."""
    from binhdang.core.idempotency import idempotent

    def run() -> tuple[int, dict[str, Any], TaskUpdate]:
        update = task_update_progress(actor=actor, task=task, text=text, percent=percent, status=status)
        return 201, {"id": update.pk, "task": task.pk, "text": update.text, "percent": update.percent,
                     "status_after": update.status_after, "created_at": update.created_at.isoformat(),
                     "files": []}, update

    outcome = idempotent(actor=actor, key=key, scope=f"plans.task.{task.pk}.progress",
                         body={"text": text, "percent": percent, "status": status or ""}, run=run)
    return outcome.status, outcome.body, outcome.replayed


@transaction.atomic
def task_comment(*, actor: Actor, task: Task, text: str) -> TaskComment:
    """A coordinating (or lead) unit comments on a task. Raises AccessDenied, DomainError."""
    permissions.task_require_comment(actor, task)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Ý kiến không được để trống."), field="text")
    units = permissions.task_units_for_user(actor, task, TaskAssignment.Role.COORDINATING) or (
        permissions.task_units_for_user(actor, task, TaskAssignment.Role.LEAD)
    )
    comment = TaskComment.objects.create(task=task, author=actor, org_unit=units[0] if units else None, text=text)
    audit_record(actor=actor, action="task.comment", obj=task, org_unit=comment.org_unit, changes={"text": text})
    return comment
