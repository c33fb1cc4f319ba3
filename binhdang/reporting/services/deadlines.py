"""Deadline changes of a plan's obligations, and ad-hoc report requests."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.accounts.models import Membership
from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, roles_granting
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind, Plan, PlanDeadline

from ..models import (
    AdhocRequest,
)
from .forms import _d, _now
from .notifications import notify, unit_reporters

# --- deadlines and ad-hoc requests -------------------------------------------------------


@transaction.atomic
def obligation_deadline_change(*, actor: Actor, plan: Plan, kind: str, old_date: datetime.date,
                               new_date: datetime.date, reason: str = "") -> int:
    """Move the due date of a plan's obligations of one kind (and the plan's stated
    deadline, so that generating obligations again does not recreate the old date).

    Returns the number of obligations moved. Raises AccessDenied unless the actor
    coordinates the plan's issuer; DomainError for a date before the plan.
    """
    from binhdang.core.permissions import Action, policy

    policy.require(actor, Action.COORDINATE, plan.issuer)
    if not isinstance(new_date, datetime.date):
        raise DomainError(_("Hạn gửi mới không hợp lệ."), field="new_date")
    if new_date < plan.date:
        raise DomainError(_("Hạn gửi không được trước ngày ban hành kế hoạch (%(d)s).") % {"d": _d(plan.date)},
                          field="new_date")
    if new_date == old_date:
        return 0
    obligations = Obligation.objects.select_for_update().filter(plan=plan, kind=kind, due_date=old_date)
    if Obligation.objects.filter(plan=plan, kind=kind, due_date=new_date).exists():
        raise DomainError(_("Đã có nghĩa vụ cùng loại với hạn %(d)s.") % {"d": _d(new_date)}, field="new_date")
    ids = list(obligations.values_list("pk", flat=True))
    moved = Obligation.objects.filter(pk__in=ids).update(due_date=new_date)
    PlanDeadline.objects.filter(plan=plan, kind=kind, date=old_date).update(date=new_date)
    AdhocRequest.objects.filter(plan=plan, due_date=old_date, obligations__in=ids).update(due_date=new_date)
    audit_record(actor=actor, action="obligation.deadline_change", obj=plan, org_unit=plan.issuer,
                 changes={"kind": kind, "due_date": [old_date.isoformat(), new_date.isoformat()],
                          "obligations": moved}, reason=reason)
    return moved


@transaction.atomic
def adhoc_request_create(*, actor: Actor, plan: Plan, title: str, units: list[OrgUnit], due_date: datetime.date,
                         receiver: OrgUnit | None = None, period_start: datetime.date | None = None,
                         period_end: datetime.date | None = None,
                         now: datetime.datetime | None = None) -> AdhocRequest:
    """Ask a set of units for an ad-hoc (đột xuất) report by `due_date`.

    Raises AccessDenied unless the actor coordinates every unit; DomainError on bad input.
    """
    from binhdang.core.permissions import Action, policy

    now = _now(now)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Hãy ghi nội dung yêu cầu báo cáo."), field="title")
    if not units:
        raise DomainError(_("Hãy chọn ít nhất một đơn vị phải báo cáo."), field="units")
    if not isinstance(due_date, datetime.date):
        raise DomainError(_("Hạn gửi không hợp lệ."), field="due_date")
    if period_start and period_end and period_end < period_start:
        raise DomainError(_("Ngày chốt số liệu phải sau ngày bắt đầu."), field="period_end")
    receiver = receiver or _coordinating_unit(actor) or plan.issuer
    for unit in units:
        policy.require(actor, Action.COORDINATE, unit)
    request = AdhocRequest.objects.create(
        plan=plan, title=title[:500], receiver=receiver, due_date=due_date, period_start=period_start,
        period_end=period_end, created_by=actor if getattr(actor, "pk", None) else None, created_at=now,
    )
    for unit in units:
        obligation = Obligation.objects.create(
            plan=plan, kind=ObligationKind.ADHOC, title=title[:500], org_unit=unit, receiver=receiver,
            due_date=due_date, period_start=period_start, period_end=period_end,
        )
        request.obligations.add(obligation)
    audit_record(actor=actor, action="adhoc_request.create", obj=request, org_unit=receiver,
                 changes={"units": [u.name for u in units], "due_date": due_date.isoformat()})
    for unit in units:
        for user in unit_reporters(unit):
            notify(user=user, key=f"adhoc:{request.pk}:{unit.pk}", now=now, message="adhoc.requested",
                   params={"title": title[:120], "unit": unit.name, "due": due_date.isoformat()},
                   url="/reports/")
    return request


def _coordinating_unit(actor: Actor) -> OrgUnit | None:
    membership = (
        Membership.objects.filter(user=actor, role__in=roles_granting(Action.COORDINATE))
        .select_related("org_unit").order_by("id").first()
        if getattr(actor, "pk", None) else None
    )
    return membership.org_unit if membership else None
