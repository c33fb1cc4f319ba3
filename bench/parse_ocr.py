"""OCR throughput: the seed plan rendered to an image-only PDF (200 dpi, as a scanner makes it),
read back with Tesseract's Vietnamese data; pages per minute, and how many seed facts hold.

Run with `uv run python bench/parse_ocr.py [--runs N]`; prints one JSON object. One OCR thread
(OMP_THREAD_LIMIT=1), as the background worker runs it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from binhdang.documents.parsing import parse_file  # noqa: E402
from binhdang.documents.parsing.ocr import OCR_DPI  # noqa: E402
from binhdang.documents.tests.corpus_files import write_pdf  # noqa: E402

SEED = ROOT / "binhdang" / "fixtures" / "plans" / "268-KH-UBND-2017.txt"
SEEDFACTS = ROOT.parent.parent / "shared" / "tools" / "seedfacts.py"


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seedfacts", default=str(SEEDFACTS if SEEDFACTS.exists() else "/work/shared/tools/seedfacts.py"))
    args = ap.parse_args()
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        pdf = write_pdf(SEED.read_text(encoding="utf-8"), out / "seed.pdf")
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(out / "p")], check=True)  # noqa: S607
        images = [Image.open(p) for p in sorted(out.glob("p*.png"))]
        scan = out / "scan.pdf"
        images[0].save(scan, save_all=True, append_images=images[1:], resolution=200)
        pages = len(images)
        walls, cpus, plan = [], [], None
        for _ in range(args.runs):
            w, c = time.perf_counter(), time.process_time() + child_cpu()
            plan = parse_file(scan).to_json_dict()
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() + child_cpu() - c)
    fails: list[str] = []
    if Path(args.seedfacts).exists():
        spec = importlib.util.spec_from_file_location("seedfacts", args.seedfacts)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        fails = module.check_seed(plan)
    wall, cpu = min(walls), min(cpus)
    print(json.dumps({
        "pages": pages, "scan_dpi": 200, "ocr_dpi": OCR_DPI, "runs": args.runs,
        "seconds_wall": round(wall, 1), "seconds_cpu": round(cpu, 1),
        "pages_per_minute_wall": round(60 * pages / wall, 1),
        "pages_per_minute_cpu": round(60 * pages / cpu, 1),
        "seed_facts_failed": fails, "ocr_confidence_number": plan["confidence"]["number"] if plan else None,
        "machine": platform.machine(), "cpu_count": os.cpu_count(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
