"""Peak memory and time of the streamed value exports (XLSX write-only, DHIS2 JSON, ADX).

    uv run python bench/export_bench.py [ROWS ...]      # default: 100000 1000000

Rows are synthetic ValueRows (indicator × unit × period × sex) fed straight to the writers,
so the figures are the writers' own cost; the database cursor streams in chunks of 5,000.
"""

import os
import sys
import tempfile
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

django.setup()

from binhdang.exports.dhis2 import write_adx, write_json  # noqa: E402
from binhdang.exports.values import Mapping, ValueRow  # noqa: E402
from binhdang.exports.xlsx import write_values_xlsx  # noqa: E402


def rows(count: int):
    per_unit = 40  # 20 indicators × 2 sexes
    for i in range(count):
        unit, rest = divmod(i, per_unit)
        indicator, sex = divmod(rest, 2)
        yield ValueRow(f"IND-{indicator:02d}", f"U{unit:07d}", "2017-H1", "FM"[sex], float((i * 7919) % 5000))


def measure(name: str, write, count: int) -> dict:
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        started = time.perf_counter()
        write(rows(count), out)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = out.tell()
    return {"format": name, "rows": count, "seconds": round(elapsed, 1), "peak_mib": round(peak / 2**20, 1),
            "file_mib": round(size / 2**20, 1)}


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    mapping = Mapping(element_out={}, den_out={}, element_in={}, unit_out={}, unit_in={}, sex_out={},
                      sex_in={}, period_out={}, period_in={})
    writers = {
        "xlsx": lambda r, out: write_values_xlsx(r, out, names={}, units={}),
        "dhis2-json": lambda r, out: write_json(r, out, mapping),
        "adx": lambda r, out: write_adx(r, out, mapping),
    }
    print(f"{'format':<11} {'rows':>9} {'seconds':>8} {'peak MiB':>9} {'file MiB':>9}")
    for count in counts:
        for name, write in writers.items():
            result = measure(name, write, count)
            print(f"{result['format']:<11} {result['rows']:>9} {result['seconds']:>8} "
                  f"{result['peak_mib']:>9} {result['file_mib']:>9}", flush=True)


if __name__ == "__main__":
    main()
