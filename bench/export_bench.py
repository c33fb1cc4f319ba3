"""Peak memory and time of the streamed value exports (XLSX, DHIS2 JSON, ADX), with the
XLSX export measured against the fastest Python-usable writers in the same run.

    uv run python bench/export_bench.py [ROWS ...]      # default: 100000 1000000

Rows are synthetic ValueRows (indicator × unit × period × sex) fed straight to the writers,
so the figures are the writers' own cost; the database cursor streams in chunks of 5,000.
`xlsx` is ours (binhdang.exports.xlsx.write_values_xlsx: pivot to Nữ/Nam/Tổng, names, totals);
`xlsxwriter-cm` (XlsxWriter, constant_memory) and `rustpy-xlsxwriter` write the same sheet
(the same 11 columns and rows, pivoted the same way by the shared `_value_records`).
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
from binhdang.exports.xlsx import VALUE_HEADERS, _value_records, write_values_xlsx  # noqa: E402


def rows(count: int):
    per_unit = 40  # 20 indicators × 2 sexes
    for i in range(count):
        unit, rest = divmod(i, per_unit)
        indicator, sex = divmod(rest, 2)
        yield ValueRow(f"IND-{indicator:02d}", f"U{unit:07d}", "2017-H1", "FM"[sex], float((i * 7919) % 5000))


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """User + system CPU seconds of this process (all its threads): steadier than the wall
    clock on a machine shared with other work."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(name: str, write, count: int) -> dict:
    with tempfile.TemporaryFile() as out:
        before = _maxrss_mib()
        cpu_before = _cpu()
        started = time.perf_counter()
        write(rows(count), out)
        elapsed = time.perf_counter() - started
        cpu = _cpu() - cpu_before
        size = out.tell()
    return {"format": name, "rows": count, "seconds": round(elapsed, 2), "cpu": round(cpu, 2),
            "peak_mib": round(_maxrss_mib() - before, 1), "file_mib": round(size / 2**20, 1)}


def xlsxwriter_constant_memory(rows_in, out) -> None:
    """XlsxWriter in constant_memory mode, the same sheet, row by row."""
    import xlsxwriter

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as spool:
        workbook = xlsxwriter.Workbook(spool.name, {"constant_memory": True})
        sheet = workbook.add_worksheet("So lieu")
        bold = workbook.add_format({"bold": True, "font_name": "Times New Roman", "bg_color": "#DDE4EE"})
        body = workbook.add_format({"font_name": "Times New Roman"})
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, VALUE_HEADERS, bold)
        for r, record in enumerate(_value_records(rows_in, {}, {}), start=1):
            sheet.write_row(r, 0, list(record.values()), body)
        workbook.close()
        with open(spool.name, "rb") as handle:
            while chunk := handle.read(1 << 20):
                out.write(chunk)


def rustpy_plain(rows_in, out) -> None:
    """rustpy-xlsxwriter with no formatting at all: the floor."""
    import rustpy_xlsxwriter

    with tempfile.TemporaryDirectory() as folder:  # a path keeps its memory flat
        path = os.path.join(folder, "values.xlsx")
        rustpy_xlsxwriter.write_worksheet(_value_records(rows_in, {}, {}), path, sheet_name="So lieu", freeze_row=1)
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                out.write(chunk)


def writers():
    mapping = Mapping.empty()
    return {
        "xlsx": lambda r, out: write_values_xlsx(r, out, names={}, units={}),
        "xlsxwriter-cm": xlsxwriter_constant_memory,
        "rustpy-xlsxwriter": rustpy_plain,
        "dhis2-json": lambda r, out: write_json(r, out, mapping),
        "adx": lambda r, out: write_adx(r, out, mapping),
    }


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        name, count = sys.argv[2], int(sys.argv[3])
        print(json.dumps(measure(name, writers()[name], count)))
        return
    counts = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    only = os.environ.get("BENCH_FORMATS", "")
    names = [n for n in writers() if not only or n in only.split(",")]
    print(f"{'format':<18} {'rows':>9} {'seconds':>8} {'cpu s':>8} {'peak MiB':>9} {'file MiB':>9}")
    for count in counts:
        for name in names:
            line = subprocess.run([sys.executable, __file__, "--one", name, str(count)],
                                  check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            result = json.loads(line)
            print(f"{result['format']:<18} {result['rows']:>9} {result['seconds']:>8} {result['cpu']:>8} "
                  f"{result['peak_mib']:>9} {result['file_mib']:>9}", flush=True)


if __name__ == "__main__":
    main()
