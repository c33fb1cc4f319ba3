"""Who may enter, read and configure indicators, activities and budget; all through the core policy."""

from binhdang.accounts.types import AnyUser
from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from .models import Target


def can_view(user: AnyUser | None, unit: OrgUnit) -> bool:
    return policy.has(user, Action.VIEW, unit)


def can_enter(user: AnyUser | None, unit: OrgUnit) -> bool:
    """Reporters enter their own unit's values and activities; coordinators theirs too."""
    return policy.has(user, Action.SUBMIT, unit)


def can_edit_catalogue(user: AnyUser | None) -> bool:
    """The catalogue is national data: administrators, or coordinators whose scope is a root."""
    if not getattr(user, "is_active", False):
        return False
    if policy.is_administrator(user):
        return True
    return any(len(path) == OrgUnit.steplen for path in policy.scopes(user, Action.COORDINATE))


def can_edit_target(user: AnyUser | None, target: Target) -> bool:
    if can_edit_catalogue(user):
        return True
    return target.org_unit is not None and policy.has(user, Action.COORDINATE, target.org_unit)


def require_catalogue_edit(user: AnyUser | None) -> None:
    if not can_edit_catalogue(user):
        from django.utils.translation import gettext as _

        raise AccessDenied(_("Chỉ quản trị viên hoặc cơ quan điều phối cấp cao nhất mới được sửa danh mục chỉ tiêu."))
