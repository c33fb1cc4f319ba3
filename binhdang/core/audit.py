"""Recording audit events; services call this inside their transaction."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    org_unit=None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        org_unit=org_unit,
        changes=_jsonable(changes or {}),
        reason=reason,
    )


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def require_reason(reason: str | None, *, field: str = "reason") -> str:
    """A reason worth keeping in the audit trail: at least BINHDANG_MIN_REASON_LENGTH letters
    (default 10), so "x" cannot reopen an accepted report."""
    text = " ".join((reason or "").split())
    minimum = int(getattr(settings, "BINHDANG_MIN_REASON_LENGTH", 10))
    if not text:
        raise DomainError(_("Hãy ghi rõ lý do."), field=field, code="reason_required")
    if sum(ch.isalnum() for ch in text) < minimum:
        raise DomainError(_("Lý do quá ngắn: hãy ghi rõ lý do (ít nhất %(n)s chữ cái hoặc chữ số).") % {"n": minimum},
                          field=field, code="reason_too_short")
    return text
