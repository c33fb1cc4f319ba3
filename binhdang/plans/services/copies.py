"""Next year's copy of a plan, and a unit's own plan submitted against its obligation."""

import datetime
import re
from typing import Any, overload

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record
from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.permissions import Action, policy

from .. import permissions
from ..models import (
    CitedDocument,
    Obligation,
    ObligationKind,
    Plan,
    PlanDeadline,
    Recipient,
    Recurrence,
    Section,
    Task,
    TaskAssignment,
    TaskDue,
)
from .plans import do_plan_create

# --- copy to the next year, unit plans ----------------------------------------------------


def shift_year(day: datetime.date, years: int = 1) -> datetime.date:
    """The same day `years` later; 29/02 becomes 28/02 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@overload
def _shift_text(text: str, old: int) -> str: ...
@overload
def _shift_text(text: Any, old: int) -> Any: ...
def _shift_text(text: Any, old: int) -> Any:
    """The plan's year moved on in a text (or in the texts of a purpose item)."""
    if isinstance(text, dict):
        return {k: _shift_text(v, old) if k == "text" else v for k, v in text.items()}
    if not isinstance(text, str):
        return text
    return re.sub(rf"(?<!\d){old}(?!\d)", str(old + 1), text)


@transaction.atomic
def plan_copy_to_next_year(*, actor: Actor, plan: Plan) -> Plan:
    """A draft copy for the next year: dates shifted by one year, the year in texts moved
    on, statuses and progress reset, no number yet. The original stays untouched."""
    permissions.plan_require_edit(actor, plan)
    old = plan.year
    if Plan.objects.filter(copied_from=plan).exists():
        raise DomainError(
            _("Kế hoạch này đã được sao chép sang năm %(year)s.") % {"year": old + 1}
        )
    copy = do_plan_create(
        actor=actor, issuer=plan.issuer, date=shift_year(plan.date), title=_shift_text(plan.title, old),
        number="", doc_type=plan.doc_type, type_name=plan.type_name, place=plan.place,
        purpose=[_shift_text(p, old) for p in plan.purpose or []],
        preamble=[_shift_text(p, old) for p in plan.preamble or []], parent_issuer=plan.parent_issuer,
        signer_name=plan.signer_name, signer_title=plan.signer_title,
        signer_authority=plan.signer_authority, status=Plan.Status.DRAFT, parent=plan.parent,
    )
    copy.copied_from = plan
    copy.save(update_fields=["copied_from"])
    for c in plan.cited_documents.all():
        CitedDocument.objects.create(plan=copy, role=c.role, text=c.text, type_name=c.type_name,
                                     number=c.number, date=c.date, issuer=c.issuer, order=c.order)
    section_map: dict[int | None, Section] = {}
    for s in plan.sections.order_by("order", "id"):
        section_map[s.pk] = Section.objects.create(
            plan=copy, parent=section_map.get(s.parent_id), label=s.label,
            title=_shift_text(s.title, old), order=s.order,
        )
    for task in plan.tasks.prefetch_related("assignments", "dues", "recurrences").order_by("order", "id"):
        new = Task.objects.create(
            plan=copy, section=section_map.get(task.section_id), code=task.code,
            text=_shift_text(task.text, old), order=task.order,
        )
        for a in task.assignments.all():
            TaskAssignment.objects.create(task=new, role=a.role, org_unit=a.org_unit, group=a.group,
                                          label=a.label, order=a.order)
        for d in task.dues.all():
            TaskDue.objects.create(task=new, date=shift_year(d.date), text=_shift_text(d.text, old))
        for r in task.recurrences.all():
            Recurrence.objects.create(task=new, freq=r.freq, month=r.month, day=r.day, text=r.text, order=r.order)
    for deadline in plan.deadlines.all():
        PlanDeadline.objects.create(
            plan=copy, kind=deadline.kind, date=shift_year(deadline.date), text=_shift_text(deadline.text, old),
            what=_shift_text(deadline.what, old), from_labels=deadline.from_labels, to_label=deadline.to_label,
            receiver=deadline.receiver, order=deadline.order,
        )
    for recipient in plan.recipients.all():
        Recipient.objects.create(plan=copy, text=recipient.text, purpose=recipient.purpose, order=recipient.order)
    audit_record(actor=actor, action="plan.copy_to_next_year", obj=copy, org_unit=plan.issuer,
                 changes={"from_plan": plan.pk, "from_year": old})
    return copy


@transaction.atomic
def unit_plan_submit(
    *,
    actor: Actor,
    obligation: Obligation,
    date: datetime.date,
    title: str,
    number: str = "",
    source_text: str = "",
) -> Plan:
    """A unit sends its own plan for a "unit plan" obligation: the plan is stored under the
    unit, linked as a child of the parent plan, and fulfils the obligation.

    Raises AccessDenied unless the actor submits for the unit; DomainError when the
    obligation is not a unit plan or was fulfilled already.
    """
    policy.require(actor, Action.SUBMIT, obligation.org_unit)
    current = Obligation.objects.select_for_update().select_related("plan", "org_unit").get(pk=obligation.pk)
    if current.kind != ObligationKind.UNIT_PLAN:
        raise DomainError(_("Nghĩa vụ này không phải là gửi kế hoạch của đơn vị."))
    if current.fulfilled_by_plan_id:
        raise ConflictError(_("Đơn vị đã gửi kế hoạch cho nghĩa vụ này."))
    if not isinstance(date, datetime.date):
        raise DomainError(_("Ngày ban hành không hợp lệ."), field="date")
    plan = do_plan_create(
        actor=actor, issuer=current.org_unit, date=date, title=title, number=number,
        status=Plan.Status.ISSUED, parent=current.plan, source_text=source_text,
    )
    current.fulfilled_by_plan = plan
    current.submitted_at = timezone.now()
    current.save(update_fields=["fulfilled_by_plan", "submitted_at"])
    audit_record(actor=actor, action="obligation.fulfil", obj=current, org_unit=current.org_unit,
                 changes={"plan": plan.pk, "on_time": date <= current.due_date})
    obligation.__dict__.update({"fulfilled_by_plan_id": plan.pk, "submitted_at": current.submitted_at})
    return plan
