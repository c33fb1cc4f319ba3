"""Parse quality over the whole corpus: recall of the facts a reader takes from each document,
per field and per kind of document, for text, DOCX and text PDF (and, with --scan, image-only
PDFs read back by OCR). The held-out documents (corpus/heldout/) are reported apart.

Run with `uv run python bench/parse_quality.py [--formats txt,docx,pdf] [--scan] [--misses] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binhdang.documents.parsing import ParseError, parse_file  # noqa: E402
from binhdang.documents.tests.corpus_files import corpus_docs, variants  # noqa: E402
from binhdang.documents.tests.corpus_score import FIELDS, score  # noqa: E402


def scan_variant(pdf: Path, outdir: Path) -> Path:
    """The text PDF rasterised at 200 dpi into an image-only PDF (as a scanner makes it)."""
    import subprocess

    from PIL import Image

    target = outdir / (pdf.stem + ".scan.pdf")
    if target.exists() and target.stat().st_mtime >= pdf.stat().st_mtime:
        return target
    prefix = outdir / (pdf.stem + "-page")
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(prefix)], check=True)  # noqa: S607
    pages = sorted(outdir.glob(pdf.stem + "-page*.png"))
    images = [Image.open(p).convert("L") for p in pages]
    images[0].save(target, save_all=True, append_images=images[1:], resolution=200)
    for p in pages:
        p.unlink()
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--formats", default="txt,docx,pdf")
    ap.add_argument("--scan", action="store_true", help="also image-only PDFs through OCR (slow)")
    ap.add_argument("--misses", action="store_true", help="list every fact that does not hold")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", default="", help="substring of the document names to run")
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "binhdang-parse-quality"))
    args = ap.parse_args()
    formats = tuple(f for f in args.formats.split(",") if f)
    if args.scan:
        formats = (*formats, "scan") if "pdf" in formats else (*formats, "pdf", "scan")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    docs = {k: v for k, v in corpus_docs().items() if args.only in k}
    # (split, fmt) -> field -> [held, total]; also by kind
    by_field: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    by_kind: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    refusals: dict[tuple[str, str], list[str]] = defaultdict(list)
    misses: list[str] = []
    seconds: dict[str, list[float]] = defaultdict(list)
    for name, facts in docs.items():
        files = variants(name, workdir, tuple(f for f in formats if f != "scan"))
        if "scan" in formats:
            files["scan"] = scan_variant(files["pdf"], workdir)
        for fmt in formats:
            t0 = time.perf_counter()
            try:
                plan = parse_file(files[fmt]).to_json_dict()
            except ParseError as exc:
                plan = None
                refusals[(facts["split"], fmt)].append(f"{name}: {exc}")
            seconds[fmt].append(time.perf_counter() - t0)
            for field, fact, held in score(plan, facts):
                for table, key in ((by_field, field), (by_kind, facts["kind"])):
                    cell = table[(facts["split"], fmt)][key]
                    cell[0] += held
                    cell[1] += 1
                if not held:
                    misses.append(f"[{fmt}] {name}: {field}: {fact}")
    result: dict[str, object] = {}
    for split in ("tune", "heldout"):
        for fmt in formats:
            fields = by_field.get((split, fmt))
            if not fields:
                continue
            held = sum(v[0] for v in fields.values())
            total = sum(v[1] for v in fields.values())
            result[f"{split}/{fmt}"] = {
                "recall": round(held / total, 3), "facts": total,
                "documents": sum(1 for f in docs.values() if f["split"] == split),
                "refusals": len(refusals[(split, fmt)]),
                "fields": {k: round(fields[k][0] / fields[k][1], 3) for k in FIELDS if k in fields},
                "kinds": {k: round(v[0] / v[1], 3) for k, v in sorted(by_kind[(split, fmt)].items())},
            }
    result["max_seconds_per_document"] = {fmt: round(max(v), 3) for fmt, v in seconds.items()}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for key, r in result.items():
        if not isinstance(r, dict) or "recall" not in r:
            continue
        print(f"{key:14} recall {r['recall']:.1%} of {r['facts']} facts, {r['documents']} documents, "
              f"{r['refusals']} refused")
        print("   fields: " + "  ".join(f"{k} {v:.0%}" for k, v in r["fields"].items()))
        print("   kinds:  " + "  ".join(f"{k} {v:.0%}" for k, v in r["kinds"].items()))
    print("max seconds per document: " + json.dumps(result["max_seconds_per_document"]))
    for split_fmt, items in refusals.items():
        for item in items:
            print(f"REFUSED [{split_fmt[0]}/{split_fmt[1]}] {item}")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
