"""Figures "as is": a period before a change shown on the units of today.

A new unit's value for an earlier period is the sum of the values of the units that
existed then and went into it, each times its share (1 for a whole unit). Lineage is walked
back through every event after the period began (phường Bỉm Sơn ← phường Đông Sơn ← xã Hà
Lan in 2019). Shares below 1 make the figure an estimate, and it says so.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from binhdang.core.numbers import format_number
from binhdang.orgunits.lineage import (
    Share,
    current_successors,
    official_name,
    predecessor_graph,
    predecessors,
)
from binhdang.orgunits.models import OrgUnit

from .models import IndicatorValue
from .periods import period_parse

MAX_DEPTH = 8


@dataclass(frozen=True)
class Contributor:
    unit: OrgUnit
    weight: Decimal
    estimate: bool


def _walk(unit: OrgUnit, start: datetime.date, end: datetime.date,
          predecessors_of: Callable[[OrgUnit], list[Share]]) -> list[Contributor]:
    found: dict[int, Contributor] = {}

    def walk(node: OrgUnit, weight: Decimal, estimate: bool, depth: int) -> None:
        if node.is_valid_on(start) or node.is_valid_on(end):
            prior = found.get(node.pk)
            total = weight + (prior.weight if prior else Decimal(0))
            found[node.pk] = Contributor(node, total, estimate or bool(prior and prior.estimate))
        if depth >= MAX_DEPTH:
            return
        for share in predecessors_of(node):
            if share.effective > start:
                walk(share.unit, weight * share.weight, estimate or share.estimate or share.weight < 1, depth + 1)

    walk(unit, Decimal(1), False, 0)
    return sorted(found.values(), key=lambda c: (c.unit.gso_code, c.unit.name))


def contributors(unit: OrgUnit, *, start: datetime.date, end: datetime.date) -> list[Contributor]:
    """The units valid in [start, end] whose figures make up `unit`'s, with their shares."""
    return _walk(unit, start, end, predecessors)


def contributors_many(
    units: list[OrgUnit], windows: list[tuple[datetime.date, datetime.date]]
) -> dict[tuple[int, int], list[Contributor]]:
    """{(unit id, window index): contributors} for many units and periods, reading the
    lineage once (one query per generation of predecessors).

    A contributor that lies inside another contributor's subtree is dropped: the outer one's
    figure (own values and everything below it) already holds it.
    """
    graph = predecessor_graph(units, max_depth=MAX_DEPTH)
    out: dict[tuple[int, int], list[Contributor]] = {}
    for unit in units:
        for index, (start, end) in enumerate(windows):
            found = _walk(unit, start, end, lambda node: graph.get(node.pk, []))
            paths = [c.unit.path for c in found]
            out[(unit.pk, index)] = [
                c for c in found
                if not any(other != c.unit.path and c.unit.path.startswith(other) for other in paths)
            ]
    return out


@dataclass
class AsIsTable:
    """Values of `unit` for a period, rebuilt from its contributors; missing ones are listed."""

    unit: OrgUnit
    period: str
    contributors: list[Contributor]
    # (indicator id, sex) → (num, den)
    values: dict[tuple[int, str], tuple[float, float | None]] = field(default_factory=dict)
    estimate: bool = False
    missing: list[OrgUnit] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": official_name(self.unit),
            "period": self.period,
            "estimate": self.estimate,
            "contributors": [
                {"code": c.unit.gso_code, "name": official_name(c.unit), "weight": float(c.weight),
                 "estimate": c.estimate}
                for c in self.contributors
            ],
            "missing": [official_name(u) for u in self.missing],
        }


def indicator_values_as_is(*, unit: OrgUnit, period_key: str, indicator_ids: list[int] | None = None) -> AsIsTable:
    """The "as is" table of `unit` for `period_key` (e.g. phường Bỉm Sơn, 2017-H1)."""
    period = period_parse(period_key)
    if period.start is None or period.end is None:  # data periods (H1, H2, year) always have one
        raise ValueError(f"{period.key} has no data window")
    shares = contributors(unit, start=period.start, end=period.end)
    table = AsIsTable(unit=unit, period=period.key, contributors=shares,
                      estimate=any(c.estimate for c in shares))
    rows = IndicatorValue.objects.filter(org_unit__in=[c.unit for c in shares], period=period.key, breakdown="")
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=indicator_ids)
    weight = {c.unit.pk: float(c.weight) for c in shares}
    sums: dict[tuple[int, str], list[float | None]] = defaultdict(lambda: [0.0, None])
    with_data: set[int] = set()
    for row in rows:
        with_data.add(row.org_unit_id)
        cell = sums[(row.indicator_id, row.sex)]
        w = weight[row.org_unit_id]
        cell[0] = (cell[0] or 0.0) + row.num * w
        if row.den is not None:
            cell[1] = (cell[1] or 0.0) + row.den * w
    table.values = {key: (float(v[0] or 0.0), v[1]) for key, v in sums.items()}
    table.missing = [c.unit for c in shares if c.unit.pk not in with_data]
    return table


def indicator_series_as_is(
    *, unit: OrgUnit, indicator_id: int, sex: str, period_keys: list[str]
) -> list[dict[str, Any]]:
    """A trend on today's unit: each period's value and where it comes from, in one query
    (the cut selector's "as is" view).

    `source` is "own" (the unit's own figures) or "predecessors" (rebuilt from the units of
    the time); `series_break` is True where the source changes, as it does across 1/7/2025.
    """
    from binhdang.indicators.models import Indicator
    from binhdang.indicators.selectors.cuts import View, cut

    indicator = Indicator.objects.get(pk=indicator_id)
    result = cut(units=[unit], periods=period_keys, indicators=[indicator], sexes=[sex], view=View.AS_IS)
    points: list[dict[str, Any]] = []
    previous = None
    for period, figure in result.series(unit, indicator):
        source = result.sources[(unit.pk, period.key)]
        points.append({
            "period": period.key, "value": figure.num[sex], "source": source.source,
            "estimate": source.estimate, "missing": [official_name(u) for u in source.missing],
            "series_break": previous is not None and source.source != previous,
        })
        previous = source.source
    return points


# --- "as is" for pages and documents: which units of today, and how to say where figures come from


def as_is_targets(unit: OrgUnit, *, start: datetime.date, end: datetime.date) -> list[OrgUnit]:
    """The units of today a period's figures of `unit` are shown on: the unit itself while it
    is in force; for an ended unit (thị xã Bỉm Sơn), the units in force today that its
    administrative units of the period went into (phường Bỉm Sơn, phường Quang Trung)."""
    if unit.valid_to is None:
        return [unit]
    from django.db.models import Q

    then = list(
        OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgUnit.Kind.ADMINISTRATIVE)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    )
    found: dict[int, OrgUnit] = {}
    for successors in current_successors(then).values():
        for successor in successors:
            if successor.unit.is_administrative:
                found[successor.unit.pk] = successor.unit
    return sorted(found.values(), key=lambda u: u.path)


def weight_text(weight: float | Decimal, lang: str | None = None) -> str:
    """0.5 → "0,5" (up to four decimals, as the lineage records them)."""
    return format_number(float(weight), 4, lang=lang)


def source_parts(contributors: Any, *, lang: str | None = None) -> list[str]:
    """"Phường Ba Đình", "Phường Đông Thọ × 0,5": each contributor of an "as is" figure
    (`contributors` as a cut's Source holds them: (unit, weight) pairs)."""
    out = []
    for unit, weight in contributors:
        name = official_name(unit)
        out.append(name if float(weight) == 1 else f"{name} × {weight_text(weight, lang)}")
    return out
