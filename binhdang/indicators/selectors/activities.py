"""Which units a user sees, the latest period with data, and the activity log."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, QuerySet, Sum

from binhdang.accounts.types import AnyUser
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Task

from ..models import Activity
from ..periods import period_parse
from ..rollups import AGG, VAL

# --- visibility -----------------------------------------------------------------------------


def units_visible(*, user: AnyUser, action: Action = Action.VIEW) -> QuerySet[OrgUnit]:
    return policy.filter(user, action, OrgUnit.objects.all(), field="").order_by("path")


def activity_task_choices(*, user: AnyUser) -> QuerySet[Task]:
    """Tasks an activity may be logged against: those of the plans the user may read (issued
    at or above the units the user works in)."""
    from binhdang.plans.permissions import plans

    return (Task.objects.filter(plan__in=plans.filter(user, "view")).select_related("plan")
            .order_by("plan__year", "plan__number", "order"))


def latest_period(unit: OrgUnit) -> str | None:
    """The latest half-year with data at or below the unit."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(period) FROM (SELECT period FROM {AGG} WHERE org_unit_id = %s AND period LIKE %s "  # noqa: S608
            f"UNION ALL SELECT period FROM {VAL} WHERE org_unit_id = %s AND period LIKE %s) p",
            [unit.pk, "%-H%", unit.pk, "%-H%"],
        )
        return cursor.fetchone()[0]


def home_unit(*, user: AnyUser) -> OrgUnit | None:
    """The highest unit the user may view (their scope root or own unit)."""
    return units_visible(user=user).order_by("depth", "path").first()


# --- activities -----------------------------------------------------------------------------


def activity_list_visible(*, user: AnyUser, unit: OrgUnit | None = None, period: str | None = None,
                          kind: str = "") -> QuerySet[Activity]:
    qs = policy.filter(user, Action.VIEW, Activity.objects.select_related("org_unit", "task", "task__plan"))
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if period:
        p = period_parse(period)
        qs = qs.filter(date__gte=p.start, date__lte=p.end)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-date", "-id")


def activity_get_visible(*, user: AnyUser, pk: int) -> Activity:
    """Raises Activity.DoesNotExist when missing or out of the user's view."""
    activity = Activity.objects.select_related("org_unit", "task").get(pk=pk)
    if not policy.has(user, Action.VIEW, activity.org_unit):
        raise Activity.DoesNotExist
    return activity


@dataclass
class ActivityKindSummary:
    kind: str
    label: str
    count: int
    female: int
    male: int
    women_cadres: int
    audience: int
    cost: Decimal

    @property
    def total(self) -> int:
        return self.female + self.male


def activity_summary(org_unit: OrgUnit, period_key: str) -> list[ActivityKindSummary]:
    """Activities of the unit and everything below it in the period, per kind (for reports)."""
    p = period_parse(period_key)
    rows = (
        Activity.objects.filter(org_unit__path__startswith=org_unit.path, date__gte=p.start, date__lte=p.end)
        .values("kind")
        .annotate(count=Count("id"), female=Sum("participants_female"), male=Sum("participants_male"),
                  cadres=Sum("women_cadres"), audience=Sum("audience_reached"), cost=Sum("cost"))
    )
    labels = dict(Activity.Kind.choices)
    by_kind = {r["kind"]: r for r in rows}
    return [
        ActivityKindSummary(kind, str(labels[kind]), r["count"], r["female"] or 0, r["male"] or 0,
                            r["cadres"] or 0, r["audience"] or 0, r["cost"] or Decimal(0))
        for kind in labels if (r := by_kind.get(kind))
    ]
