"""Reads for the coordinator's audit page: the events of their scope, filtered."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from binhdang.core.models import AuditEvent
from binhdang.orgunits.models import OrgUnit

from .audit_labels import action_label
from .permissions import audit_events


def audit_event_list(*, user: Any, actor: str = "", action: str = "", unit: OrgUnit | None = None,
                     date_from: datetime.date | None = None,
                     date_to: datetime.date | None = None) -> QuerySet[AuditEvent]:
    """The events the user may read, newest first: `actor` matches a user name or full name
    (accents as typed), `unit` takes its whole subtree, the dates are whole days in Vietnam
    time, both included."""
    queryset = audit_events.filter(user, "view").select_related("actor", "org_unit")
    if actor:
        for word in actor.split():
            queryset = queryset.filter(Q(actor__username__icontains=word) | Q(actor__full_name__icontains=word)
                                       | Q(actor__first_name__icontains=word) | Q(actor__last_name__icontains=word))
    if action:
        queryset = queryset.filter(action=action)
    if unit is not None:
        queryset = queryset.filter(org_unit__path__startswith=unit.path)
    zone = timezone.get_current_timezone()
    if date_from is not None:
        queryset = queryset.filter(at__gte=datetime.datetime.combine(date_from, datetime.time.min, zone))
    if date_to is not None:
        queryset = queryset.filter(
            at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, zone))
    return queryset.order_by("-at", "-id")


def audit_action_choices(*, user: Any) -> list[tuple[str, str]]:
    """(code, Vietnamese label) of the actions found in the user's events, by label."""
    codes = audit_events.filter(user, "view").order_by().values_list("action", flat=True).distinct()
    return sorted(((code, action_label(code)) for code in set(codes)), key=lambda pair: pair[1])


def audit_unit_choices(*, user: Any) -> list[OrgUnit]:
    """The units the user's events were recorded against, in tree order."""
    ids = audit_events.filter(user, "view").order_by().values("org_unit_id")
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("path"))
