"""Obligations: one per deadline and required unit, with NĐ 09/2019 data windows."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.periods import cutoff_window
from binhdang.orgunits.lineage import unit_require_valid
from binhdang.orgunits.models import OrgUnit

from ..models import (
    Obligation,
    ObligationKind,
    Plan,
    PlanDeadline,
)
from ..selectors import group_from_label, group_units
from .plan_json import plan_unit_matcher
from .plans import _d, check_coordinate

# --- obligations --------------------------------------------------------------------------


def obligation_period(kind: str, due: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """Data cut-off (NĐ 09/2019 Art. 12): 6-month 15/12 → 14/6, annual 15/12 → 14/12."""
    if kind == ObligationKind.REPORT_SEMIANNUAL:
        return cutoff_window(due.year, 1)
    if kind == ObligationKind.REPORT_ANNUAL:
        return cutoff_window(due.year)
    return None, None


def deadline_senders(deadline: PlanDeadline) -> list[OrgUnit]:
    """The units that must send: groups expanded under the issuer at the plan date, less
    the receiver and the issuer."""
    plan = deadline.plan
    matcher = None
    units: list[OrgUnit] = []
    for label in deadline.from_labels or []:
        group = group_from_label(label)
        if group:
            found = group_units(issuer=plan.issuer, group=group, on=plan.date)
        else:
            matcher = matcher or plan_unit_matcher(plan.issuer, plan.date)
            unit = matcher.find(label)
            found = [unit] if unit else []
        for unit in found:
            if unit not in units and unit.pk not in (deadline.receiver_id, plan.issuer_id):
                units.append(unit)
    return units


@transaction.atomic
def do_obligations_generate(*, actor: Any, plan: Plan) -> dict[str, int]:
    """One Obligation per deadline and required unit; running it again adds only what is
    missing (new units, new deadlines) and never touches existing rows. No policy check
    (`obligations_generate` asks)."""
    created = existing = 0
    for deadline in plan.deadlines.select_related("receiver").order_by("date", "order"):
        receiver = deadline.receiver
        if receiver is None:
            raise DomainError(
                _("Thời hạn “%(text)s” chưa có nơi nhận trong cây đơn vị.") % {"text": deadline.text or _d(deadline.date)}
            )
        start, end = obligation_period(deadline.kind, deadline.date)
        for unit in deadline_senders(deadline):
            unit_require_valid(unit, on=start or deadline.date, what=_("nghĩa vụ báo cáo"))
            _obligation, was_created = Obligation.objects.get_or_create(
                plan=plan, kind=deadline.kind, org_unit=unit, due_date=deadline.date,
                defaults={
                    "deadline": deadline, "title": (deadline.what or deadline.text)[:500],
                    "receiver": receiver, "period_start": start, "period_end": end,
                },
            )
            created += was_created
            existing += not was_created
    if created:
        audit_record(actor=actor, action="plan.obligations_generate", obj=plan, org_unit=plan.issuer,
                     changes={"created": created})
    return {"created": created, "existing": existing}


def obligations_generate(*, actor: Any, plan: Plan) -> dict[str, int]:
    """`do_obligations_generate` for a user who coordinates the plan's issuer."""
    check_coordinate(actor, plan)
    return do_obligations_generate(actor=actor, plan=plan)
