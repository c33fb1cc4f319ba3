"""Who a task names: its assignments with collective names ("UBND các xã, phường")
expanded to the units under the issuer on the plan's date."""

import datetime

from django.db.models import Q

from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit

from .models import Group, Plan, Task, TaskAssignment

GROUP_KINDS: dict[str, list[str]] = {
    Group.COMMUNES: [OrgUnit.Kind.ADMINISTRATIVE],
    Group.AGENCIES: [OrgUnit.Kind.AGENCY],
    Group.ORGANISATIONS: [OrgUnit.Kind.ORGANISATION],
    Group.ALL_UNITS: [OrgUnit.Kind.AGENCY, OrgUnit.Kind.ORGANISATION],
}


def group_from_label(label: str) -> str | None:
    """The group a collective name stands for ("UBND các xã, phường" → communes), else None."""
    key = f" {search_key(label)} "
    if " cac xa " in key or " cac phuong " in key or "xa phuong" in key:
        return Group.COMMUNES
    if " doan the " in key and (" cac " in key or key.strip().startswith("doan the")):
        return Group.ORGANISATIONS
    if " cac phong " in key or " ban nganh " in key:
        return Group.AGENCIES
    if " cac co quan " in key or " cac don vi " in key:
        return Group.ALL_UNITS
    return None


def group_units(*, issuer: OrgUnit, group: str, on: datetime.date | None) -> list[OrgUnit]:
    """The units directly under `issuer` that a group names, valid on `on`."""
    queryset = OrgUnit.objects.filter(
        path__startswith=issuer.path, depth=issuer.depth + 1, kind__in=GROUP_KINDS[group]
    )
    if on is not None:
        queryset = queryset.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )
    return list(queryset.order_by("path"))


def _plan_group_units(plan: Plan, group: str) -> list[OrgUnit]:
    cache = plan.__dict__.setdefault("_group_units", {})
    if group not in cache:
        cache[group] = group_units(issuer=plan.issuer, group=group, on=plan.date)
    return cache[group]


def assignment_units(assignment: TaskAssignment, plan: Plan) -> list[OrgUnit]:
    if assignment.org_unit is not None:
        return [assignment.org_unit]
    return _plan_group_units(plan, assignment.group)


def task_units(*, task: Task, role: str) -> list[OrgUnit]:
    """The task's units of one role, groups expanded to the units under the issuer."""
    units: list[OrgUnit] = []
    for assignment in task.assignments.all():
        if assignment.role == role:
            for unit in assignment_units(assignment, task.plan):
                if unit not in units:
                    units.append(unit)
    return units
