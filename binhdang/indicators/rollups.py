"""Ancestor roll-ups: the SQL that keeps IndicatorAggregate equal to the sums of raw values.

An aggregate row of unit U holds the sums over U's strict descendants; U's own values stay in
IndicatorValue. A unit's total is therefore own + descendants: two indexed lookups, whatever
the size of the subtree. Every value write adds its delta to the rows of each strict
ancestor (a commune has 2–3) in the same transaction; `rollup_rebuild` recomputes them with
one INSERT … SELECT … GROUP BY per tree level after bulk loads.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from binhdang.orgunits.models import OrgUnit

from .models import IndicatorAggregate, IndicatorKindAggregate, IndicatorValue

STEPLEN = OrgUnit.steplen
AGG = IndicatorAggregate._meta.db_table
KAGG = IndicatorKindAggregate._meta.db_table
VAL = IndicatorValue._meta.db_table
UNIT = OrgUnit._meta.db_table

# (ancestor id, period, indicator id, sex, breakdown) -> [num, den, n]
Deltas = dict[tuple[int, str, int, str, str], list[float]]
# What kind of unit a value comes from: (kind, level, administrative title).
Bucket = tuple[str, str, str]
# One column of an upserted row: the key's ids and texts, then the sums.
SqlValue = int | str | float
_KEY = "org_unit_id, period, indicator_id, sex, breakdown"
_KIND_KEY = f"{_KEY}, unit_kind, unit_level, unit_title"


def unit_bucket(unit: OrgUnit) -> Bucket:
    return (unit.kind, unit.level, unit.level_title or "")


def ancestor_paths(path: str) -> list[str]:
    """Materialised paths of the strict ancestors, root first."""
    return [path[:i] for i in range(STEPLEN, len(path), STEPLEN)]


def ancestor_ids(unit: OrgUnit) -> list[int]:
    """Strict ancestors' ids, root first (a fixed order avoids lock-order deadlocks)."""
    paths = ancestor_paths(unit.path)
    if not paths:
        return []
    by_path = dict(OrgUnit.objects.filter(path__in=paths).values_list("path", "id"))
    return [by_path[p] for p in paths if p in by_path]


def deltas_for(
    ancestors: list[int], changes: Iterable[tuple[str, int, str, str, float, float, int]]
) -> Deltas:
    """Spread (period, indicator, sex, breakdown, Δnum, Δden, Δn) over each ancestor."""
    out: Deltas = defaultdict(lambda: [0.0, 0.0, 0])
    for period, indicator_id, sex, breakdown, dnum, dden, dn in changes:
        for ancestor in ancestors:
            acc = out[(ancestor, period, indicator_id, sex, breakdown)]
            acc[0] += dnum
            acc[1] += dden
            acc[2] += dn
    return out


def apply_deltas(deltas: Deltas, bucket: Bucket | None = None) -> None:
    """Upsert the deltas into the ancestors' rows (and, with the writing unit's `bucket`, into
    the rows split by unit kind); drop rows no value contributes to.

    INSERT … ON CONFLICT DO UPDATE with additive updates commutes, so concurrent writers
    under READ COMMITTED cannot lose each other's increments.
    """
    cells = [(key, acc) for key, acc in sorted(deltas.items()) if any(acc)]
    if not cells:
        return
    rows: list[tuple[SqlValue, ...]] = [(*key, *acc) for key, acc in cells]
    targets = [(AGG, _KEY, rows)]
    if bucket is not None:
        targets.append((KAGG, _KIND_KEY, [(*key, *bucket, *acc) for key, acc in cells]))
    # Δn (the last column, the same in both tables) < 0: some rows may now be empty.
    shrinks = any(acc[2] < 0 for _cell_key, acc in cells)
    with connection.cursor() as cursor:
        for table, key, table_rows in targets:
            width = len(table_rows[0])
            row_marks = "(" + ", ".join(["%s"] * width) + ")"
            for start in range(0, len(table_rows), 500):
                chunk = table_rows[start:start + 500]
                params = [v for row in chunk for v in row]
                cursor.execute(
                    f"INSERT INTO {table} ({key}, num, den, n) VALUES {', '.join([row_marks] * len(chunk))} "  # noqa: S608
                    f"ON CONFLICT ({key}) DO UPDATE SET num = {table}.num + excluded.num, "
                    f"den = {table}.den + excluded.den, n = {table}.n + excluded.n",
                    params,
                )
            if shrinks:
                units = sorted({cell_key[0] for cell_key, _acc in cells})
                periods = sorted({cell_key[1] for cell_key, _acc in cells})
                cursor.execute(
                    f"DELETE FROM {table} WHERE n <= 0 AND org_unit_id IN ({', '.join(['%s'] * len(units))}) "  # noqa: S608
                    f"AND period IN ({', '.join(['%s'] * len(periods))})",
                    [*units, *periods],
                )


