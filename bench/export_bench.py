"""Peak memory and time of the streamed value exports (XLSX write-only, DHIS2 JSON, ADX).

    uv run python bench/export_bench.py [ROWS ...]      # default: 100000 1000000

Rows are synthetic ValueRows (indicator × unit × period × sex) fed straight to the writers,
so the figures are the writers' own cost; the database cursor streams in chunks of 5,000.
Each measurement runs in its own process: the time is taken without tracing, and the
memory is the growth of the process's peak resident set over its size before writing.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

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


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, write, count: int) -> dict:
    with tempfile.TemporaryFile() as out:
        before = _maxrss_mib()
        started = time.perf_counter()
        write(rows(count), out)
        elapsed = time.perf_counter() - started
        size = out.tell()
    return {"format": name, "rows": count, "seconds": round(elapsed, 1),
            "peak_mib": round(_maxrss_mib() - before, 1), "file_mib": round(size / 2**20, 1)}


def writers():
    mapping = Mapping(element_out={}, den_out={}, element_in={}, unit_out={}, unit_in={}, sex_out={},
                      sex_in={}, period_out={}, period_in={})
    return {
        "xlsx": lambda r, out: write_values_xlsx(r, out, names={}, units={}),
        "dhis2-json": lambda r, out: write_json(r, out, mapping),
        "adx": lambda r, out: write_adx(r, out, mapping),
    }


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        name, count = sys.argv[2], int(sys.argv[3])
        print(json.dumps(measure(name, writers()[name], count)))
        return
    counts = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    print(f"{'format':<11} {'rows':>9} {'seconds':>8} {'peak MiB':>9} {'file MiB':>9}")
    for count in counts:
        for name in writers():
            line = subprocess.run([sys.executable, __file__, "--one", name, str(count)],
                                  check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            result = json.loads(line)
            print(f"{result['format']:<11} {result['rows']:>9} {result['seconds']:>8} "
                  f"{result['peak_mib']:>9} {result['file_mib']:>9}", flush=True)


if __name__ == "__main__":
    main()
