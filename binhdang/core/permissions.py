"""The one permission policy: what a role may do, and where in the org tree.

Every view, API and service asks `policy`; nothing else compares roles.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from django.db.models import Q, QuerySet

from .errors import AccessDenied


class Action(StrEnum):
    VIEW = "view"  # read a unit's data
    SUBMIT = "submit"  # enter and submit data for a unit
    COORDINATE = "coordinate"  # review, return, accept, consolidate; edit plans issued in scope
    ADMINISTER = "administer"  # manage units, users and configuration


# Where each role's actions apply: "scope" = the membership's scope subtree,
# "unit" = exactly the unit the user works in.
_ROLE_GRANTS: dict[str, dict[Action, str]] = {
    "administrator": {
        Action.VIEW: "scope",
        Action.SUBMIT: "scope",
        Action.COORDINATE: "scope",
        Action.ADMINISTER: "scope",
    },
    "coordinator": {Action.VIEW: "scope", Action.COORDINATE: "scope", Action.SUBMIT: "unit"},
    "reporter": {Action.VIEW: "unit", Action.SUBMIT: "unit"},
    "viewer": {Action.VIEW: "scope"},
}


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_superuser(user: Any) -> bool:
    """The one place that reads `is_superuser` for access decisions (policies use it)."""
    return is_active_user(user) and bool(getattr(user, "is_superuser", False))


def roles_granting(action: "Action") -> list[str]:
    """The roles whose holders may do `action` in the unit they work in (for choosing whom to
    notify: the role table stays here)."""
    return [role for role, grants in _ROLE_GRANTS.items() if action in grants]


class TreeNode(Protocol):
    """An org unit as core sees it (core sits below orgunits and cannot import its model)."""

    @property
    def pk(self) -> Any: ...

    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class Grant:
    action: Action
    path: str
    subtree: bool
    unit_id: int

    def covers(self, unit: TreeNode) -> bool:
        if self.subtree:
            return unit.path.startswith(self.path)
        return unit.pk == self.unit_id


class OrgScopedPolicy:
    """Roles granted on an org unit, applied to that unit or its whole subtree."""

    cache_attr = "_binhdang_grants"

    def grants(self, user: Any) -> list[Grant]:
        if not getattr(user, "is_authenticated", False):
            return []
        cached = getattr(user, self.cache_attr, None)
        if cached is not None:
            return cached
        grants: list[Grant] = []
        memberships = user.memberships.select_related("org_unit", "scope")
        for membership in memberships:
            for action, where in _ROLE_GRANTS.get(membership.role, {}).items():
                if where == "scope":
                    scope = membership.scope_unit
                    grants.append(Grant(action, scope.path, True, scope.pk))
                else:
                    unit = membership.org_unit
                    grants.append(Grant(action, unit.path, False, unit.pk))
        setattr(user, self.cache_attr, grants)
        return grants

    def forget(self, user: Any) -> None:
        if hasattr(user, self.cache_attr):
            delattr(user, self.cache_attr)

    def has(self, user: Any, action: Action, unit: TreeNode) -> bool:
        if not is_active_user(user):
            return False
        if is_superuser(user):
            return True
        return any(g.action == action and g.covers(unit) for g in self.grants(user))

    def require(self, user: Any, action: Action, unit: TreeNode) -> None:
        if not self.has(user, action, unit):
            raise AccessDenied(_denied_message(action))

    def units_q(self, user: Any, action: Action, field: str = "") -> Q:
        """A filter selecting the org units (or rows whose `field` is an org unit) in reach."""
        prefix = f"{field}__" if field else ""
        if is_superuser(user):
            return Q()
        q = Q(pk__in=[])
        for grant in self.grants(user):
            if grant.action != action:
                continue
            if grant.subtree:
                q |= Q(**{f"{prefix}path__startswith": grant.path})
            else:
                q |= Q(**{f"{prefix}pk" if prefix else "pk": grant.unit_id})
        return q

    def filter(self, user: Any, action: Action, queryset: QuerySet, field: str = "org_unit") -> QuerySet:
        if not is_active_user(user):
            return queryset.none()
        return queryset.filter(self.units_q(user, action, field)).distinct()

    def scopes(self, user: Any, action: Action) -> list[str]:
        """Path prefixes of the subtrees where `action` is granted (for tree pages)."""
        return [g.path for g in self.grants(user) if g.action == action and g.subtree]

    def has_anywhere(self, user: Any, action: Action) -> bool:
        """Whether `action` is granted on at least one unit (a viewer submits nowhere)."""
        if not getattr(user, "is_active", False):
            return False
        return bool(user.is_superuser) or any(g.action == action for g in self.grants(user))

    def is_administrator(self, user: Any) -> bool:
        return is_superuser(user) or any(
            g.action == Action.ADMINISTER for g in self.grants(user)
        )


def _denied_message(action: Action) -> str:
    from django.utils.translation import gettext as _

    return {
        Action.VIEW: _("Bạn không có quyền xem dữ liệu của đơn vị này."),
        Action.SUBMIT: _("Bạn không có quyền nhập hoặc gửi dữ liệu cho đơn vị này."),
        Action.COORDINATE: _("Chỉ cơ quan điều phối trong phạm vi mới được thực hiện việc này."),
        Action.ADMINISTER: _("Chỉ quản trị viên mới được thực hiện việc này."),
    }[action]


policy = OrgScopedPolicy()