def rollup_write(unit: OrgUnit, changes: Iterable[tuple[str, int, str, str, float, float, int]]) -> None:
    """Spread one unit's changed cells over its ancestors' roll-up rows (both tables)."""
    changes = list(changes)
    if changes:
        apply_deltas(deltas_for(ancestor_ids(unit), changes), unit_bucket(unit))


def rollup_rebuild(*, root: OrgUnit | None = None, period: str | None = None) -> int:
    """Recompute the aggregate rows of `root`'s subtree (every tree when None) from the raw
    values: one GROUP BY per tree level into the rows split by unit kind, then the plain rows
    as their sums. Returns the number of plain aggregate rows written.

    For imports and generated data; day-to-day writes keep the rows current on their own.
    Also needed after a unit changes kind, level or title (its values change bucket).
    """
    prefix = root.path if root else ""
    unit_filter = f"SELECT id FROM {UNIT} WHERE path LIKE %s"  # noqa: S608
    params: list[str] = [prefix + "%"]
    period_sql = ""
    if period:
        period_sql = " AND period = %s"
        params.append(period)
    with connection.cursor() as cursor:
        for table in (AGG, KAGG):
            cursor.execute(f"DELETE FROM {table} WHERE org_unit_id IN ({unit_filter}){period_sql}", params)  # noqa: S608
        cursor.execute(f"SELECT MAX(depth) FROM {UNIT} WHERE path LIKE %s", [prefix + "%"])  # noqa: S608
        max_depth = cursor.fetchone()[0] or 0
        first_level = root.depth if root else 1
        for level in range(first_level, max_depth):
            width = level * STEPLEN
            value_period = " AND v.period = %s" if period else ""
            cursor.execute(
                f"INSERT INTO {KAGG} ({_KIND_KEY}, num, den, n) "  # noqa: S608
                "SELECT anc.id, g.period, g.indicator_id, g.sex, g.breakdown, g.kind, g.level, g.title, "
                "g.num, g.den, g.n FROM ("
                f"  SELECT substr(u.path, 1, {width}) AS apath, v.period, v.indicator_id, v.sex, "
                "   v.breakdown, u.kind, u.level, COALESCE(u.level_title, '') AS title, "
                "   SUM(v.num) AS num, SUM(COALESCE(v.den, 0)) AS den, COUNT(*) AS n "
                f"  FROM {VAL} v JOIN {UNIT} u ON u.id = v.org_unit_id "
                f"  WHERE u.depth > %s AND u.path LIKE %s{value_period} "
                "   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
                f") g JOIN {UNIT} anc ON anc.path = g.apath "
                # In key order: a unit's rows for a period sit together on disk.
                "ORDER BY anc.id, g.period, g.indicator_id, g.sex, g.breakdown, g.kind, g.level, g.title",
                [level, prefix + "%", *([period] if period else [])],
            )
        cursor.execute(
            f"INSERT INTO {AGG} ({_KEY}, num, den, n) "  # noqa: S608
            f"SELECT {_KEY}, SUM(num), SUM(den), SUM(n) FROM {KAGG} "
            f"WHERE org_unit_id IN ({unit_filter}){period_sql} GROUP BY {_KEY} ORDER BY {_KEY}",
            params,
        )
        return max(cursor.rowcount, 0)
