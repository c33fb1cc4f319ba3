"""Who may read, write, send, return and accept reports: the submission policy, built on the
org-tree grants; obligations have theirs in `binhdang.plans.permissions`.

Reading a submission is VIEW or SUBMIT on its unit (a commune reporter sees only its own
commune); writing and sending is SUBMIT on the unit; returning, accepting and reopening is
COORDINATE over the unit. Report forms are edited by anyone who coordinates somewhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, policy
from binhdang.core.policies import ModelPolicy, coordinates_somewhere, unit_allows, unit_q
from binhdang.plans.models import Obligation
from binhdang.plans.permissions import obligations

from .models import Submission


class SubmissionPolicy(ModelPolicy[Submission]):
    model = Submission
    actions = ("view", "submit", "coordinate")

    def _allows(self, user: Any, action: str, obj: Submission) -> bool:
        if action == "submit":
            return policy.has(user, Action.SUBMIT, obj.org_unit)
        if action == "coordinate":
            return policy.has(user, Action.COORDINATE, obj.org_unit)
        return unit_allows(user, (Action.VIEW, Action.SUBMIT), obj.org_unit)

    def _allowed_q(self, user: Any, action: str) -> Q:
        return self._unit_q(user, action, "org_unit")

    def _allowed_field_q(self, user: Any, action: str, field: str) -> Q:
        return self._unit_q(user, action, f"{field}__org_unit" if field else "org_unit")

    def _unit_q(self, user: Any, action: str, field: str) -> Q:
        if action == "submit":
            return policy.units_q(user, Action.SUBMIT, field)
        if action == "coordinate":
            return policy.units_q(user, Action.COORDINATE, field)
        return unit_q(user, (Action.VIEW, Action.SUBMIT), field)


submissions = SubmissionPolicy()


def submission_visible_q(user: Any, field: str = "org_unit") -> Q:
    """Rows whose unit at `field` holds submissions the user may read."""
    if field == "org_unit":
        return submissions.q(user, "view")
    return submissions.field_q(user, "view", field.removesuffix("__org_unit"))


def obligation_visible_q(user: Any, prefix: str = "") -> Q:
    return obligations.field_q(user, "view", prefix)


def can_view(user: Any, submission: Submission) -> bool:
    return submissions.has(user, "view", submission)


def can_submit(user: Any, obligation: Obligation) -> bool:
    return obligations.has(user, "submit", obligation)


def can_coordinate(user: Any, obligation: Obligation) -> bool:
    return obligations.has(user, "coordinate", obligation)


def require_submit(user: Any, obligation: Obligation) -> None:
    obligations.require(user, "submit", obligation)


def require_coordinate(user: Any, obligation: Obligation) -> None:
    obligations.require(user, "coordinate", obligation)


def can_edit_templates(user: Any) -> bool:
    return coordinates_somewhere(user)


def require_edit_templates(user: Any) -> None:
    if not can_edit_templates(user):
        raise AccessDenied(_("Chỉ cơ quan điều phối mới sửa được mẫu báo cáo."))
