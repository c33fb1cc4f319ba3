"""Parse quality over the corpora: recall of the facts a reader takes from each document, per
field and per kind of document, for text, DOCX and text PDF (and, with --scan, image-only PDFs
at 200 dpi read back by OCR). Each half is reported apart: the real documents' development half
(dev) and test half (test), and the documents the team wrote (tune, heldout).

Run with `uv run python bench/parse_quality.py [--formats txt,docx,pdf] [--scan] [--misses]
[--json] [--split dev] [--written]`. `--parser-root DIR` scores the parser package found under DIR
(e.g. `git archive main binhdang | tar -x -C /tmp/main`) with this checkout's corpus and scorer:
the "before" figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _load(path: Path, name: str):  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_TESTS = ROOT / "binhdang" / "documents" / "tests"
_files = _load(_TESTS / "corpus_files.py", "corpus_files_here")
_score = _load(_TESTS / "corpus_score.py", "corpus_score_here")
corpus_docs, variants = _files.corpus_docs, _files.variants
FIELDS, score, false_deadlines = _score.FIELDS, _score.score, _score.false_deadlines
SPLITS = ("dev", "test", "tune", "heldout")


def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (pdftoppm, tesseract)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


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
    ap.add_argument("--split", default="", help="only this half (dev, test, tune, heldout)")
    ap.add_argument("--written", action="store_true", help="also the documents the team wrote (tune, heldout)")
    ap.add_argument("--parser-root", default="", help="score the parser package under this directory")
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "binhdang-parse-quality"))
    args = ap.parse_args()
    if args.parser_root:
        sys.path.insert(0, str(Path(args.parser_root).resolve()))
        for mod in [m for m in sys.modules if m == "binhdang" or m.startswith("binhdang.")]:
            del sys.modules[mod]
    from binhdang.documents.parsing import ParseError, parse_file
    formats = tuple(f for f in args.formats.split(",") if f)
    if args.scan:
        formats = (*formats, "scan") if "pdf" in formats else (*formats, "pdf", "scan")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    docs = {k: v for k, v in corpus_docs(written=args.written or args.split in ("tune", "heldout")).items()
            if args.only in k and (not args.split or v["split"] == args.split)}
    # (split, fmt) -> field -> [held, total]; also by kind
    by_field: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    by_kind: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    refusals: dict[tuple[str, str], list[str]] = defaultdict(list)
    misses: list[str] = []
    seconds: dict[str, list[float]] = defaultdict(list)
    wrong_deadlines: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, facts in docs.items():
        files = variants(name, workdir, tuple(f for f in formats if f != "scan"))
        if "scan" in formats:
            files["scan"] = scan_variant(files["pdf"], workdir)
        for fmt in formats:
            t0 = _cpu()
            try:
                plan = parse_file(files[fmt]).to_json_dict()
            except ParseError as exc:
                plan = None
                refusals[(facts["split"], fmt)].append(f"{name}: {exc}")
            seconds[fmt].append(_cpu() - t0)
            for d in false_deadlines(plan, facts):
                wrong_deadlines[(facts["split"], fmt)].append(f"{name}: {d}")
            for field, fact, held in score(plan, facts):
                for table, key in ((by_field, field), (by_kind, facts["kind"])):
                    cell = table[(facts["split"], fmt)][key]
                    cell[0] += held
                    cell[1] += 1
                if not held:
                    misses.append(f"[{fmt}] {name}: {field}: {fact}")
    result: dict[str, object] = {}
    for split in SPLITS:
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
                "false_deadlines": len(wrong_deadlines[(split, fmt)]),
                "fields": {k: round(fields[k][0] / fields[k][1], 3) for k in FIELDS if k in fields},
                "kinds": {k: round(v[0] / v[1], 3) for k, v in sorted(by_kind[(split, fmt)].items())},
            }
    result["max_cpu_seconds_per_document"] = {fmt: round(max(v), 3) for fmt, v in seconds.items()}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for key, r in result.items():
        if not isinstance(r, dict) or "recall" not in r:
            continue
        print(f"{key:14} recall {r['recall']:.1%} of {r['facts']} facts, {r['documents']} documents, "
              f"{r['refusals']} refused, {r['false_deadlines']} false deadlines")
        print("   fields: " + "  ".join(f"{k} {v:.0%}" for k, v in r["fields"].items()))
        print("   kinds:  " + "  ".join(f"{k} {v:.0%}" for k, v in r["kinds"].items()))
    print("max CPU seconds per document: " + json.dumps(result["max_cpu_seconds_per_document"]))
    for split_fmt, items in refusals.items():
        for item in items:
            print(f"REFUSED [{split_fmt[0]}/{split_fmt[1]}] {item}")
    if args.misses:
        print("\n".join(misses))
        for (split, fmt), items in wrong_deadlines.items():
            for item in items:
                print(f"FALSE DEADLINE [{split}/{fmt}] {item}")


if __name__ == "__main__":
    main()
