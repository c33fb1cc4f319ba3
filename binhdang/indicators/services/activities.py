"""Activities (trainings, communication, counselling, inspections) and the indicator values
derived from them."""

from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import DomainError
from binhdang.core.locking import lock_version
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from ..models import (
    Activity,
    Indicator,
)
from ..periods import Period, periods_containing
from .values import Wanted, _write

ACTIVITY_FIELDS = [
    "kind", "title", "date", "task", "channel", "audience_reached", "topic", "participants_female",
    "participants_male", "women_cadres", "cost", "inspected_unit", "findings", "recommendations",
    "follow_up", "notes",
]


def _activity_clean(activity: Activity) -> None:
    if activity.women_cadres > activity.participants_female:
        raise DomainError(_("Số cán bộ nữ không được lớn hơn số người tham gia là nữ."), field="women_cadres")
    if activity.kind == Activity.Kind.COMMUNICATION and not activity.channel:
        raise DomainError(_("Chọn kênh tuyên truyền."), field="channel")
    if activity.kind == Activity.Kind.COUNSELLING and not activity.topic:
        raise DomainError(_("Chọn chủ đề tư vấn."), field="topic")
    if activity.kind == Activity.Kind.INSPECTION and not activity.inspected_unit_id:
        raise DomainError(_("Chọn đơn vị được kiểm tra."), field="inspected_unit")
    if activity.kind != Activity.Kind.COMMUNICATION:
        activity.channel = ""
    if activity.kind != Activity.Kind.COUNSELLING:
        activity.topic = ""
    activity.full_clean(exclude=["task", "inspected_unit", "org_unit", "created_by"])


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    return {name: getattr(activity, f"{name}_id" if name in ("task", "inspected_unit") else name)
            for name in ACTIVITY_FIELDS}


@transaction.atomic
def do_activity_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> Activity:
    """Raises AccessDenied without SUBMIT on the organising unit, DomainError for bad input."""
    activity = Activity(org_unit=org_unit, created_by=actor if getattr(actor, "pk", None) else None,
                        **{k: v for k, v in fields.items() if k in ACTIVITY_FIELDS})
    _activity_clean(activity)
    activity.save()
    audit_record(actor=actor, action="indicators.activity_create", obj=activity, org_unit=org_unit,
                 changes=_activity_snapshot(activity))
    activity_indicators_sync(org_unit=org_unit, periods=periods_containing(activity.date))
    return activity


def activity_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> Activity:
    """`do_activity_create` for a user: AccessDenied without SUBMIT on the unit."""
    policy.require(actor, Action.SUBMIT, org_unit)
    return do_activity_create(actor=actor, org_unit=org_unit, **fields)


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, version: int, **changes: Any) -> Activity:
    """Raises ConflictError when someone saved the activity since `version` was read."""
    policy.require(actor, Action.SUBMIT, activity.org_unit)
    locked = lock_version(Activity.objects.all(), activity.pk, version,
                          lambda current, given: _("Hoạt động đã được người khác sửa; hãy tải lại trang."))
    before = _activity_snapshot(locked)
    old_date = locked.date
    for name, value in changes.items():
        if name in ACTIVITY_FIELDS:
            setattr(locked, name, value)
    _activity_clean(locked)
    locked.version += 1
    locked.save()
    audit_record(actor=actor, action="indicators.activity_update", obj=locked, org_unit=locked.org_unit,
                 changes=diff_fields(before, _activity_snapshot(locked)))
    periods = {p.key: p for p in periods_containing(old_date) + periods_containing(locked.date)}
    activity_indicators_sync(org_unit=locked.org_unit, periods=list(periods.values()))
    return locked


@transaction.atomic
def activity_delete(*, actor: Actor, activity: Activity, version: int) -> None:
    policy.require(actor, Action.SUBMIT, activity.org_unit)
    locked = lock_version(Activity.objects.all(), activity.pk, version,
                          lambda current, given: _("Hoạt động đã được người khác sửa; hãy tải lại trang."))
    audit_record(actor=actor, action="indicators.activity_delete", obj=locked, org_unit=locked.org_unit,
                 changes=_activity_snapshot(locked))
    unit, day = locked.org_unit, locked.date
    locked.delete()
    activity_indicators_sync(org_unit=unit, periods=periods_containing(day))


def _activity_filter(rule: dict[str, Any]) -> Q:
    q = Q()
    kinds = rule.get("kind")
    if kinds:
        q &= Q(kind__in=kinds if isinstance(kinds, list) else [kinds])
    if rule.get("channel"):
        q &= Q(channel=rule["channel"])
    if rule.get("topic"):
        q &= Q(topic=rule["topic"])
    return q


def activity_indicators_sync(*, org_unit: OrgUnit, periods: list[Period]) -> None:
    """Recompute the unit's activity-derived indicator values for the periods (system write)."""
    derived = [i for i in Indicator.objects.exclude(activity_rule={}) if i.activity_rule]
    if not derived:
        return
    for period in periods:
        activities = Activity.objects.filter(org_unit=org_unit, date__gte=period.start, date__lte=period.end)
        wanted: Wanted = {}
        for indicator in derived:
            rule = indicator.activity_rule
            sums = activities.filter(_activity_filter(rule)).aggregate(
                count=Count("id"), female=Sum("participants_female"), male=Sum("participants_male"),
                audience=Sum("audience_reached"), cadres=Sum("women_cadres"),
            )
            measure = rule.get("measure", "count")
            if measure == "participants" and indicator.by_sex:
                female, male = sums["female"] or 0, sums["male"] or 0
                has_any = sums["count"] > 0
                wanted[(indicator.pk, "F")] = (float(female), None) if has_any else None
                wanted[(indicator.pk, "M")] = (float(male), None) if has_any else None
                continue
            value = {"count": sums["count"], "audience": sums["audience"], "women_cadres": sums["cadres"],
                     "participants": (sums["female"] or 0) + (sums["male"] or 0)}[measure] or 0
            wanted[(indicator.pk, "T")] = (float(value), None) if sums["count"] else None
        _write(actor=None, org_unit=org_unit, period=period, wanted=wanted, versions=None,
               reason="activities")
