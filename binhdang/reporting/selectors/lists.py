"""Lists and lookups of the reporting cycle, each filtered by the policies: submissions,
obligations, receivers and plans a user coordinates, report forms, attachments, revisions,
notifications, the period keys in use."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from binhdang.accounts.types import AnyUser, User
from binhdang.core.periods import period_choices
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind, Plan
from binhdang.plans.permissions import obligations as obligations_policy

from .. import permissions
from ..models import (
    Attachment,
    Notification,
    ReportTemplate,
    Submission,
    SubmissionRevision,
)
from ..periods import obligations_q, period_parse

# --- lists ----------------------------------------------------------------------------------


def submission_list_visible(*, user: AnyUser, period_key: str | None = None, status: str | None = None) -> QuerySet[Submission]:
    """Submissions the user may read: a reporter sees its own unit only."""
    queryset = Submission.objects.filter(permissions.submission_visible_q(user)).select_related(
        "obligation__receiver", "org_unit"
    )
    if period_key:
        queryset = queryset.filter(obligations_q(period_parse(period_key), "obligation"))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.distinct().order_by("obligation__due_date", "org_unit__path", "id")


def submission_get_visible(*, user: AnyUser, pk: int) -> Submission:
    """Raises Submission.DoesNotExist when missing or not visible to the user."""
    return submission_list_visible(user=user).get(pk=pk)


def obligation_list_visible(*, user: AnyUser, period_key: str | None = None) -> QuerySet[Obligation]:
    """Obligations the user may see: the one rule of `plans.permissions.obligations`."""
    queryset = obligations_policy.filter(user, "view")
    if period_key:
        queryset = queryset.filter(obligations_q(period_parse(period_key)))
    return (
        queryset.select_related("org_unit", "receiver", "plan", "submission")
        .distinct()
        .order_by("due_date", "org_unit__path", "id")
    )


def receiver_list_coordinated(*, user: Any) -> list[OrgUnit]:
    """The units that receive reports and that the user coordinates (consolidation picker)."""
    from binhdang.core.permissions import Action, policy

    ids = Obligation.objects.values("receiver_id")
    return list(OrgUnit.objects.filter(policy.units_q(user, Action.COORDINATE), pk__in=ids)
                .order_by("path"))


def plan_list_coordinated(*, user: Any, with_obligations: bool = False) -> QuerySet[Plan]:
    """Plans the user may edit (coordinates the issuer), newest first."""
    from binhdang.plans.permissions import plans

    queryset = plans.filter(user, "edit").select_related("issuer")
    if with_obligations:
        queryset = queryset.filter(pk__in=Obligation.objects.values("plan_id"))
    return queryset.order_by("-year", "number")


def obligation_units(*, plans: QuerySet[Plan]) -> QuerySet[OrgUnit]:
    """The units that have obligations under `plans` (who an ad-hoc request may go to)."""
    return OrgUnit.objects.filter(
        pk__in=Obligation.objects.filter(plan__in=plans).values("org_unit")).order_by("path")


def template_for_kind(kind: str | None) -> ReportTemplate:
    """The stored form of a report kind, or (never stored yet) its default, unsaved: a read
    creates nothing; the data migration stores the defaults."""
    from ..defaults import default_template

    template = ReportTemplate.objects.filter(kind=kind).first() if kind else None
    if template is not None:
        return template
    name, sections = default_template(kind or ObligationKind.REPORT_SEMIANNUAL)
    return ReportTemplate(kind=kind or ObligationKind.REPORT_SEMIANNUAL, name=name, sections=sections)


def template_list() -> list[ReportTemplate]:
    """Every report kind's form, stored or default, in the order of the kinds."""
    return [template_for_kind(kind) for kind in ObligationKind.values]


def obligation_get_visible(*, user: AnyUser, pk: int) -> Obligation:
    return obligation_list_visible(user=user).get(pk=pk)


def attachment_get_visible(*, user: AnyUser, pk: int) -> Attachment:
    """Raises Attachment.DoesNotExist unless the user may read its report."""
    return Attachment.objects.filter(permissions.submission_visible_q(user, "submission__org_unit")).distinct().get(pk=pk)


def revision_list(*, submission: Submission) -> list[SubmissionRevision]:
    return list(submission.revisions.select_related("submitted_by").order_by("number"))


def notification_list(*, user: User, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


@dataclass
class NotificationGroup:
    kind: str
    label: str
    items: list[Notification]
    unread: int


@dataclass
class NotificationDay:
    day: datetime.date
    groups: list[NotificationGroup]

    @property
    def count(self) -> int:
        return sum(len(g.items) for g in self.groups)


def notification_days(*, user: User, limit: int = 200) -> list[NotificationDay]:
    """The user's latest notifications by local day (newest first), then by kind within a day."""
    from ..messages import NotificationKind

    order = {kind: position for position, kind in enumerate(NotificationKind.values)}
    days: dict[datetime.date, dict[str, list[Notification]]] = {}
    for n in notification_list(user=user, limit=limit):
        day = timezone.localtime(n.created_at).date()
        days.setdefault(day, {}).setdefault(n.kind or NotificationKind.OTHER, []).append(n)
    out = []
    for day, kinds in days.items():
        groups = [NotificationGroup(kind=k, label=str(NotificationKind(k).label) if k in order else k,
                                    items=items, unread=sum(1 for i in items if i.read_at is None))
                  for k, items in sorted(kinds.items(), key=lambda kv: order.get(kv[0], 99))]
        out.append(NotificationDay(day=day, groups=groups))
    return out


def notification_total(*, user: User) -> int:
    return Notification.objects.filter(user=user).count()


def notification_unread_count(*, user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def period_keys_available() -> list[str]:
    """Period keys that have obligations, newest first (for filters)."""
    from django.db.models.functions import ExtractYear

    suffix = {ObligationKind.REPORT_SEMIANNUAL: "-H1", ObligationKind.REPORT_ANNUAL: "",
              ObligationKind.UNIT_PLAN: "-plan"}
    pairs = (Obligation.objects.exclude(kind=ObligationKind.ADHOC)
             .annotate(year=ExtractYear("due_date")).values_list("kind", "year").distinct())
    keys = {f"{year}{suffix[ObligationKind(kind)]}" for kind, year in pairs}
    requests = (Obligation.objects.filter(kind=ObligationKind.ADHOC)
                .values_list("adhoc_requests__pk", flat=True).distinct())
    keys |= {f"adhoc-{pk}" for pk in requests if pk}
    return [p.key for p in period_choices(sorted(keys))]
