"""Budget lines, the yearly estimate dues (TT 191/2009) and their submission."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from ..models import (
    BudgetCategory,
    BudgetEstimateDue,
    BudgetLine,
)

BUDGET_FIELDS = ["year", "kind", "category", "amount", "description", "date", "activity", "task"]


def budget_estimate_due_date(budget_year: int) -> datetime.date:
    """Ban VSTBPN sends next year's estimate before 20/7 of the previous year (TT 191/2009 Art. 4)."""
    return datetime.date(budget_year - 1, 7, 20)


@transaction.atomic
def do_budget_line_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> BudgetLine:
    line = BudgetLine(org_unit=org_unit, **{k: v for k, v in fields.items() if k in BUDGET_FIELDS})
    if line.amount is None or Decimal(line.amount) < 0:
        raise DomainError(_("Số tiền không được âm."), field="amount")
    if line.activity is not None and line.activity.org_unit_id != org_unit.pk:
        raise DomainError(_("Hoạt động thuộc đơn vị khác."), field="activity")
    line.full_clean(exclude=["activity", "task", "org_unit"])
    line.save()
    audit_record(actor=actor, action="indicators.budget_line_create", obj=line, org_unit=org_unit,
                 changes={k: getattr(line, k) for k in BUDGET_FIELDS})
    return line


def budget_line_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> BudgetLine:
    """`do_budget_line_create` for a user: AccessDenied without SUBMIT on the unit."""
    policy.require(actor, Action.SUBMIT, org_unit)
    return do_budget_line_create(actor=actor, org_unit=org_unit, **fields)


@transaction.atomic
def budget_line_delete(*, actor: Actor, line: BudgetLine) -> None:
    policy.require(actor, Action.SUBMIT, line.org_unit)
    audit_record(actor=actor, action="indicators.budget_line_delete", obj=line, org_unit=line.org_unit,
                 changes={k: getattr(line, k) for k in BUDGET_FIELDS})
    line.delete()


@transaction.atomic
def budget_dues_generate(*, budget_year: int) -> int:
    """One estimate duty per Ban VSTBPN (committee units) for `budget_year`; idempotent."""
    created = 0
    committees = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMITTEE)
    on = budget_estimate_due_date(budget_year)
    for unit in committees:
        if not unit.is_valid_on(on):
            continue
        parent = OrgUnit.objects.filter(path=unit.path[: -OrgUnit.steplen]).first()
        receiver = None
        if parent is not None:
            receiver = (OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                        .filter(Q(name__icontains="Tài chính")).first())
        _due, was_created = BudgetEstimateDue.objects.get_or_create(
            org_unit=unit, budget_year=budget_year,
            defaults={"due_date": on, "receiver": receiver},
        )
        created += was_created
    return created


@transaction.atomic
def budget_estimate_submit(*, actor: Actor, due: BudgetEstimateDue, now: datetime.datetime | None = None) -> BudgetEstimateDue:
    """Mark the estimate as sent; raises DomainError when there is no estimate line yet."""
    policy.require(actor, Action.SUBMIT, due.org_unit)
    if due.submitted_at:
        raise DomainError(_("Dự toán đã được gửi."), code="already_submitted")
    if not BudgetLine.objects.filter(org_unit=due.org_unit, year=due.budget_year,
                                     kind=BudgetLine.Kind.ESTIMATE).exists():
        raise DomainError(_("Chưa có dòng dự toán nào cho năm %(y)s.") % {"y": due.budget_year})
    due.submitted_at = now or timezone.now()
    due.submitted_by = actor if getattr(actor, "pk", None) else None
    due.save(update_fields=["submitted_at", "submitted_by"])
    audit_record(actor=actor, action="indicators.budget_estimate_submit", obj=due, org_unit=due.org_unit,
                 changes={"submitted_at": due.submitted_at})
    return due


def budget_categories() -> list[BudgetCategory]:
    return list(BudgetCategory.objects.order_by("order"))
