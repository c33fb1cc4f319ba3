"""Refused attempts (403) leave a trace: a warning in the security log and an AuditEvent
`access.denied`, so the audit page counts them per user, unit and day."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("binhdang.security")


def record_refusal(request: Any, message: str) -> None:
    from .models import AuditEvent

    user = getattr(request, "user", None)
    actor = user if getattr(user, "is_authenticated", False) else None
    path = request.path[:255]
    log.warning("refused %s %s user=%s: %s", request.method, path, getattr(actor, "pk", None), message)
    unit = None
    if actor is not None:
        membership = actor.memberships.select_related("org_unit").first()
        unit = membership.org_unit if membership else None
    try:
        AuditEvent.objects.create(
            actor=actor, action="access.denied", object_type="request", object_id=request.method[:64],
            object_repr=path, org_unit=unit, changes={"method": request.method, "path": path}, reason=message[:500],
        )
    except Exception:
        log.exception("could not record a refusal")


class ForbiddenOnce(logging.Filter):
    """On `django.request`: drop the 403 record (with its full traceback). The refusal was
    already logged as one line by `record_refusal` (binhdang.security) and audited."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 403
