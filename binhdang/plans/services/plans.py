"""Plans: create, edit (optimistic lock), the shared checks of every plan write."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import DomainError
from binhdang.core.locking import lock_version
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from .. import permissions
from ..models import (
    Plan,
    TaskDue,
)

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# Extension → the bytes such a file starts with (a .docx/.xlsx is a ZIP container).
EVIDENCE_TYPES: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".docx": (b"PK", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (b"PK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG", "image/png"),
}
PLAN_FIELDS = (
    "number", "doc_type", "type_name", "place", "date", "title", "purpose", "parent_issuer",
    "signer_name", "signer_title", "signer_authority", "status",
)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def check_coordinate(actor: Any, plan_or_issuer: Plan | OrgUnit) -> None:
    """The check of every plan write: the actor coordinates the issuer (AccessDenied)."""
    issuer = plan_or_issuer.issuer if isinstance(plan_or_issuer, Plan) else plan_or_issuer
    policy.require(actor, Action.COORDINATE, issuer)


def _plan_stale(current: Plan, given: int) -> str:
    return _(
        "Kế hoạch đã được người khác sửa trong lúc bạn đang sửa (bạn sửa từ phiên bản "
        "%(given)s, hiện là phiên bản %(current)s). Hãy tải lại trang rồi nhập lại "
        "thay đổi của bạn."
    ) % {"given": given, "current": current.version}


def _lock_plan(plan: Plan, version: int) -> Plan:
    return lock_version(Plan.objects.all(), plan.pk, version, _plan_stale)


def _bump(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(version=plan.version + 1, updated_at=timezone.now())
    plan.version += 1


def _clean_plan_fields(fields: dict[str, Any]) -> None:
    if not (fields.get("title") or "").strip():
        raise DomainError(_("Trích yếu kế hoạch không được để trống."), field="title")
    if not isinstance(fields.get("date"), datetime.date):
        raise DomainError(_("Ngày ban hành không hợp lệ."), field="date")
    if fields.get("status") not in Plan.Status.values:
        raise DomainError(_("Trạng thái kế hoạch không hợp lệ."), field="status")


def _check_unique_number(plan: Plan) -> None:
    if plan.number and (
        Plan.objects.filter(issuer=plan.issuer, number=plan.number, year=plan.year)
        .exclude(pk=plan.pk)
        .exists()
    ):
        raise DomainError(
            _("Kế hoạch số %(number)s năm %(year)s của %(issuer)s đã có.")
            % {"number": plan.number, "year": plan.year, "issuer": plan.issuer.name},
            field="number",
        )


# --- plans --------------------------------------------------------------------------------


@transaction.atomic
def do_plan_create(
    *,
    actor: Actor,
    issuer: OrgUnit,
    date: datetime.date,
    title: str,
    number: str = "",
    doc_type: str = "KH",
    type_name: str = "Kế hoạch",
    place: str = "",
    purpose: list[str] | None = None,
    preamble: list[str] | None = None,
    parent_issuer: str = "",
    signer_name: str = "",
    signer_title: str = "",
    signer_authority: str = "",
    status: str = Plan.Status.DRAFT,
    parent: Plan | None = None,
    source_text: str = "",
) -> Plan:
    """Create a plan issued by `issuer`, without asking the policy (loaders, copies, a unit's
    own plan; `plan_create` asks). DomainError for an empty title or a number used that year.
    """
    fields = {
        "number": number.strip(), "doc_type": doc_type.strip() or "KH",
        "type_name": type_name.strip() or "Kế hoạch", "place": place.strip(), "date": date,
        "title": (title or "").strip(), "purpose": list(purpose or []),
        "preamble": [p.strip() for p in preamble or [] if p.strip()],
        "parent_issuer": parent_issuer.strip(), "signer_name": signer_name.strip(),
        "signer_title": signer_title.strip(), "signer_authority": signer_authority.strip(),
        "status": status,
    }
    _clean_plan_fields(fields)
    plan = Plan(issuer=issuer, year=date.year, parent=parent, source_text=source_text, **fields)
    _check_unique_number(plan)
    plan.save()
    audit_record(actor=actor, action="plan.create", obj=plan, org_unit=issuer, changes=fields)
    return plan


def plan_create(*, actor: Any, issuer: OrgUnit, **fields: Any) -> Plan:
    """Create a plan issued by `issuer`: AccessDenied unless the actor coordinates it."""
    check_coordinate(actor, issuer)
    return do_plan_create(actor=actor, issuer=issuer, **fields)


@transaction.atomic
def plan_update(*, actor: Actor, plan: Plan, version: int, **changes: Any) -> Plan:
    """Change the plan's header fields.

    Raises ConflictError when `version` is stale (someone saved in between), DomainError for
    invalid values (a date after an existing task due date, a used number), AccessDenied.
    """
    permissions.plan_require_edit(actor, plan)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError(f"Unknown fields: {', '.join(sorted(unknown))}")
    current = _lock_plan(plan, version)
    before = {f: getattr(current, f) for f in PLAN_FIELDS}
    after = {**before, **{k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}}
    _clean_plan_fields(after)
    earliest = TaskDue.objects.filter(task__plan=current).order_by("date").first()
    if earliest and earliest.date < after["date"]:
        raise DomainError(
            _("Ngày ban hành %(date)s sau hạn %(due)s của nhiệm vụ %(code)s.")
            % {"date": _d(after["date"]), "due": _d(earliest.date), "code": earliest.task.code},
            field="date",
        )
    for name, value in after.items():
        setattr(current, name, value)
    current.year = current.date.year
    _check_unique_number(current)
    current.version = version + 1
    current.save()
    changed = diff_fields(before, after)
    audit_record(actor=actor, action="plan.update", obj=current, org_unit=current.issuer, changes=changed)
    if before["status"] != Plan.Status.ISSUED and current.status == Plan.Status.ISSUED:
        from .obligations import do_obligations_generate  # issuing creates the obligations

        do_obligations_generate(actor=actor, plan=current)
    plan.__dict__.update({k: getattr(current, k) for k in (*PLAN_FIELDS, "year", "version")})
    return current
