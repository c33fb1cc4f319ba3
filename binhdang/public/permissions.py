"""Who may publish indicators on a public page: the coordinators of the unit (its scope)."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.permissions import Action, policy
from binhdang.core.policies import ModelPolicy

from .models import Publication


class PublicationPolicy(ModelPolicy[Publication]):
    model = Publication
    actions = ("view", "edit")

    def _allows(self, user: Any, action: str, obj: Publication) -> bool:
        return policy.has(user, Action.COORDINATE, obj.org_unit)

    def _allowed_field_q(self, user: Any, action: str, field: str) -> Q:
        prefix = f"{field}__" if field else ""
        return policy.units_q(user, Action.COORDINATE, f"{prefix}org_unit")

    def denied_message(self, action: str) -> str:
        return _("Chỉ cơ quan điều phối của đơn vị mới được công khai chỉ tiêu.")


publications = PublicationPolicy()
