"""Who may read, write, send, return and accept reports; built on the core policy.

Reading a submission is VIEW on its unit (a commune reporter sees only its own commune);
writing and sending is SUBMIT on the unit; returning, accepting, reopening, changing
deadlines and editing report forms is COORDINATE (the receiver's lead agency).
"""

from django.db.models import Q

from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, policy


def submission_visible_q(user, field: str = "org_unit") -> Q:
    if not getattr(user, "is_active", False):
        return Q(pk__in=[])
    return policy.units_q(user, Action.VIEW, field) | policy.units_q(user, Action.SUBMIT, field)


def obligation_visible_q(user, prefix: str = "") -> Q:
    """Obligations whose unit the user may view or submit for, or whose receiver it coordinates."""
    p = f"{prefix}__" if prefix else ""
    if not getattr(user, "is_active", False):
        return Q(pk__in=[])
    return (
        policy.units_q(user, Action.VIEW, f"{p}org_unit")
        | policy.units_q(user, Action.SUBMIT, f"{p}org_unit")
        | policy.units_q(user, Action.COORDINATE, f"{p}receiver")
    )


def can_view(user, submission) -> bool:
    unit = submission.org_unit
    return policy.has(user, Action.VIEW, unit) or policy.has(user, Action.SUBMIT, unit)


def can_submit(user, obligation) -> bool:
    return policy.has(user, Action.SUBMIT, obligation.org_unit)


def can_coordinate(user, obligation) -> bool:
    return policy.has(user, Action.COORDINATE, obligation.org_unit)


def require_submit(user, obligation) -> None:
    policy.require(user, Action.SUBMIT, obligation.org_unit)


def require_coordinate(user, obligation) -> None:
    policy.require(user, Action.COORDINATE, obligation.org_unit)


def can_edit_templates(user) -> bool:
    if not getattr(user, "is_active", False):
        return False
    return bool(user.is_superuser) or any(g.action == Action.COORDINATE for g in policy.grants(user))


def require_edit_templates(user) -> None:
    if not can_edit_templates(user):
        from django.utils.translation import gettext as _

        raise AccessDenied(_("Chỉ cơ quan điều phối mới sửa được mẫu báo cáo."))
