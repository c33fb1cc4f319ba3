"""The analytic cuts of `binhdang bench aggregate` (CONTRACTS §5 `cuts`): each answered by
the cut selector and by DuckDB from the same raw values held in memory, in the same run.

Both sides compute the same answer (one cell per unit × period × indicator, the sexes
pivoted: ΣnumF, ΣdenF, ΣnumM, ΣdenM, n; for the ratio indicator the rates themselves), both
resolve the units they need inside the timed call (binhdang from the tree, DuckDB by joining
its units table), each is timed producing its native result (Figures; fetched rows), and the
answers are asserted equal cell by cell before any time is reported.
"""

import statistics
import time
from collections.abc import Callable
from typing import Any

from binhdang.orgunits.models import OrgUnit

from .models import Indicator
from .selectors import COMMUNES, WARDS, cut, cut_units, unit_table

_PIVOT = (
    "SUM(r.num) FILTER (WHERE r.sex = 'F'), SUM(COALESCE(r.den, 0)) FILTER (WHERE r.sex = 'F'), "
    "SUM(r.num) FILTER (WHERE r.sex = 'M'), SUM(COALESCE(r.den, 0)) FILTER (WHERE r.sex = 'M'), COUNT(*)"
)
_DUCK = {
    # every indicator × the provinces and the nation, one period
    "country_period": """
        SELECT COALESCE(un.province_id, $root), $period, r.indicator_id, PIVOT
        FROM raw r JOIN units un USING (unit_id) WHERE r.period = $period
        GROUP BY GROUPING SETS ((un.province_id, r.indicator_id), (r.indicator_id))""",
    # one indicator × the provinces and the nation × every half-year
    "trend": """
        SELECT COALESCE(un.province_id, $root), r.period, r.indicator_id, PIVOT
        FROM raw r JOIN units un USING (unit_id) WHERE r.indicator_id = $indicator
        GROUP BY GROUPING SETS ((un.province_id, r.period, r.indicator_id), (r.period, r.indicator_id))""",
    # every indicator × one province's communes, one period
    "province_communes": """
        SELECT r.unit_id, r.period, r.indicator_id, PIVOT
        FROM raw r JOIN units un USING (unit_id) WHERE r.period = $period AND un.province_id = $province
        GROUP BY r.unit_id, r.period, r.indicator_id""",
    # every indicator × the provinces and the nation, sums over wards (phường) only
    "wards_only": """
        SELECT COALESCE(un.province_id, $root), $period, r.indicator_id, PIVOT
        FROM raw r JOIN units un USING (unit_id) WHERE r.period = $period AND un.ward
        GROUP BY GROUPING SETS ((un.province_id, r.indicator_id), (r.indicator_id))""",
    # a ratio indicator's rates (Σnum / Σden × 100) by sex and in total, provinces and the
    # nation × every half-year
    "ratio_indicator": """
        SELECT COALESCE(un.province_id, $root), r.period, r.indicator_id,
               SUM(r.num) FILTER (WHERE r.sex = 'F') / SUM(r.den) FILTER (WHERE r.sex = 'F') * 100,
               SUM(r.num) FILTER (WHERE r.sex = 'M') / SUM(r.den) FILTER (WHERE r.sex = 'M') * 100,
               SUM(r.num) / SUM(r.den) * 100
        FROM raw r JOIN units un USING (unit_id) WHERE r.indicator_id = $ratio
        GROUP BY GROUPING SETS ((un.province_id, r.period, r.indicator_id), (r.period, r.indicator_id))""",
}
DUCK = {name: sql.replace("PIVOT", _PIVOT) for name, sql in _DUCK.items()}
# The same country table read from a pre-aggregated table of DuckDB's own (context only:
# reported on stderr with --progress, not part of the ratios).
DUCK_PREAGGREGATE = """
    CREATE TABLE agg AS
    SELECT COALESCE(un.province_id, $root) AS unit_id, r.period, r.indicator_id, r.sex,
           SUM(r.num) AS num, SUM(COALESCE(r.den, 0)) AS den, COUNT(*) AS n
    FROM raw r JOIN units un USING (unit_id)
    GROUP BY GROUPING SETS ((un.province_id, r.period, r.indicator_id, r.sex), (r.period, r.indicator_id, r.sex))"""
DUCK_FROM_PREAGGREGATE = """
    SELECT unit_id, period, indicator_id,
           SUM(num) FILTER (WHERE sex = 'F'), SUM(den) FILTER (WHERE sex = 'F'),
           SUM(num) FILTER (WHERE sex = 'M'), SUM(den) FILTER (WHERE sex = 'M'), SUM(n)
    FROM agg WHERE period = $period GROUP BY unit_id, period, indicator_id"""

Answer = dict[tuple[int, str, int], tuple]


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    for _i in range(3):
        fn()
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _sums(result) -> Answer:
    return {key: (f.f_num, f.f_den, f.m_num, f.m_den, f.n) for key, f in result.cells.items()}


def _rates(result) -> Answer:
    return {key: (f.female, f.male, f.total) for key, f in result.cells.items()}


def _duck_answer(rows) -> Answer:
    return {(unit_id, period, indicator_id): tuple(rest) for unit_id, period, indicator_id, *rest in rows}


