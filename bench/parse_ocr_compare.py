"""OCR against plain Tesseract on the same pages, side by side in one run: CPU seconds and the
facts each text gives. Plain = `tesseract page.png - -l vie` on the page images a 200-dpi scanner
gives (rendering excluded); ours = `binhdang parse` on the image-only PDF (rendering, rule removal,
OCR, line rebuilding, parsing). A fact "lost" is one that plain Tesseract's text gives to the
parser and ours does not. One Tesseract thread each (OMP_THREAD_LIMIT=1).

Run with `uv run python bench/parse_ocr_compare.py [--docs seed,real/qd-1100-tay-ninh-2021.txt,…] [--json]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

from binhdang.documents.parsing import ParseError, parse_file, parse_text  # noqa: E402
from binhdang.documents.tests.corpus_files import CORPUS, corpus_docs  # noqa: E402
from binhdang.documents.tests.corpus_score import score  # noqa: E402

SEED = ROOT / "binhdang" / "fixtures" / "plans" / "268-KH-UBND-2017.txt"
SEEDFACTS = Path("/work/shared/tools/seedfacts.py")


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def scan_of(text_path: Path, name: str, out: Path) -> tuple[Path, list[Path]]:
    from PIL import Image

    from binhdang.documents.tests.corpus_files import write_pdf

    pdf = write_pdf(text_path.read_text("utf-8"), out / f"{name}.pdf", web=name.startswith("real"))
    prefix = out / f"{name}-p"
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(prefix)], check=True)  # noqa: S607
    pages = sorted(out.glob(f"{name}-p*.png"))
    images = [Image.open(p) for p in pages]
    scan = out / f"{name}.scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=200)
    return scan, pages


def seed_checker():  # type: ignore[no-untyped-def]
    if not SEEDFACTS.exists():
        return None
    spec = importlib.util.spec_from_file_location("seedfacts", SEEDFACTS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check_seed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", default="seed", help="'seed' and/or corpus names, comma-separated; 'test' = the real test half")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    names = [n for n in args.docs.split(",") if n]
    if "test" in names:
        names.remove("test")
        names += [k for k, v in corpus_docs(written=False).items() if v["split"] == "test" and v["kind"] != "ocr"]
    docs = corpus_docs()
    check_seed = seed_checker()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name in names:
            src = SEED if name == "seed" else CORPUS / name
            stem = name.replace("/", "__").removesuffix(".txt")
            scan, pages = scan_of(src, stem, out)
            t = cpu()
            plain_text = "\n\n".join(
                subprocess.run(["tesseract", str(p), "-", "-l", "vie"], capture_output=True, check=True,  # noqa: S607
                               text=True).stdout for p in pages)
            plain_cpu = cpu() - t
            t = cpu()
            try:
                ours = parse_file(scan).to_json_dict()
            except ParseError:
                ours = None  # refused: every fact it would have given is lost
            ours_cpu = cpu() - t
            try:
                plain = parse_text(plain_text).to_json_dict() if plain_text.strip() else None
            except ParseError:
                plain = None
            if name == "seed":
                lost_facts = [] if check_seed is None else sorted(set(check_seed(ours or {})) - set(check_seed(plain or {})))
                held = (None, None)
            else:
                facts = docs[name]
                mine = {(f, x) for f, x, ok in score(ours, facts) if ok}
                theirs = {(f, x) for f, x, ok in score(plain, facts) if ok}
                lost_facts = sorted(f"{f}: {x}" for f, x in theirs - mine)
                total = len(score(None, facts))
                held = (len(mine), len(theirs), total)
            rows.append({"document": name, "pages": len(pages), "plain_cpu_s": round(plain_cpu, 2),
                         "ours_cpu_s": round(ours_cpu, 2), "ratio": round(ours_cpu / plain_cpu, 2),
                         "facts_ours_plain_total": held, "lost": lost_facts})
    total_plain = sum(r["plain_cpu_s"] for r in rows)
    total_ours = sum(r["ours_cpu_s"] for r in rows)
    summary = {"load_avg": [round(x, 2) for x in os.getloadavg()], "documents": len(rows),
               "pages": sum(r["pages"] for r in rows), "plain_cpu_s": round(total_plain, 1),
               "ours_cpu_s": round(total_ours, 1), "ratio": round(total_ours / total_plain, 2) if total_plain else None,
               "facts_lost": sum(len(r["lost"]) for r in rows), "rows": rows}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    for r in rows:
        print(f"{r['document']:48} pages {r['pages']}  plain {r['plain_cpu_s']:6.2f}s  ours {r['ours_cpu_s']:6.2f}s  "
              f"×{r['ratio']:.2f}  facts {r['facts_ours_plain_total']}  lost {r['lost']}")
    print(json.dumps({k: v for k, v in summary.items() if k != "rows"}))


if __name__ == "__main__":
    time.sleep(0)
    main()
