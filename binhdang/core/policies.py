"""Per-model permission policies (the Wagtail shape), built on the role grants of
`binhdang.core.permissions`.

Each model that users act on has one policy object in its app's `permissions.py`. It answers
the two questions every caller has:

- may this user do `action` to this object? (`has`, `require`)
- which objects may this user do `action` to? (`filter`, a queryset, for every list)

Superusers are decided here and nowhere else: they may do everything. An inactive or
anonymous user may do nothing. Subclasses say only what the roles allow: `_allows` for one
object and `_allowed_q` for a queryset; the two must agree, and tests check that they do.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from .errors import AccessDenied
from .permissions import Action, is_active_user, is_superuser, policy

M = TypeVar("M", bound=Model)

__all__ = ["Action", "ModelPolicy", "coordinates_somewhere", "is_active_user", "is_superuser",
           "unit_allows", "unit_q"]


class ModelPolicy(Generic[M]):
    """Access to the rows of one model, scoped to the org tree."""

    model: type[M]
    actions: ClassVar[tuple[str, ...]] = ("view",)

    # --- what subclasses say -------------------------------------------------------------

    def _allows(self, user: Any, action: str, obj: M) -> bool:
        raise NotImplementedError

    def _allowed_q(self, user: Any, action: str) -> Q:
        return self._allowed_field_q(user, action, "")

    def _allowed_field_q(self, user: Any, action: str, field: str) -> Q:
        """The rows of another model whose `field` points at an allowed row of this one
        ('' for this model itself). Subclasses implement this or `_allowed_q`."""
        raise NotImplementedError

    def denied_message(self, action: str) -> str:
        return _("Bạn không có quyền thực hiện việc này.")

    # --- what callers use ----------------------------------------------------------------

    def _check_action(self, action: str) -> None:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")

    def has(self, user: Any, action: str, obj: M) -> bool:
        self._check_action(action)
        if not is_active_user(user):
            return False
        if is_superuser(user):
            return True
        return self._allows(user, action, obj)

    def require(self, user: Any, action: str, obj: M) -> None:
        if not self.has(user, action, obj):
            raise AccessDenied(self.denied_message(action))

    def q(self, user: Any, action: str) -> Q:
        """A filter on this model's rows (superusers: everything; nobody else: nothing)."""
        self._check_action(action)
        if not is_active_user(user):
            return Q(pk__in=[])
        if is_superuser(user):
            return Q()
        return self._allowed_q(user, action)

    def field_q(self, user: Any, action: str, field: str) -> Q:
        """A filter on another model's rows whose `field` is a row this user may `action`."""
        self._check_action(action)
        if not is_active_user(user):
            return Q(pk__in=[])
        if is_superuser(user):
            return Q()
        return self._allowed_field_q(user, action, field)

    def filter(self, user: Any, action: str, queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        """The rows of `queryset` (default: all) the user may `action`."""
        base = self.model._default_manager.all() if queryset is None else queryset
        if not is_active_user(user):
            return base.none()
        if is_superuser(user):
            return base
        return base.filter(self._allowed_q(user, action)).distinct()


def unit_q(user: Any, actions: tuple[Action, ...], field: str) -> Q:
    """Rows whose org unit `field` is within the user's reach for any of `actions`."""
    q = Q(pk__in=[])
    for action in actions:
        q |= policy.units_q(user, action, field)
    return q


def unit_allows(user: Any, actions: tuple[Action, ...], unit: Any) -> bool:
    return unit is not None and any(policy.has(user, action, unit) for action in actions)


def coordinates_somewhere(user: Any) -> bool:
    """True for a superuser or anyone who coordinates some part of the tree."""
    if is_superuser(user):
        return True
    return is_active_user(user) and any(
        g.action == Action.COORDINATE for g in policy.grants(user)
    )