def _same(ours: Answer, theirs: Answer) -> list[str]:
    """Keys where the answers differ (sums of integers are exact; rates to 1e-9 relative)."""
    bad = []
    for key in sorted(set(ours) | set(theirs), key=str):
        a, b = ours.get(key), theirs.get(key)
        if a is None or b is None or len(a) != len(b):
            bad.append(f"{key}: {a} ≠ {b}")
            continue
        for x, y in zip(a, b, strict=True):
            if x is None or y is None:
                if not (x is None and y is None) and (x or 0) != (y or 0):
                    bad.append(f"{key}: {a} ≠ {b}")
                    break
            elif abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y)):
                bad.append(f"{key}: {a} ≠ {b}")
                break
    return bad


def run_cuts(data, con, *, period: str, runs: int, log: Callable[[str], None]) -> dict[str, dict]:
    """Time every cut both ways and assert the answers agree; {cut: {ms, duckdb_ms, ratio}}."""
    root = data.root
    indicators = data.indicators
    trend_indicator = next(i for i in indicators if i.kind == Indicator.Kind.COUNT)
    ratio_indicator = next(i for i in indicators if i.kind == Indicator.Kind.RATIO)
    province = max(data.provinces, key=lambda p: p.numchild)
    params = {"root": root.pk, "period": period, "indicator": trend_indicator.pk, "province": province.pk,
              "ratio": ratio_indicator.pk}

    def nation_and_provinces() -> list[OrgUnit]:
        return cut_units(parent=root, include_parent=True)

    # Each side is timed producing its own native answer (the selector: Figures; DuckDB: rows);
    # the answers are compared, outside the timing, as the same canonical cells.
    ours: dict[str, tuple[Callable[[], Any], Callable[[Any], Answer]]] = {
        "country_period": (lambda: cut(units=nation_and_provinces(), periods=[period], indicators=indicators), _sums),
        "trend": (lambda: cut(units=nation_and_provinces(), periods=data.periods, indicators=[trend_indicator]),
                  _sums),
        "province_communes": (lambda: cut(units=cut_units(parent=province, only=COMMUNES), periods=[period],
                                          indicators=indicators), _sums),
        "wards_only": (lambda: cut(units=nation_and_provinces(), periods=[period], indicators=indicators,
                                   within=WARDS), _sums),
        # the rates themselves are part of the answer: computed inside the timed call
        "ratio_indicator": (lambda: _rates(cut(units=nation_and_provinces(), periods=data.periods,
                                               indicators=[ratio_indicator])), lambda answer: answer),
    }
    out = {}
    for name, (fn, canonical) in ours.items():
        sql = DUCK[name]
        used = {k: v for k, v in params.items() if f"${k}" in sql}

        def duck(sql=sql, used=used) -> list[tuple]:
            return con.execute(sql, used).fetchall()

        mine, theirs = canonical(fn()), _duck_answer(duck())
        bad = _same(mine, theirs)
        if bad or not mine:
            raise RuntimeError(f"cut {name}: binhdang and DuckDB disagree on {len(bad)} of {len(theirs)} cells "
                               f"({'; '.join(bad[:3]) or 'no cells'})")
        ms, duck_ms = median_ms(fn, runs), median_ms(duck, runs)
        log(f"cut {name}: {len(mine)} cells agree; {ms:.2f} ms against DuckDB {duck_ms:.2f} ms")
        out[name] = {"ms": round(ms, 2), "duckdb_ms": round(duck_ms, 2),
                     "ratio": round(ms / duck_ms, 3) if duck_ms else None}
    return out


def run_country_table(data, con, *, period: str, runs: int, log: Callable[[str], None]) -> tuple[float, float]:
    """The whole-country table through the page's code path (unit_table) against DuckDB
    computing the same pivoted table from the raw values; asserted equal. (ms, duckdb ms)."""
    root = data.root

    def ours():
        return unit_table(unit=root, period=period, indicators=data.indicators)

    def duck() -> list[tuple]:
        return con.execute(DUCK["country_period"], {"root": root.pk, "period": period}).fetchall()

    table = ours()
    mine = {(unit_id, period, indicator_id): (f.f_num, f.f_den, f.m_num, f.m_den, f.n)
            for (unit_id, indicator_id), f in table.figures.items()}
    bad = _same(mine, _duck_answer(duck()))
    if bad:
        raise RuntimeError(f"DuckDB and the roll-ups disagree on {len(bad)} cells ({'; '.join(bad[:3])})")
    ms, duck_ms = median_ms(ours, runs), median_ms(duck, runs)
    con.execute(DUCK_PREAGGREGATE, {"root": root.pk})
    pre = lambda: con.execute(DUCK_FROM_PREAGGREGATE, {"period": period}).fetchall()  # noqa: E731
    if _same(_duck_answer(pre()), _duck_answer(duck())):
        raise RuntimeError("DuckDB's pre-aggregated table disagrees with its own scan")
    log(f"country table: {ms:.2f} ms; DuckDB from raw values {duck_ms:.2f} ms; "
        f"DuckDB from a pre-aggregated table of its own {median_ms(pre, runs):.2f} ms (context only)")
    return ms, duck_ms
