"""Cuts: any set of units × periods × indicators × sexes in one query.

The one read for trends, tables and drill-down:

    cut(units=[province, *communes], periods=["2024-H1", "2024-H2"], indicators=[…])
    cut(units=provinces, periods=…, within=WARDS)          # sums over wards only
    cut(units=[ward], periods=…, view=View.AS_IS)          # 2017 figures on today's ward

A unit's figure is its own values plus its roll-up row (the sums over its descendants), as
everywhere else; `within` reads the roll-ups split by the kind of the contributing unit
(IndicatorKindAggregate), so "wards only" is a lookup too. Ratios and averages stay as
summed numerators and denominators: Figure computes Σnum / Σden, never a mean of rates.

"As was" (the default) reads each period on the units that existed then. "As is" rebuilds a
unit of today from the units that went into it (indicators.asis: lineage shares), each
contributor's whole figure times its share; a share below 1 marks the figure an estimate.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import connection

from binhdang.indicators.asis import contributors_many
from binhdang.orgunits.models import OrgUnit

from ..models import Indicator
from ..periods import Period, period_parse
from ..rollups import AGG, KAGG, VAL
from .figures import Figure, indicator_list


@dataclass(frozen=True)
class UnitFilter:
    """Which units' values count towards a cut, by the contributing unit's kind, level and
    administrative title ("phường", "xã", "thị trấn", "đặc khu")."""

    kind: str | None = None
    level: str | None = None
    titles: tuple[str, ...] = ()

    def matches(self, unit: OrgUnit) -> bool:
        return ((self.kind is None or unit.kind == self.kind)
                and (self.level is None or unit.level == self.level)
                and (not self.titles or (unit.level_title or "") in self.titles))

    def sql(self, alias: str = "") -> tuple[str, list[Any]]:
        prefix = f"{alias}." if alias else ""
        parts, params = [], []
        if self.kind is not None:
            parts.append(f"{prefix}unit_kind = %s")
            params.append(self.kind)
        if self.level is not None:
            parts.append(f"{prefix}unit_level = %s")
            params.append(self.level)
        if self.titles:
            parts.append(f"{prefix}unit_title IN ({', '.join(['%s'] * len(self.titles))})")
            params.extend(self.titles)
        return " AND ".join(parts) or "1 = 1", params


ADMINISTRATIVE = OrgUnit.Kind.ADMINISTRATIVE
COMMUNES = UnitFilter(kind=ADMINISTRATIVE, level=OrgUnit.Level.COMMUNE)
WARDS = UnitFilter(kind=ADMINISTRATIVE, level=OrgUnit.Level.COMMUNE, titles=("phường",))
RURAL_COMMUNES = UnitFilter(kind=ADMINISTRATIVE, level=OrgUnit.Level.COMMUNE, titles=("xã",))


class View(StrEnum):
    AS_WAS = "as_was"  # each period on the units of its time
    AS_IS = "as_is"  # each period rebuilt on today's units from their lineage


@dataclass(frozen=True)
class Source:
    """Where an "as is" figure comes from: the unit's own figures, its predecessors', or both."""

    source: str  # own | predecessors | mixed
    estimate: bool
    contributors: tuple[tuple[OrgUnit, float], ...]
    missing: tuple[OrgUnit, ...] = ()


@dataclass
class Cut:
    """The answer: the summed numerators, denominators and counts of every cell, as fetched
    (`sums`); a cell's Figure (value by sex, total, female share, gap…) is built when read."""

    # The units as given; ids may stand for units in a plain "as was" read (only the id
    # matters there); "as is" and `within` cuts hold the units themselves.
    units: list[OrgUnit | int]
    periods: list[Period]
    indicators: list[Indicator]
    within: UnitFilter | None
    view: View
    # (unit id, period key, indicator id) -> the fetched row; `layout` says where the sums are
    sums: dict[tuple[int, str, int], tuple] = field(default_factory=dict)
    layout: tuple[int, tuple[str, ...]] = (0, ("F", "M", "T"))
    # "as is" only: (unit id, period key) -> Source
    sources: dict[tuple[int, str], Source] = field(default_factory=dict)
    _by_id: dict[int, Indicator] = field(default_factory=dict, repr=False)
    _cells: dict[tuple[int, str, int], Figure] | None = field(default=None, repr=False)

    def _make(self, key: tuple[int, str, int], row: tuple) -> Figure:
        offset, sexes = self.layout
        figure = Figure(self._by_id.get(key[2]) or next(i for i in self.indicators if i.pk == key[2]))
        for index, sex in enumerate(sexes):
            num = row[offset + 2 * index]
            if num is not None:
                figure.add(sex, num, row[offset + 2 * index + 1], 0)
        figure.n = row[-1]
        return figure

    @property
    def cells(self) -> dict[tuple[int, str, int], Figure]:
        """{(unit id, period key, indicator id): Figure} for every cell with data."""
        if self._cells is None:
            self._cells = {key: self._make(key, row) for key, row in self.sums.items()}
        return self._cells

    def figure(self, unit: OrgUnit | int, period: Period | str, indicator: Indicator) -> Figure:
        key = (_pk(unit), period if isinstance(period, str) else period.key, indicator.pk)
        if self._cells is not None:
            return self._cells.get(key) or Figure(indicator)
        row = self.sums.get(key)
        return Figure(indicator) if row is None else self._make(key, row)

    def series(self, unit: OrgUnit | int, indicator: Indicator) -> list[tuple[Period, Figure]]:
        """The trend: one figure per period, in period order (empty figures where no data)."""
        return [(p, self.figure(unit, p, indicator)) for p in self.periods]

    def series_breaks(self, unit: OrgUnit | int) -> list[str]:
        """Period keys where an "as is" series changes source (across 1/7/2025)."""
        unit_id = _pk(unit)
        out: list[str] = []
        previous: str | None = None
        for p in self.periods:
            source = self.sources.get((unit_id, p.key))
            kind = source.source if source else None
            if previous is not None and kind != previous:
                out.append(p.key)
            previous = kind
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows (unit × period × indicator) for tables, charts and CSV; they name the
        units, so the cut must have been asked for units, not ids."""
        out = []
        for unit in self.units:
            if isinstance(unit, int):
                raise TypeError(f"Cut.rows() names the units: cut() was given the id {unit}, not the unit")
            for p in self.periods:
                for indicator in self.indicators:
                    if (unit.pk, p.key, indicator.pk) not in self.sums:
                        continue
                    figure = self.figure(unit, p, indicator)
                    source = self.sources.get((unit.pk, p.key))
                    out.append({
                        "unit": unit.code, "unit_name": unit.short_name or unit.name, "period": p.key,
                        "indicator": indicator.code, "female": figure.female, "male": figure.male,
                        "total": figure.total, "female_share": figure.female_share,
                        "gap_pp": figure.gap_pp, "fm_ratio": figure.fm_ratio, "n": figure.n,
                        "estimate": bool(source and source.estimate),
                    })
        return out


_UNIT_FIELDS = ("id", "code", "gso_code", "name", "short_name", "path", "depth", "numchild", "kind", "level",
                "level_title", "valid_from", "valid_to")


def cut_units(*, parent: OrgUnit, only: UnitFilter | None = None, depth: int = 1,
              include_parent: bool = False) -> list[OrgUnit]:
    """The units `depth` levels below `parent` (its children by default), optionally only
    those matching `only` — e.g. a province's wards: cut_units(parent=p, only=WARDS)."""
    qs = OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + depth)
    if only is not None:
        if only.kind is not None:
            qs = qs.filter(kind=only.kind)
        if only.level is not None:
            qs = qs.filter(level=only.level)
        if only.titles:
            qs = qs.filter(level_title__in=only.titles)
    units = list(qs.only(*_UNIT_FIELDS).order_by("path"))
    return [parent, *units] if include_parent else units


