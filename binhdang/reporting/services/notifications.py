"""In-app notifications and who receives them."""

import datetime
import uuid

from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from binhdang.accounts.models import Membership, User
from binhdang.core.audit import audit_record
from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, roles_granting
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation

from .. import messages
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


def notify(*, user: User, key: str, message: str = "", params: dict | None = None, title: str = "",
           body: str = "", url: str = "", obligation: Obligation | None = None,
           now: datetime.datetime | None = None) -> Notification:
    """An in-app notification; the same (user, key) twice creates it once.

    `message` is a key of binhdang.reporting.messages and `params` its data: the page renders
    the text in the reader's language. The Vietnamese text is kept too (admin, e-mail).
    `title`/`body` alone make a plain notification shown as written.
    """
    params = dict(params or {})
    if message:
        with translation.override("vi"):
            rendered = messages.render(message, params)
        if rendered is None:
            raise ValueError(f"unknown notification message {message!r}")
        title, body = rendered
    notification, _created = Notification.objects.get_or_create(
        user=user, key=key[:200],
        defaults={"kind": messages.kind_of(message), "message": message, "params": params,
                  "title": str(title)[:255], "body": str(body), "url": url, "obligation": obligation,
                  "created_at": _now(now)},
    )
    return notification


def _notify_unit(submission: Submission, now: datetime.datetime | None, key: str, message: str,
                 params: dict) -> None:
    for user in unit_reporters(submission.org_unit):
        notify(user=user, key=key, message=message, params=params, url=submission.get_absolute_url(),
               obligation=submission.obligation, now=now)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None, now: datetime.datetime | None = None) -> int:
    """Mark the user's unread notifications (all, or those of `ids`) read; audited when any changed."""
    if not getattr(user, "is_authenticated", False):
        raise AccessDenied(_("Bạn cần đăng nhập."))
    queryset = Notification.objects.select_for_update().filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    marked = list(queryset.values_list("pk", flat=True))
    if not marked:
        return 0
    count = Notification.objects.filter(pk__in=marked).update(read_at=_now(now))
    audit_record(actor=user, action="notifications.mark_read", obj=user,
                 changes={"count": count, "all": ids is None, "ids": marked[:200]})
    return count


def new_token() -> str:
    return uuid.uuid4().hex
