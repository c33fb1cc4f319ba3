"""National-scale synthetic indicator data and the roll-up benchmark behind
`binhdang bench aggregate` (CONTRACTS §5).

Values come from one integer formula, so PostgreSQL/SQLite (loaded with COPY / executemany)
and DuckDB (built in memory with range()) hold exactly the same numbers.

What the ratios compare: the same answer to the same question over the same saved values,
checked equal cell by cell. binhdang answers from what it keeps for reading (raw values and
the roll-up rows every write maintains in its own transaction; their cost is in
`freshness_ms`); DuckDB answers from the raw values held in memory, scanned columnar. The
top-level `ratio` is `country_table_ms / duckdb_scan_ms` for the whole-country table
(through `unit_table`, the page's code path), both sides pivoting the sexes into one row per
unit × indicator; `cuts` are the same for each analytic cut (bench_cuts.py).
"""

import sys
import time
from dataclasses import dataclass

from django.db import connection, transaction

from binhdang.orgunits.generator import NATIONAL_COMMUNES, generate_national_tree
from binhdang.orgunits.models import OrgUnit

from .bench_cuts import run_country_table, run_cuts
from .models import Indicator, IndicatorValue, Source
from .periods import half_year_keys
from .rollups import AGG, KAGG, UNIT, VAL, rollup_rebuild
from .selectors import unit_sums
from .services import do_value_set

INDICATORS = 60
PERIODS = 20
FIRST_YEAR = 2016
TABLE_PERIOD = "2020-H1"
SEXES = ("F", "M")
NULL = "\\N"  # COPY text format
_KINDS = (Indicator.Kind.COUNT, Indicator.Kind.RATIO, Indicator.Kind.AVERAGE)


def _h(u: int, i: int, p: int, s: int) -> int:
    return (u * 7919 + i * 104729 + p * 15485863 + s * 32452843) % 1000003


