"""Reads of the public progress page: ACCEPTED figures only, of PUBLISHED indicators only.

A figure reaches the page only from the indicator table of an accepted report (a submitted,
returned or draft report never does; nor does a value typed on the indicator page or
counted from the activity log, which no receiver has accepted). A unit's figure for a
period is the sum, over the accepted reports of the unit and of every unit below it, of
their own rows ("rollup" rows of an issued consolidated report restate units below and are
skipped, as the value link does: decision 0161). Reading them is one query whatever the
number of periods.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.accounts.types import AnyUser
from binhdang.core import clock
from binhdang.indicators.models import Indicator, Target
from binhdang.indicators.selectors import targets_for
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import ObligationKind
from binhdang.reporting.models import SectionKind, Submission

from .models import Publication

REPORT_KINDS = (ObligationKind.REPORT_SEMIANNUAL, ObligationKind.REPORT_ANNUAL)


def may_publish(*, user: AnyUser, unit: OrgUnit) -> bool:
    from .permissions import publications

    return publications.has(user, "edit", Publication(org_unit=unit))


def public_unit(*, code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    step = OrgUnit.steplen
    return [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]


def published_indicators(*, unit: OrgUnit) -> list[Indicator]:
    """Indicators published at the unit or at any unit above it."""
    ids = (Publication.objects.filter(org_unit__path__in=_ancestor_paths(unit))
           .values_list("indicator_id", flat=True))
    return list(Indicator.objects.filter(pk__in=ids).select_related("source").order_by("order", "code"))


def publications_at(*, unit: OrgUnit) -> set[str]:
    """Codes published exactly at `unit` (the publishing form)."""
    return set(Publication.objects.filter(org_unit=unit).values_list("indicator__code", flat=True))


def publications_inherited(*, unit: OrgUnit) -> set[str]:
    """Codes published above `unit` (shown on its page too, changed only up there)."""
    return set(Publication.objects.filter(org_unit__path__in=_ancestor_paths(unit)[:-1])
               .values_list("indicator__code", flat=True))


def cache_stamp(*, unit: OrgUnit) -> str:
    """Changes whenever a report in the subtree is accepted or reopened, or an indicator is
    published or unpublished for the unit: the public page's cache key carries it, so a
    cached page never outlives what it shows."""
    accepted = Submission.objects.filter(org_unit__path__startswith=unit.path,
                                         status=Submission.Status.ACCEPTED).aggregate(n=Count("id"), at=Max("accepted_at"))
    published = Publication.objects.filter(org_unit__path__in=_ancestor_paths(unit)).aggregate(
        n=Count("id"), at=Max("published_at"), ids=Max("id"))
    def iso(value: datetime.datetime | None) -> str:
        return value.isoformat() if value else "-"
    return f"{accepted['n']}.{iso(accepted['at'])}.{published['n']}.{iso(published['at'])}.{published['ids']}"


def _period_key(kind: str, due: datetime.date) -> str:
    return f"{due.year}-H1" if kind == ObligationKind.REPORT_SEMIANNUAL else str(due.year)


def _period_order(key: str) -> tuple[int, int]:
    year, _sep, rest = key.partition("-")
    return int(year), 1 if rest == "H1" else 3


@dataclass
class PublicFigure:
    period: str
    female: float | None = None
    male: float | None = None
    total_only: float | None = None
    reports: int = 0
    accepted_at: datetime.datetime | None = None

    @property
    def total(self) -> float | None:
        if self.female is None and self.male is None:
            return self.total_only
        return (self.female or 0) + (self.male or 0)

    @property
    def female_share(self) -> float | None:
        if self.female is None or self.male is None or not (self.female + self.male):
            return None
        return self.female / (self.female + self.male) * 100

    @property
    def gap_pp(self) -> float | None:
        share = self.female_share
        return None if share is None else 2 * share - 100

    @property
    def fm_ratio(self) -> float | None:
        if self.female is None or not self.male:
            return None
        return self.female / self.male

    def measure(self, measure: str) -> float | None:
        if measure == Target.Measure.FEMALE_SHARE:
            return self.female_share
        if measure == Target.Measure.FEMALE_VALUE:
            return self.female
        return self.total


def _figure_rows(submission: Submission) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for section in submission.sections or []:
        if section.get("kind") == SectionKind.INDICATOR_TABLE:
            rows += [r for r in (submission.content or {}).get(section["key"]) or []
                     if isinstance(r, dict) and not r.get("rollup")]
    return rows


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number >= 0 else None


def accepted_series(*, unit: OrgUnit, indicators: list[Indicator]) -> dict[int, list[PublicFigure]]:
    """{indicator id: [figure per period, oldest first]} from the accepted reports of the
    unit's subtree; ONE query over every period. Counts only: a report's figures are counts
    (the value link writes nothing else), a ratio would need its numerator and denominator."""
    by_code = {i.code: i for i in indicators if i.kind == Indicator.Kind.COUNT}
    if not by_code:
        return {}
    cells: dict[tuple[int, str], PublicFigure] = {}
    submissions = (Submission.objects.filter(org_unit__path__startswith=unit.path, status=Submission.Status.ACCEPTED,
                                             obligation__kind__in=REPORT_KINDS)
                   .values_list("content", "sections", "obligation__kind", "obligation__due_date", "accepted_at"))
    for content, sections, kind, due, accepted_at in submissions:
        key = _period_key(kind, due)
        fake = Submission(content=content, sections=sections)
        seen: set[int] = set()
        for row in _figure_rows(fake):
            indicator = by_code.get(str(row.get("code")))
            if indicator is None:
                continue
            cell = cells.setdefault((indicator.pk, key), PublicFigure(key))
            if indicator.by_sex:
                f, m = _number(row.get("female")), _number(row.get("male"))
                if f is not None:
                    cell.female = (cell.female or 0) + f
                if m is not None:
                    cell.male = (cell.male or 0) + m
            else:
                t = _number(row.get("total"))
                if t is not None:
                    cell.total_only = (cell.total_only or 0) + t
            if indicator.pk not in seen:
                cell.reports += 1
                seen.add(indicator.pk)
            if accepted_at and (cell.accepted_at is None or accepted_at > cell.accepted_at):
                cell.accepted_at = accepted_at
    out: dict[int, list[PublicFigure]] = defaultdict(list)
    for (indicator_id, _key), cell in cells.items():
        if cell.total is not None:
            out[indicator_id].append(cell)
    for series in out.values():
        series.sort(key=lambda c: _period_order(c.period))
    return dict(out)


# --- progress status (Open SDG's automatic progress, Statistics Canada's method) ---------------

STATUS_LABELS = {
    "target_achieved": gettext_lazy("Đã đạt mục tiêu"),
    "substantial": gettext_lazy("Tiến bộ rõ rệt"),
    "moderate": gettext_lazy("Tiến bộ vừa phải"),
    "limited": gettext_lazy("Tiến bộ hạn chế"),
    "deterioration": gettext_lazy("Đi xuống"),
    "not_available": gettext_lazy("Chưa đủ số liệu để đánh giá"),
}


@dataclass
class Progress:
    status: str
    value: float | None = None
    base: tuple[float, float] | None = None  # (year, value)
    current: tuple[float, float] | None = None
    explanation: str = ""

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _year_of(key: str) -> float:
    year, _sep, rest = key.partition("-")
    return int(year) - 0.5 if rest == "H1" else float(int(year))


def _points(figures: list[PublicFigure], measure: str) -> list[tuple[float, float]]:
    """(year, value) of the figures that carry `measure` (a half-year sits at mid-year)."""
    return [(_year_of(f.period), value) for f in figures if (value := f.measure(measure)) is not None]


def _cagr(now: float, then: float, years: float) -> float:
    return (now / then) ** (1 / years) - 1


def progress_status(*, series: list[PublicFigure], indicator: Indicator, target: Target | None) -> Progress:
    """Five levels as Open SDG computes them (docs/progress.md, sdg-build ProgressMeasure):
    with a target, the observed compound annual growth since the base over the growth needed
    to reach the target by its year — ≥ 0.95 substantial, ≥ 0.6 moderate, ≥ 0 limited, below
    deterioration; without a target, the observed growth alone — ≥ 1.5 %/year substantial,
    ≥ 0.5 % moderate, ≥ 0 limited. A met target is "achieved" whatever the growth.
    Counts over half-years and years are not mixed (a year's count is not comparable with a
    half-year's): the series used is the annual one when it has two points, else the
    half-year one (points that carry the measure: a year whose report gave men only is no
    point of a female-value series); a female share uses every period."""
    measure = target.measure if target else Target.Measure.VALUE
    direction = indicator.direction
    if target is not None:
        if target.comparator == Target.Comparator.AT_MOST:
            direction = Indicator.Direction.LOWER
        elif target.comparator == Target.Comparator.AT_LEAST:
            direction = Indicator.Direction.HIGHER
    sign = -1 if direction == Indicator.Direction.LOWER else 1
    if measure == Target.Measure.FEMALE_SHARE:
        points = _points(series, measure)  # a share is comparable across half-years and years
    else:
        years = _points([f for f in series if "-H" not in f.period], measure)
        halves = _points([f for f in series if "-H" in f.period], measure)
        points = years if len(years) >= 2 or not halves else halves
    if not points:
        return Progress("not_available", explanation=_("Chưa có số liệu đã được tiếp nhận."))
    current = points[-1]
    if target is not None:
        met = current[1] >= target.value if sign > 0 else current[1] <= target.value
        if target.comparator == Target.Comparator.ABOUT:
            met = abs(current[1] - target.value) <= abs(target.value) * 0.05
        if met:
            return Progress("target_achieved", current=current, explanation=_("Số liệu mới nhất đạt mục tiêu."))
    if target is not None and target.baseline_value is not None and target.baseline_year:
        base = (float(target.baseline_year), float(target.baseline_value))
    else:
        base = points[0]
    span = current[0] - base[0]
    if span <= 0 or (target is None and direction == Indicator.Direction.NEUTRAL):
        return Progress("not_available", current=current,
                        explanation=_("Cần ít nhất hai kỳ số liệu (hoặc một giá trị gốc) để đánh giá xu hướng."))
    then = base[1] or 0.001  # Open SDG: a zero base is taken as 0.001
    if current[1] < 0 or then < 0:
        return Progress("not_available", current=current)
    observed = _cagr(current[1] or 0.0, then, span)
    if target is None:
        value = sign * observed
        thresholds = (0.015, 0.005, 0.0)
    else:
        needed_span = target.year - base[0]
        if needed_span <= 0:
            return Progress("not_available", current=current)
        needed = _cagr(target.value or 0.001, then, needed_span)
        if needed == 0:
            return Progress("not_available", current=current)
        value = sign * observed / abs(needed)
        thresholds = (0.95, 0.6, 0.0)
    if value >= thresholds[0]:
        status = "substantial"
    elif value >= thresholds[1]:
        status = "moderate"
    elif value >= thresholds[2]:
        status = "limited"
    else:
        status = "deterioration"
    return Progress(status, value=value, base=base, current=current)


# --- the page ------------------------------------------------------------------------------------


@dataclass
class PublicIndicator:
    indicator: Indicator
    series: list[PublicFigure]
    target: Target | None
    progress: Progress
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def latest(self) -> PublicFigure | None:
        return self.series[-1] if self.series else None


def _chart(item: PublicIndicator) -> dict[str, Any]:
    indicator, target = item.indicator, item.target
    labels = [f.period for f in item.series]
    if target is not None and target.measure == Target.Measure.FEMALE_SHARE:
        return {"type": "trend", "labels": labels, "yTitle": "%",
                "series": [{"label": _("Tỷ lệ nữ (%)"), "key": "F",
                            "data": [None if f.female_share is None else round(f.female_share, 1) for f in item.series]}],
                "level": target.value, "levelLabel": _("Mục tiêu %(v)s%%") % {"v": f"{target.value:g}"}}
    series = ([{"label": _("Nữ"), "key": "F", "data": [f.female for f in item.series]},
               {"label": _("Nam"), "key": "M", "data": [f.male for f in item.series]}]
              if indicator.by_sex else [{"label": _("Tổng"), "key": "T", "data": [f.total for f in item.series]}])
    chart: dict[str, Any] = {"type": "bars", "labels": labels, "series": series, "yTitle": indicator.unit}
    if target is not None and target.measure == Target.Measure.VALUE and indicator.by_sex:
        chart["series"].append({"label": _("Tổng"), "key": "T", "data": [f.total for f in item.series]})
    if target is not None and target.measure in (Target.Measure.VALUE, Target.Measure.FEMALE_VALUE):
        chart["level"] = target.value
        chart["levelLabel"] = _("Mục tiêu %(v)s") % {"v": f"{target.value:g}"}
    return chart


def public_page(*, unit: OrgUnit) -> list[PublicIndicator]:
    indicators = published_indicators(unit=unit)
    series = accepted_series(unit=unit, indicators=indicators)
    latest_year = max((int(f.period[:4]) for s in series.values() for f in s), default=None)
    targets = targets_for(unit, latest_year or clock.today().year, [i.pk for i in indicators])
    items = []
    for indicator in indicators:
        s = series.get(indicator.pk, [])
        target = targets.get(indicator.pk)
        item = PublicIndicator(indicator, s, target, progress_status(series=s, indicator=indicator, target=target))
        item.chart = _chart(item)
        items.append(item)
    return items


def public_units() -> list[OrgUnit]:
    """Units with at least one published indicator (the index of public pages)."""
    return list(OrgUnit.objects.filter(Q(pk__in=Publication.objects.values("org_unit_id"))).order_by("path"))


def csv_rows(items: list[PublicIndicator], unit: OrgUnit) -> list[list[Any]]:
    header = ["unit_code", "unit_name", "indicator_code", "stat_code_tt10_2019", "indicator_name", "unit_of_measure",
              "period", "female", "male", "total", "female_share_pct", "gap_pp", "female_male_ratio", "accepted_reports"]
    rows: list[list[Any]] = [header]
    for item in items:
        for f in item.series:
            rows.append([unit.code, unit.name, item.indicator.code, item.indicator.stat_code, item.indicator.name,
                         item.indicator.unit, f.period, _fmt(f.female), _fmt(f.male), _fmt(f.total),
                         _fmt(f.female_share, 1), _fmt(f.gap_pp, 1), _fmt(f.fm_ratio, 2), f.reports])
    return rows


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return ""
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(round(value))
