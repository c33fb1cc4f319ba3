"""National-scale synthetic indicator data and the roll-up benchmark behind
`binhdang bench aggregate` (CONTRACTS §5).

Values come from one integer formula, so PostgreSQL/SQLite (loaded with COPY / executemany)
and DuckDB (built in memory with range()) hold exactly the same numbers.
"""

import statistics
import sys
import time
from dataclasses import dataclass

from django.db import connection, transaction

from binhdang.orgunits.generator import NATIONAL_COMMUNES, generate_national_tree
from binhdang.orgunits.models import OrgUnit

from .models import Indicator, IndicatorAggregate, IndicatorValue, Source
from .periods import half_year_keys
from .rollups import AGG, VAL, rollup_rebuild
from .selectors import unit_sums, unit_table
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

_DUCK_TABLE = """
SELECT COALESCE(un.province_id, ?) AS unit_id, r.indicator_id, r.sex,
       SUM(r.num), SUM(COALESCE(r.den, 0)), COUNT(*)
FROM raw r JOIN units un USING (unit_id)
WHERE r.period = ?
GROUP BY GROUPING SETS ((un.province_id, r.indicator_id, r.sex), (r.indicator_id, r.sex))
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
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {AGG} WHERE org_unit_id = %s", [root.pk])  # noqa: S608
        present = cursor.fetchone()[0]
    if present == data.expected_values:
        _log(f"reusing {present} values", verbose)
        return data
    _log(f"building {data.expected_values} values (found {present})", verbose)
    started = time.perf_counter()
    with transaction.atomic():
        unit_ids = [u.pk for u in units]
        IndicatorAggregate.objects.filter(org_unit_id__in=unit_ids).delete()
        IndicatorValue.objects.filter(org_unit__path__startswith=root.path).delete()
    for p, period in enumerate(periods):
        with transaction.atomic():
            _load_period(data, p, period)
        _log(f"  {period} loaded ({time.perf_counter() - started:.1f} s)", verbose)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {VAL}" if connection.vendor == "postgresql" else "ANALYZE")
    with transaction.atomic():
        rollup_rebuild(root=root)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {AGG}" if connection.vendor == "postgresql" else "ANALYZE")
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


def _median_ms(fn, runs: int) -> float:
    for _i in range(3):
        fn()
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def duckdb_load(data: BenchData):
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET threads = 2")
    province_of = {p.path: p.pk for p in data.provinces}
    steplen = OrgUnit.steplen
    con.execute(
        "CREATE TABLE units AS SELECT unnest(?::BIGINT[]) AS u, unnest(?::BIGINT[]) AS unit_id, "
        "unnest(?::BIGINT[]) AS province_id",
        [list(range(len(data.communes))), [c.pk for c in data.communes],
         [province_of[c.path[: steplen * (data.root.depth + 1)]] for c in data.communes]],
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
    root = data.root

    def country_table():
        return unit_table(unit=root, period=TABLE_PERIOD, synthetic=True)

    table = country_table()
    country_ms = _median_ms(country_table, runs)

    started = time.perf_counter()
    con = duckdb_load(data)
    loaded = con.execute("SELECT COUNT(*) FROM raw").fetchone()[0]
    _log(f"duckdb loaded {loaded} values in "
         f"{time.perf_counter() - started:.1f} s", verbose)

    def duck_table():
        return con.execute(_DUCK_TABLE, [root.pk, TABLE_PERIOD]).fetchall()

    duck_rows = duck_table()
    duck_ms = _median_ms(duck_table, runs)
    mismatches = _compare(table, duck_rows)
    _log(f"checksum: {len(duck_rows)} DuckDB groups, {mismatches} mismatches against the selector", verbose)
    if mismatches:
        raise RuntimeError(f"DuckDB and the roll-ups disagree on {mismatches} cells")

    freshness = _freshness_ms(data)
    units = len(data.communes) + len(data.provinces)
    return {
        "engine": connection.vendor,
        "units": units,
        "values": data.expected_values,
        "country_table_ms": round(country_ms, 2),
        "duckdb_scan_ms": round(duck_ms, 2),
        "ratio": round(country_ms / duck_ms, 3) if duck_ms else None,
        "freshness_ms": round(freshness, 2),
    }


def _compare(table, duck_rows) -> int:
    by_id = {i.pk: i for i in table.indicators}
    bad = 0
    for unit_id, indicator_id, sex, num, den, _n in duck_rows:
        figure = table.figures.get((unit_id, indicator_id))
        if figure is None or by_id.get(indicator_id) is None:
            bad += 1
            continue
        if abs((figure.num[sex] or 0) - num) > 1e-6 or abs(figure.den[sex] - den) > 1e-6:
            bad += 1
    return bad


def _freshness_ms(data: BenchData) -> float:
    """Save one commune's new value through the service, then read the province's and the
    national totals until both include it."""
    commune = data.communes[len(data.communes) // 2]
    province = next(p for p in data.provinces if commune.path.startswith(p.path))
    indicator = next(i for i in data.indicators if i.kind == Indicator.Kind.COUNT)
    by_id = {indicator.pk: indicator}
    current = IndicatorValue.objects.get(org_unit=commune, period=TABLE_PERIOD, indicator=indicator, sex="F")
    before = unit_sums([province.pk, data.root.pk], TABLE_PERIOD, by_id)
    expected = {uid: before[(uid, indicator.pk)].num["F"] + 1 for uid in (province.pk, data.root.pk)}
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
