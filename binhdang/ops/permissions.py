"""Who reads which audit events: a coordinator those of the units in their scope, read-only.

An event belongs to the unit it was recorded against (`AuditEvent.org_unit`); an event with no
unit (a user created, a form changed for everyone) is for administrators only. Reporters and
viewers have no audit page: the trail of their own unit is their coordinator's to read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from binhdang.core.models import AuditEvent
from binhdang.core.permissions import Action, policy
from binhdang.core.policies import ModelPolicy, coordinates_somewhere


class AuditEventPolicy(ModelPolicy[AuditEvent]):
    model = AuditEvent
    actions = ("view",)

    def _allows(self, user: Any, action: str, obj: AuditEvent) -> bool:
        return obj.org_unit is not None and policy.has(user, Action.COORDINATE, obj.org_unit)

    def _allowed_field_q(self, user: Any, action: str, field: str) -> Q:
        prefix = f"{field}__" if field else ""
        return policy.units_q(user, Action.COORDINATE, f"{prefix}org_unit")

    def may_open_page(self, user: Any) -> bool:
        """The audit page is a coordinator's (or a superuser's)."""
        return coordinates_somewhere(user)


audit_events = AuditEventPolicy()
