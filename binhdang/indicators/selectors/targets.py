"""Targets: which one applies at a unit, and direction-aware progress towards it."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.orgunits.models import OrgUnit

from ..models import Indicator, Target
from .figures import IndicatorTable

# --- targets --------------------------------------------------------------------------------


@dataclass
class TargetStatus:
    target: Target
    actual: float | None
    percent_achieved: float | None
    status: str  # achieved | on_track | at_risk | off_track | no_data

    LABELS = {
        "achieved": _("Đạt"), "on_track": _("Đúng tiến độ"), "at_risk": _("Có nguy cơ không đạt"),
        "off_track": _("Chậm tiến độ"), "no_data": _("Chưa có số liệu"),
    }

    @property
    def label(self) -> str:
        return str(self.LABELS[self.status])


def percent_achieved(*, actual: float, target: float, direction: str, baseline: float | None = None) -> float | None:
    """Direction-aware progress towards a target, in %.

    With a baseline: the share of the distance baseline → target covered, for either
    direction. Without: actual/target when higher is better, target/actual when lower is.
    """
    if baseline is not None and baseline != target:
        return (actual - baseline) / (target - baseline) * 100
    if direction == Indicator.Direction.LOWER:
        return None if actual == 0 else target / actual * 100
    return None if target == 0 else actual / target * 100


def target_evaluate(target: Target, actual: float | None, *, year: int) -> TargetStatus:
    """Status for a target given the actual value seen in `year`.

    Achieved when the comparator holds (~ allows 5%). Otherwise the expected progress is
    the elapsed share of baseline year → target year (100% when there is no baseline or the
    year is reached): on track when progress ≥ expected, at risk when ≥ 75% of it.
    """
    if actual is None:
        return TargetStatus(target, None, None, "no_data")
    direction = target.indicator.direction
    if target.comparator == Target.Comparator.AT_MOST:
        direction = Indicator.Direction.LOWER
    elif target.comparator == Target.Comparator.AT_LEAST:
        direction = Indicator.Direction.HIGHER
    pct = percent_achieved(actual=actual, target=target.value, direction=direction, baseline=target.baseline_value)
    if target.comparator == Target.Comparator.AT_LEAST:
        met = actual >= target.value
    elif target.comparator == Target.Comparator.AT_MOST:
        met = actual <= target.value
    else:
        met = abs(actual - target.value) <= abs(target.value) * 0.05
    if met:
        return TargetStatus(target, actual, pct, "achieved")
    expected = 100.0
    if target.baseline_year and target.baseline_year < year < target.year:
        expected = (year - target.baseline_year) / (target.year - target.baseline_year) * 100
    if pct is None:
        return TargetStatus(target, actual, None, "off_track")
    if pct >= expected:
        status = "on_track"
    elif pct >= 0.75 * expected:
        status = "at_risk"
    else:
        status = "off_track"
    return TargetStatus(target, actual, pct, status)


_LEVEL_SCOPE = {"country": "national", "province": "province", "district": "district", "commune": "commune"}


def targets_for(unit: OrgUnit, year: int, indicator_ids: list[int]) -> dict[int, Target]:
    """The target that applies to each indicator at this unit: the unit's own, else its
    level's, else the national one; the nearest target year at or after `year`."""
    scope = _LEVEL_SCOPE.get(unit.level, "national")
    candidates = Target.objects.filter(indicator_id__in=indicator_ids).filter(
        Q(scope=Target.Scope.UNIT, org_unit=unit) | Q(scope=scope) | Q(scope=Target.Scope.NATIONAL)
    ).select_related("indicator")
    rank = {Target.Scope.UNIT: 0, scope: 1, Target.Scope.NATIONAL: 2}
    best: dict[int, Target] = {}
    for target in candidates:
        if target.year < year:
            continue
        current = best.get(target.indicator_id)
        key = (rank.get(target.scope, 3), target.year)
        if current is None or key < (rank.get(current.scope, 3), current.year):
            best[target.indicator_id] = target
    return best


def table_target_statuses(table: IndicatorTable) -> dict[int, TargetStatus]:
    year = table.period.year
    if year is None:  # an ad-hoc request's period: a table's period is a data period, never one
        return {}
    targets = targets_for(table.unit, year, [i.pk for i in table.indicators])
    out = {}
    for indicator_id, target in targets.items():
        figure = table.figures.get((table.unit.pk, indicator_id))
        actual = figure.measure(target.measure) if figure else None
        out[indicator_id] = target_evaluate(target, actual, year=year)
    return out