def synthetic_value(u: int, i: int, p: int, s: int) -> tuple[int, int | None]:
    """(num, den) for commune u, indicator i, period p, sex s; the DuckDB SQL mirrors it."""
    h = _h(u, i, p, s)
    kind = i % 3
    if kind == 0:
        return h % 500, None
    if kind == 1:
        num = h % 500
        return num, num + (h // 500) % 300 + 1
    weight = h % 50 + 1
    return ((h // 50) % 40 + 10) * weight, weight


_DUCK_VALUES = """
CREATE TABLE raw AS
SELECT unit_id, indicator_id, period, sex,
       CASE WHEN i % 3 = 2 THEN ((h // 50) % 40 + 10) * (h % 50 + 1) ELSE h % 500 END::DOUBLE AS num,
       CASE WHEN i % 3 = 0 THEN NULL
            WHEN i % 3 = 1 THEN h % 500 + (h // 500) % 300 + 1
            ELSE h % 50 + 1 END::DOUBLE AS den
FROM (
  SELECT un.unit_id, ind.indicator_id, per.period, sx.sex, ind.i,
         (un.u * 7919 + ind.i * 104729 + per.p * 15485863 + sx.s * 32452843) % 1000003 AS h
  FROM units un, inds ind, periods per, sexes sx
)
"""

@dataclass
class BenchData:
    root: OrgUnit
    communes: list[OrgUnit]
    provinces: list[OrgUnit]
    indicators: list[Indicator]
    periods: list[str]
    built_now: bool

    @property
    def expected_values(self) -> int:
        return len(self.communes) * len(self.indicators) * len(SEXES) * len(self.periods)


def _log(message: str, verbose: bool) -> None:
    if verbose:
        print(message, file=sys.stderr, flush=True)  # noqa: T201 - progress for the operator


def bench_indicators() -> list[Indicator]:
    source, _created = Source.objects.get_or_create(
        code="BENCH", defaults={"title": "Dữ liệu tổng hợp để đo hiệu năng (không phải số liệu thật)", "order": 99}
    )
    existing = {i.code: i for i in Indicator.objects.filter(code__startswith="BENCH-")}
    new = []
    for i in range(INDICATORS):
        code = f"BENCH-{i + 1:02d}"
        if code in existing:
            continue
        kind = _KINDS[i % 3]
        new.append(Indicator(
            code=code, name=f"Chỉ tiêu tổng hợp {i + 1}", unit="%" if kind == Indicator.Kind.RATIO else "đơn vị",
            kind=kind, scale=100 if kind == Indicator.Kind.RATIO else 1, group=Indicator.Group.SYNTHETIC,
            source=source, order=10000 + i,
        ))
    Indicator.objects.bulk_create(new)
    return list(Indicator.objects.filter(code__startswith="BENCH-").order_by("code"))


def bench_data(*, communes: int = NATIONAL_COMMUNES, verbose: bool = False) -> BenchData:
    """The synthetic tree, indicators and values in the configured database; reused when
    complete, rebuilt otherwise."""
    prefix = "GEN" if communes == NATIONAL_COMMUNES else f"GEN{communes}"
    root = generate_national_tree(communes=communes, prefix=prefix)
    units = list(OrgUnit.objects.filter(path__startswith=root.path).order_by("path"))
    commune_units = [u for u in units if u.level == OrgUnit.Level.COMMUNE]
    provinces = [u for u in units if u.level == OrgUnit.Level.PROVINCE and u.depth == root.depth + 1]
    indicators = bench_indicators()
    periods = half_year_keys(FIRST_YEAR, PERIODS)
    data = BenchData(root, commune_units, provinces, indicators, periods, built_now=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {VAL} v JOIN {UNIT} u ON u.id = v.org_unit_id "  # noqa: S608
                       "WHERE u.path LIKE %s", [root.path + "%"])
        present = cursor.fetchone()[0]
        rolled = []
        for table in (AGG, KAGG):
            cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {table} WHERE org_unit_id = %s", [root.pk])  # noqa: S608
            rolled.append(cursor.fetchone()[0])
    started = time.perf_counter()
    if present == data.expected_values and rolled == [present, present]:
        _log(f"reusing {present} values", verbose)
        return data
    if present != data.expected_values:
        _log(f"building {data.expected_values} values (found {present})", verbose)
        with transaction.atomic():
            IndicatorValue.objects.filter(org_unit__path__startswith=root.path).delete()
        for p, period in enumerate(periods):
            with transaction.atomic():
                _load_period(data, p, period)
            _log(f"  {period} loaded ({time.perf_counter() - started:.1f} s)", verbose)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {VAL}" if connection.vendor == "postgresql" else "ANALYZE")
    else:
        _log(f"reusing {present} values; rebuilding their roll-ups", verbose)
    with transaction.atomic():
        rollup_rebuild(root=root)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {AGG}, {KAGG}" if connection.vendor == "postgresql" else "ANALYZE")
    _log(f"built in {time.perf_counter() - started:.1f} s", verbose)
    data.built_now = True
    return data


def _rows(data: BenchData, p: int, period: str):
    for u, commune in enumerate(data.communes):
        for i, indicator in enumerate(data.indicators):
            for s, sex in enumerate(SEXES):
                num, den = synthetic_value(u, i, p, s)
                yield indicator.pk, commune.pk, period, sex, num, den


def _load_period(data: BenchData, p: int, period: str) -> None:
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as raw, raw.copy(
            f"COPY {VAL} (indicator_id, org_unit_id, period, sex, breakdown, num, den, version) FROM STDIN"
        ) as copy:
            buffer = []
            for indicator_id, unit_id, per, sex, num, den in _rows(data, p, period):
                buffer.append(f"{indicator_id}\t{unit_id}\t{per}\t{sex}\t\t{num}\t{NULL if den is None else den}\t1\n")
                if len(buffer) >= 50000:
                    copy.write("".join(buffer))
                    buffer.clear()
            if buffer:
                copy.write("".join(buffer))
        return
    with connection.cursor() as cursor:
        batch = []
        sql = (f"INSERT INTO {VAL} (indicator_id, org_unit_id, period, sex, breakdown, num, den, version) "  # noqa: S608
               "VALUES (%s, %s, %s, %s, '', %s, %s, 1)")
        for row in _rows(data, p, period):
            batch.append(row)
            if len(batch) >= 50000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def duckdb_load(data: BenchData):
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET threads = 2")
    province_of = {p.path: p.pk for p in data.provinces}
    steplen = OrgUnit.steplen
    con.execute(
        "CREATE TABLE units AS SELECT unnest(?::BIGINT[]) AS u, unnest(?::BIGINT[]) AS unit_id, "
        "unnest(?::BIGINT[]) AS province_id, unnest(?::BOOLEAN[]) AS ward",
        [list(range(len(data.communes))), [c.pk for c in data.communes],
         [province_of[c.path[: steplen * (data.root.depth + 1)]] for c in data.communes],
         [c.level_title == "phường" for c in data.communes]],
    )
    con.execute("CREATE TABLE inds AS SELECT unnest(?::BIGINT[]) AS i, unnest(?::BIGINT[]) AS indicator_id",
                [list(range(len(data.indicators))), [i.pk for i in data.indicators]])
    con.execute("CREATE TABLE periods AS SELECT unnest(?::BIGINT[]) AS p, unnest(?::VARCHAR[]) AS period",
                [list(range(len(data.periods))), data.periods])
    con.execute("CREATE TABLE sexes AS SELECT unnest([0, 1]) AS s, unnest(['F', 'M']) AS sex")
    con.execute(_DUCK_VALUES)
    return con


def run_aggregate_bench(*, communes: int = NATIONAL_COMMUNES, runs: int = 15, verbose: bool = False) -> dict:
    data = bench_data(communes=communes, verbose=verbose)

    def log(message: str) -> None:
        _log(message, verbose)

    started = time.perf_counter()
    con = duckdb_load(data)
    loaded = con.execute("SELECT COUNT(*) FROM raw").fetchone()[0]
    log(f"duckdb loaded {loaded} values in {time.perf_counter() - started:.1f} s")
    if loaded != data.expected_values:
        raise RuntimeError(f"DuckDB holds {loaded} values, the database {data.expected_values}")
    country_ms, duck_ms = run_country_table(data, con, period=TABLE_PERIOD, runs=runs, log=log)
    cuts = run_cuts(data, con, period=TABLE_PERIOD, runs=runs, log=log)
    freshness = _freshness_ms(data)
    return {
        "engine": connection.vendor,
        "units": len(data.communes) + len(data.provinces),
        "values": data.expected_values,
        "country_table_ms": round(country_ms, 2),
        "duckdb_scan_ms": round(duck_ms, 2),
        "ratio": round(country_ms / duck_ms, 3) if duck_ms else None,
        "freshness_ms": round(freshness, 2),
        "cuts": cuts,
    }


def _freshness_ms(data: BenchData) -> float:
    """Save one commune's new value through the service, then read the province's and the
    national totals until both include it."""
    commune = data.communes[len(data.communes) // 2]
    province = next(p for p in data.provinces if commune.path.startswith(p.path))
    indicator = next(i for i in data.indicators if i.kind == Indicator.Kind.COUNT)
    by_id = {indicator.pk: indicator}
    current = IndicatorValue.objects.get(org_unit=commune, period=TABLE_PERIOD, indicator=indicator, sex="F")
    before = unit_sums([province.pk, data.root.pk], TABLE_PERIOD, by_id)
    expected: dict[int, float] = {}
    for uid in (province.pk, data.root.pk):
        female = before[(uid, indicator.pk)].num["F"]
        if female is None:  # the commune's own value is below both
            raise RuntimeError(f"unit {uid} has no female total of {indicator.code} for {TABLE_PERIOD}")
        expected[uid] = female + 1
    start = time.perf_counter()
    do_value_set(actor=None, indicator=indicator, org_unit=commune, period=TABLE_PERIOD, sex="F",
              value=current.num + 1)
    while True:
        after = unit_sums([province.pk, data.root.pk], TABLE_PERIOD, by_id)
        if all(after[(uid, indicator.pk)].num["F"] == want for uid, want in expected.items()):
            break
        if time.perf_counter() - start > 10:
            raise RuntimeError("the new value did not reach the totals within 10 s")
    elapsed = (time.perf_counter() - start) * 1000
    do_value_set(actor=None, indicator=indicator, org_unit=commune, period=TABLE_PERIOD, sex="F",
              value=current.num)
    return elapsed