def _pk(unit: OrgUnit | int) -> int:
    return unit if isinstance(unit, int) else unit.pk


def _marks(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


def _cells_sql(unit_ids: list[int], own_ids: list[int], period_keys: list[str], indicator_ids: list[int] | None,
               sexes: list[str], within: UnitFilter | None) -> tuple[str, list[Any]]:
    """The roll-up rows and own values of `unit_ids` as one UNION ALL of (unit, period,
    indicator, sex, num, den, n): the roll-ups split by kind when `within` is given, and own
    values only of `own_ids` (the units that themselves match `within`)."""
    filters, params = [f"period IN ({_marks(period_keys)})", "breakdown = ''"], [*period_keys]
    if sorted(sexes) != ["F", "M", "T"]:
        filters.append(f"sex IN ({_marks(sexes)})")
        params.extend(sexes)
    where = " AND ".join(filters)
    indicator_sql, indicator_params, value_indicator_sql = "", [], ""
    if indicator_ids is not None:
        indicator_sql = f" AND indicator_id IN ({_marks(indicator_ids)})"
        indicator_params = list(indicator_ids)
        # For many indicators, keep the planner on the (unit, period, …) key: with the
        # (indicator, period) index it would read every unit's rows of those indicators
        # (measured at national scale: 35–50 ms instead of 3–7 ms for one province's communes).
        value_indicator_sql = indicator_sql.replace("indicator_id IN", "indicator_id + 0 IN") \
            if len(indicator_ids) > 3 else indicator_sql
    parts, all_params = [], []
    if unit_ids:
        table, extra = AGG, ""
        extra_params: list[Any] = []
        if within is not None:
            table = KAGG
            condition, extra_params = within.sql()
            extra = f" AND {condition}"
        parts.append(f"SELECT org_unit_id, period, indicator_id, sex, num, den, n FROM {table} "  # noqa: S608
                     f"WHERE org_unit_id IN ({_marks(unit_ids)}) AND {where}{indicator_sql}{extra}")
        all_params += [*unit_ids, *params, *indicator_params, *extra_params]
    if own_ids:
        parts.append(f"SELECT org_unit_id, period, indicator_id, sex, num, den, 1 AS n FROM {VAL} "  # noqa: S608
                     f"WHERE org_unit_id IN ({_marks(own_ids)}) AND {where}{value_indicator_sql}")
        all_params += [*own_ids, *params, *indicator_params]
    return " UNION ALL ".join(parts), all_params


def _pivot(sexes: list[str], weight: str = "") -> str:
    """One pair of sums (Σnum, Σden) per sex read, then Σn."""
    sums = [f"SUM(CASE WHEN c.sex = '{sex}' THEN c.{col}{weight} END)" for sex in sexes for col in ("num", "den")]
    return ", ".join([*sums, "SUM(c.n)"])


def _sexes(indicators: Iterable[Indicator], sexes: Iterable[str] | None) -> list[str]:
    """The sexes to read: those asked for, else those the indicators are kept by (F and M for
    indicators by sex, T for the others)."""
    if sexes is not None:
        return sorted(set(sexes))
    return sorted({sex for indicator in indicators for sex in indicator.sexes})


def cut(
    *, units: Iterable[OrgUnit | int], periods: Iterable[str | Period], indicators: Iterable[Indicator] | None = None,
    sexes: Iterable[str] | None = None, within: UnitFilter | None = None, view: View | str = View.AS_WAS,
    synthetic: bool = False,
) -> Cut:
    """Figures of every unit × period × indicator (by sex) in one query.

    `indicators` defaults to the whole catalogue (the synthetic bench set with `synthetic`);
    `sexes` limits the sexes read ("F", "M", "T"); `within` counts only values of units
    matching the filter (WARDS, COMMUNES…), the unit's own values included when it matches;
    `view` is "as_was" (default) or "as_is".
    """
    the_view = View(view)
    given = list(units)
    # Unit ids may stand for units where only the id matters (a plain "as was" read).
    resolved = _resolve(given) if within is not None or the_view == View.AS_IS else None
    members: list[OrgUnit | int] = given if resolved is None else [*resolved]
    the_periods = sorted({p if isinstance(p, Period) else period_parse(p) for p in periods})
    indicator_objs = list(indicators) if indicators is not None else indicator_list(synthetic=synthetic)
    by_id = {i.pk: i for i in indicator_objs}
    result = Cut(units=members, periods=the_periods, indicators=indicator_objs, within=within, view=the_view,
                 _by_id=by_id)
    if not members or not the_periods or not by_id:
        return result
    sex_list = _sexes(indicator_objs, sexes)
    if resolved is not None and the_view == View.AS_IS:
        _as_is(result, resolved, by_id, sex_list)
        return result
    unit_ids = [_pk(u) for u in members]
    # A unit without children has no roll-up rows: its own values are all there is.
    rolled_ids = [pk for u, pk in zip(members, unit_ids, strict=True) if getattr(u, "numchild", 1)]
    # With `within`, only the units that match count their own values (`within` resolved them).
    own_ids = unit_ids if within is None or resolved is None else [u.pk for u in resolved if within.matches(u)]
    keys = [p.key for p in the_periods]
    single = keys[0] if len(keys) == 1 else None
    cells_sql, params = _cells_sql(rolled_ids, own_ids, keys, list(by_id), sex_list, within)
    if not cells_sql:
        return result
    group = "c.org_unit_id, c.indicator_id" if single else "c.org_unit_id, c.period, c.indicator_id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {group}, {_pivot(sex_list)} FROM ({cells_sql}) c GROUP BY {group}", params)  # noqa: S608
        rows = cursor.fetchall()
    if single:
        result.sums = {(row[0], single, row[1]): row for row in rows}
        result.layout = (2, tuple(sex_list))
    else:
        result.sums = {(row[0], row[1], row[2]): row for row in rows}
        result.layout = (3, tuple(sex_list))
    return result


