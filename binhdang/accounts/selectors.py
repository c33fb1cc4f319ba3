"""Reads about users: their memberships and the units they work in."""

from binhdang.orgunits.models import OrgUnit

from .models import Membership
from .types import AnyUser


def membership_list_for_user(*, user: AnyUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("org_unit", "scope")
        .order_by("org_unit__path", "role")
    )


def membership_list_for_unit(*, unit: OrgUnit) -> list[Membership]:
    return list(
        Membership.objects.filter(org_unit=unit).select_related("user").order_by("role", "user__username")
    )
