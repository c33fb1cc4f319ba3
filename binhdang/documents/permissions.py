"""Who may see and edit a plan import (an uploaded document under review): the uploader, and
whoever coordinates the issuer it was matched to."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.permissions import Action, policy
from binhdang.core.policies import ModelPolicy

from .models import PlanImport


class PlanImportPolicy(ModelPolicy[PlanImport]):
    model = PlanImport
    actions = ("view", "edit")

    def _allows(self, user: Any, action: str, obj: PlanImport) -> bool:
        if obj.created_by_id == user.pk:
            return True
        return obj.issuer is not None and policy.has(user, Action.COORDINATE, obj.issuer)

    def _allowed_q(self, user: Any, action: str) -> Q:
        return Q(created_by=user) | (
            Q(issuer__isnull=False) & policy.units_q(user, Action.COORDINATE, "issuer")
        )

    def denied_message(self, action: str) -> str:
        return _("Bạn không có quyền sửa bản rà soát này.")


plan_imports = PlanImportPolicy()