def _resolve(units: list[OrgUnit | int]) -> list[OrgUnit]:
    """The units, with ids replaced by their units (one query when there are ids)."""
    ids = [u for u in units if isinstance(u, int)]
    by_id = OrgUnit.objects.in_bulk(ids) if ids else {}
    return [by_id[u] if isinstance(u, int) else u for u in units]


def _as_is(result: Cut, units: list[OrgUnit], by_id: dict[int, Indicator], sexes: list[str]) -> None:
    """Each (unit, period) of `units` (the cut's, resolved) from its contributors' figures
    times their shares, one query."""
    windows = [p.data_window() for p in result.periods]
    shares = contributors_many(units, windows)
    mapping: list[tuple[int, str, int, float]] = []
    for unit in units:
        for index, p in enumerate(result.periods):
            for contributor in shares[(unit.pk, index)]:
                mapping.append((unit.pk, p.key, contributor.unit.pk, float(contributor.weight)))
    if not mapping:
        return
    sources = {c.unit.pk: c.unit for found in shares.values() for c in found}
    source_ids = sorted(sources)
    own_ids = [pk for pk in source_ids if result.within is None or result.within.matches(sources[pk])]
    period_keys = sorted({m[1] for m in mapping})
    cells_sql, params = _cells_sql(source_ids, own_ids, period_keys, list(by_id), sexes, result.within)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(mapping))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH share (target_id, period, source_id, weight) AS (VALUES {values}) "  # noqa: S608
            f"SELECT s.target_id, s.period, c.indicator_id, s.source_id, {_pivot(sexes, ' * s.weight')} "
            f"FROM share s JOIN ({cells_sql}) c ON c.org_unit_id = s.source_id AND c.period = s.period "
            "GROUP BY s.target_id, s.period, c.indicator_id, s.source_id",
            [v for row in mapping for v in row] + params,
        )
        rows = cursor.fetchall()
    with_data: dict[tuple[int, str], set[int]] = defaultdict(set)
    width = 2 * len(sexes)
    merged: dict[tuple[int, str, int], list] = {}
    for target_id, period, indicator_id, _source_id, *sums in rows:
        with_data[(target_id, period)].add(_source_id)
        cell = merged.setdefault((target_id, period, indicator_id), [None] * width + [0])
        for index in range(width):
            if sums[index] is not None:
                cell[index] = sums[index] if cell[index] is None else cell[index] + sums[index]
        cell[width] += sums[width]
    result.sums = {key: tuple(cell) for key, cell in merged.items()}
    result.layout = (0, tuple(sexes))
    for unit in units:
        for index, p in enumerate(result.periods):
            found = shares[(unit.pk, index)]
            own = any(c.unit.pk == unit.pk for c in found)
            kind = "own" if own and len(found) == 1 else ("mixed" if own else "predecessors")
            result.sources[(unit.pk, p.key)] = Source(
                source=kind, estimate=any(c.estimate for c in found),
                contributors=tuple((c.unit, float(c.weight)) for c in found),
                missing=tuple(c.unit for c in found if c.unit.pk not in with_data[(unit.pk, p.key)]),
            )
