"""In-app notifications and who receives them."""

import datetime
import uuid

from django.db import transaction
from django.db.models import QuerySet

from binhdang.accounts.models import Membership, User
from binhdang.core.permissions import Action, roles_granting
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation

from ..models import (
    Notification,
    Submission,
)
from .forms import _now

# --- notifications --------------------------------------------------------------------------


def unit_reporters(unit: OrgUnit) -> list[User]:
    """People working in `unit` whose role lets them submit its reports (the policy's table)."""
    return _users(Membership.objects.filter(org_unit=unit, role__in=roles_granting(Action.SUBMIT)))


def unit_heads(unit: OrgUnit) -> list[User]:
    return _users(Membership.objects.filter(org_unit=unit, is_head=True))


def receiver_coordinators(obligation: Obligation) -> list[User]:
    """People working in the receiving unit whose role lets them coordinate (review) reports."""
    return _users(Membership.objects.filter(org_unit_id=obligation.receiver_id,
                                            role__in=roles_granting(Action.COORDINATE)))


def _users(memberships: QuerySet[Membership]) -> list[User]:
    seen: set[int] = set()
    users: list[User] = []
    for m in memberships.select_related("user").order_by("user_id"):
        if m.user.is_active and m.user_id not in seen:
            seen.add(m.user_id)
            users.append(m.user)
    return users


def notify(*, user: User, key: str, title: str, body: str = "", url: str = "", obligation: Obligation | None = None,
           now: datetime.datetime | None = None) -> Notification:
    """An in-app notification; the same (user, key) twice creates it once."""
    notification, _created = Notification.objects.get_or_create(
        user=user, key=key[:200],
        defaults={"title": str(title)[:255], "body": str(body), "url": url, "obligation": obligation,
                  "created_at": _now(now)},
    )
    return notification


def _notify_unit(submission: Submission, now: datetime.datetime | None, key: str, title: str, body: str) -> None:
    for user in unit_reporters(submission.org_unit):
        notify(user=user, key=key, title=title, body=body, url=submission.get_absolute_url(),
               obligation=submission.obligation, now=now)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None, now: datetime.datetime | None = None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=_now(now))


def new_token() -> str:
    return uuid.uuid4().hex
