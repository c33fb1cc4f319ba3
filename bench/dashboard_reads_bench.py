"""The reads of a national dashboard at national scale: server time per request, p95 of 30.

usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME uv run python bench/dashboard_reads_bench.py [--communes N]

Uses (or builds) the synthetic data of `binhdang bench aggregate` in the configured database:
3,321 communes × 60 indicators × 2 sexes × 20 half-years. One "request" is what a leader's
national dashboard reads: the whole-country table (every indicator × the nation and its 34
provinces, one period, through `unit_table`, the page's code path) plus a trend (one
indicator × the nation and the provinces × 20 half-years, through `cut`), plus the same table
over wards only. The page itself (templates, charts) is not part of this measure. Prints JSON:
median and p95 (ms) of each read and of the whole request.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("BINHDANG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

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


def main() -> None:
    parser = argparse.ArgumentParser()
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


if __name__ == "__main__":
    main()
