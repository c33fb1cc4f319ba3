"""Open work of an abolished unit passes to a successor: proposed by a rule, confirmed by a coordinator.

The rule: the successor that received the largest share of the unit; on a tie the one that
kept its GSO code, then the lowest code. For an abolished district, its communes' successors.
What moves: obligations not yet submitted that fall due after the unit ended, assignments of
tasks not done or cancelled, and memberships (the users go on working in the successor; their
old membership stays as history). Rows that already exist on the successor are left in place
and listed.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.models import Membership
from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.lineage import official_name, successors
from binhdang.orgunits.models import Handover, OrgUnit

from ..models import Obligation, Task, TaskAssignment

RULE = "Đơn vị kế thừa nhận phần lớn nhất; bằng nhau thì đơn vị giữ mã GSO, rồi mã nhỏ nhất"


def handover_receiver(unit: OrgUnit) -> OrgUnit | None:
    shares = successors(unit)
    if not shares and unit.level == OrgUnit.Level.DISTRICT:
        for child in OrgUnit.objects.get_children(unit).filter(kind=OrgUnit.Kind.ADMINISTRATIVE):
            shares.extend(successors(child))
    if not shares:
        return None
    best = min(shares, key=lambda s: (-s.weight, s.unit.gso_code != unit.gso_code, s.unit.gso_code, s.unit.pk))
    # A successor that ended in turn (xã Hà Lan → phường Đông Sơn → phường Bỉm Sơn): follow on.
    if best.unit.valid_to is not None and best.unit.pk != unit.pk:
        return handover_receiver(best.unit) or best.unit
    return best.unit


def _open_items(unit: OrgUnit) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    end = unit.valid_to
    obligations = Obligation.objects.filter(org_unit=unit, submitted_at__isnull=True)
    if end is not None:
        obligations = obligations.filter(due_date__gt=end)
    for obligation in obligations.order_by("due_date", "id"):
        items.append({"type": "obligation", "id": obligation.pk,
                      "label": f"{obligation.title} (hạn {obligation.due_date:%d/%m/%Y})"})
    # Tasks of plans issued after the unit ended (a 2017 plan stays as it was issued).
    assignments = TaskAssignment.objects.filter(org_unit=unit).exclude(
        task__status__in=[Task.Status.DONE, Task.Status.CANCELLED]
    ).select_related("task")
    if end is not None:
        assignments = assignments.filter(task__plan__date__gt=end)
    for assignment in assignments.order_by("task_id", "id"):
        items.append({"type": "task", "id": assignment.pk,
                      "label": f"{assignment.task.code} {assignment.task.text}"[:300]})
    for membership in Membership.objects.filter(org_unit=unit).select_related("user").order_by("id"):
        items.append({"type": "membership", "id": membership.pk,
                      "label": f"{membership.user.username} ({membership.get_role_display()})"})
    return items


@transaction.atomic
def handover_propose(*, actor: Any, unit: OrgUnit, to_unit: OrgUnit | None = None) -> Handover:
    """Propose (or refresh) the hand-over of `unit`'s open work; the coordinator may pick `to_unit`."""
    if unit.valid_to is None:
        raise DomainError(_("%(unit)s vẫn còn hiệu lực: chưa có gì để chuyển giao.")
                          % {"unit": unit.short_name or unit.name})
    receiver = to_unit or handover_receiver(unit)
    if receiver is None:
        raise DomainError(_("%(unit)s chưa có đơn vị kế thừa trong dữ liệu sắp xếp đơn vị hành chính.")
                          % {"unit": unit.short_name or unit.name})
    if actor is not None:
        policy.require(actor, Action.COORDINATE, receiver)
    handover = Handover.objects.filter(from_unit=unit, status=Handover.Status.PROPOSED).first()
    if handover is None:
        handover = Handover(from_unit=unit)
    handover.to_unit = receiver
    handover.rule = RULE if to_unit is None else _("Điều phối viên chọn")
    handover.items = _open_items(unit)
    handover.save()
    return handover


@transaction.atomic
def handover_confirm(*, actor: Any, handover: Handover) -> dict[str, int]:
    """Move what the proposal lists to the successor; both units' audit trails record it."""
    locked = Handover.objects.select_for_update().select_related("from_unit", "to_unit").get(pk=handover.pk)
    if locked.status != Handover.Status.PROPOSED:
        raise DomainError(_("Việc chuyển giao này đã được xác nhận."))
    policy.require(actor, Action.COORDINATE, locked.to_unit)
    source, target = locked.from_unit, locked.to_unit
    moved = {"obligation": 0, "task": 0, "membership": 0, "kept": 0}
    for item in locked.items:
        try:
            with transaction.atomic():
                if item["type"] == "obligation":
                    count = Obligation.objects.filter(pk=item["id"], org_unit=source).update(org_unit=target)
                elif item["type"] == "task":
                    count = TaskAssignment.objects.filter(pk=item["id"], org_unit=source).update(org_unit=target)
                else:
                    old = Membership.objects.filter(pk=item["id"], org_unit=source).first()
                    count = 0
                    if old is not None and not Membership.objects.filter(
                        user=old.user, org_unit=target, role=old.role
                    ).exists():
                        Membership.objects.create(user=old.user, org_unit=target, role=old.role,
                                                  scope=target if old.scope_id else None, is_head=old.is_head)
                        count = 1
        except IntegrityError:  # the successor already has the same row
            count = 0
        item["moved"] = bool(count)
        moved[item["type"] if count else "kept"] += 1
    locked.status = Handover.Status.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.confirmed_by = actor if getattr(actor, "pk", None) else None
    locked.save()
    for unit, direction in ((source, "out"), (target, "in")):
        audit_record(actor=actor, action=f"orgunit.handover_{direction}", obj=locked, org_unit=unit,
                     changes={"from": official_name(source), "to": official_name(target), **moved,
                              "items": locked.items})
    return moved
