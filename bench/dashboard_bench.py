<<<<<<< HEAD
"""The reads of a national dashboard at national scale: server time per request, p95 of 30.

usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME uv run python bench/dashboard_bench.py [--communes N]

Uses (or builds) the synthetic data of `binhdang bench aggregate` in the configured database:
3,321 communes × 60 indicators × 2 sexes × 20 half-years. One "request" is what a leader's
national dashboard reads: the whole-country table (every indicator × the nation and its 34
provinces, one period, through `unit_table`, the page's code path) plus a trend (one
indicator × the nation and the provinces × 20 half-years, through `cut`), plus the same table
over wards only. The page itself (templates, charts) is not part of this measure. Prints JSON:
median and p95 (ms) of each read and of the whole request.
=======
"""Server time of the dashboards with the demo data: the leader's home page, the drill-down
page and the public page, each requested N times through Django's test client (the whole
request: middleware, selectors, templates), with the query count of one request.

    .venv/bin/python bench/dashboard_bench.py [--runs 30]

Runs against the database in DATABASE_URL (default: the SQLite file of `./dev demo`), which
must hold the demo (`./dev seed-demo`). National scale is the analytic layer's bench
(`binhdang bench aggregate`); this one measures the page around the reads. Prints JSON.
>>>>>>> dashboards
"""

import argparse
import json
import os
import statistics
import sys
import time
<<<<<<< HEAD
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("BINHDANG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
=======

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
>>>>>>> dashboards

import django

django.setup()

<<<<<<< HEAD
from django.core.management import call_command  # noqa: E402

from binhdang.indicators.bench import TABLE_PERIOD, bench_data  # noqa: E402
from binhdang.indicators.models import Indicator  # noqa: E402
from binhdang.indicators.selectors import WARDS, cut, cut_units, unit_table  # noqa: E402
from binhdang.orgunits.generator import NATIONAL_COMMUNES  # noqa: E402

RUNS = 30


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2)}
=======
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from binhdang.accounts.models import User  # noqa: E402
from binhdang.orgunits.models import OrgUnit  # noqa: E402


def measure(client: Client, url: str, runs: int) -> dict:
    client.defaults["HTTP_HOST"] = "localhost"
    client.get(url)  # warm the connection and the template cache
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        status = client.get(url).status_code
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"url": url, "status": status, "queries": count[0],
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1)}
>>>>>>> dashboards


def main() -> None:
    parser = argparse.ArgumentParser()
<<<<<<< HEAD
    parser.add_argument("--communes", type=int, default=NATIONAL_COMMUNES)
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    data = bench_data(communes=args.communes)
    root = data.root
    trend_indicator = next(i for i in data.indicators if i.kind == Indicator.Kind.COUNT)
    reads = {
        "country_table": lambda: unit_table(unit=root, period=TABLE_PERIOD, indicators=data.indicators),
        "trend": lambda: cut(units=cut_units(parent=root, include_parent=True), periods=data.periods,
                             indicators=[trend_indicator]),
        "wards_table": lambda: cut(units=cut_units(parent=root, include_parent=True), periods=[TABLE_PERIOD],
                                   indicators=data.indicators, within=WARDS),
    }
    samples: dict[str, list[float]] = {name: [] for name in [*reads, "request"]}
    for _warm in range(3):
        for read in reads.values():
            read()
    for _run in range(RUNS):
        started = time.perf_counter()
        for name, read in reads.items():
            start = time.perf_counter()
            result = read()
            # read every figure, as a page does when it renders them
            cells = result.figures if hasattr(result, "figures") else result.cells
            sum(f.total or 0 for f in cells.values())
            samples[name].append((time.perf_counter() - start) * 1000)
        samples["request"].append((time.perf_counter() - started) * 1000)
    print(json.dumps({"values": data.expected_values, "runs": RUNS,
                      **{name: stats(values) for name, values in samples.items()}}))
=======
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    town = OrgUnit.objects.get(code="TH-BS")
    leader = Client()
    leader.force_login(User.objects.get(username="lanhdao"))
    province = Client()
    province.force_login(User.objects.get(username="tinh"))
    reporter = Client()
    reporter.force_login(User.objects.get(username="badinh"))
    results = [
        measure(reporter, "/", args.runs),  # the page before: memberships, "Việc của tôi", the tree
        measure(leader, "/?period=2017", args.runs),
        measure(leader, f"/dashboard/{town.pk}/?period=2017&indicator=DP-TH-NGUOI", args.runs),
        measure(province, "/?period=2017-H1", args.runs),
        measure(Client(), "/public/TH-BS/", args.runs),
    ]
    print(json.dumps({"database": connection.vendor, "runs": args.runs, "pages": results}, indent=1))
>>>>>>> dashboards


if __name__ == "__main__":
    main()
