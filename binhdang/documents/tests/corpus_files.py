"""The corpus of realistic documents (tests/corpus/*.txt, heldout/ never tuned on), their
expected facts (facts.json), and the same content rebuilt as DOCX (python-docx) and as a text
PDF (WeasyPrint) the way offices produce them: the header and signature blocks as two-column
layout tables, assignment tables as real tables with each cell whole."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"
_GAP = re.compile(r"\S(\s{3,})\S")
_RIGHT_INDENT = 20


@dataclass
class Block:
    kind: str  # "para", "layout" (columns of lines side by side), "table" (rows of cells)
    lines: list[str]
    columns: list[list[str]]
    rows: list[list[str]]


def corpus_docs(*, real: bool = True, written: bool = True) -> dict[str, dict[str, Any]]:
    """File name (relative to corpus/) -> expected facts. 'split' is 'tune' or 'heldout' for the
    documents the team wrote, 'dev' or 'test' for the real documents under real/."""
    out: dict[str, dict[str, Any]] = {}
    if written:
        raw = json.loads((CORPUS / "facts.json").read_text("utf-8"))
        for name, facts in raw.items():
            if name.startswith("_"):
                continue
            facts = dict(facts)
            facts["split"] = "heldout" if name.startswith("heldout/") else "tune"
            out[name] = facts
    if real:
        raw = json.loads((CORPUS / "real" / "facts.json").read_text("utf-8"))
        for name, facts in raw.items():
            if not name.startswith("_"):
                out["real/" + name] = dict(facts)
    return out


def _split_cols(line: str) -> list[tuple[int, str]]:
    """(column start, text) cells of a line whose columns are separated by 3+ spaces."""
    out, pos = [], 0
    for m in re.finditer(r"\S+(?: \S+| {2}\S+)*", line):
        out.append((m.start(), m.group(0)))
        pos = m.end()
    del pos
    merged: list[tuple[int, str]] = []
    for start, text in out:
        if merged and start - (merged[-1][0] + len(merged[-1][1])) < 3:
            merged[-1] = (merged[-1][0], merged[-1][1] + " " + text)
        else:
            merged.append((start, text))
    return merged


def _is_assignment(rows: list[list[str]]) -> bool:
    head = " ".join(rows[0]).lower()
    return any(w in head for w in ("stt", "nội dung", "nhiệm vụ", "chủ trì", "tt"))


def blocks(text: str) -> list[Block]:
    lines = text.split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            if _is_assignment(rows):
                merged: list[list[str]] = []
                for r in rows:
                    if merged and not r[0] and len(merged) > 1:
                        merged[-1] = [(a + " " + b).strip() for a, b in zip(merged[-1], r, strict=False)]
                    else:
                        merged.append(r)
                out.append(Block("table", [], [], merged))
            else:
                ncols = max(len(r) for r in rows)
                cols = [[r[c] for r in rows if c < len(r) and r[c]] for c in range(ncols)]
                out.append(Block("layout", [], cols, []))
            continue
        if _GAP.search(line) or (line.startswith(" " * _RIGHT_INDENT) and line.strip()):
            left: list[str] = []
            right: list[str] = []
            j = i
            while j < len(lines):
                cur = lines[j]
                if not cur.strip():
                    # A blank line continues the block when the next line still has columns.
                    nxt = lines[j + 1] if j + 1 < len(lines) else ""
                    if _GAP.search(nxt) or nxt.startswith(" " * _RIGHT_INDENT):
                        j += 1
                        continue
                    break
                cells = _split_cols(cur)
                if len(cells) >= 2:
                    left.append(cells[0][1])
                    right.append(" ".join(c for _, c in cells[1:]))
                elif cells[0][0] >= _RIGHT_INDENT:
                    right.append(cells[0][1])
                else:
                    # A single left-hand line belongs to the block when columns go on below.
                    nxt = next((x for x in lines[j + 1 : j + 3] if x.strip()), "")
                    if not (_GAP.search(nxt) or nxt.startswith(" " * _RIGHT_INDENT)) and not cur.lstrip().startswith("-"):
                        break
                    left.append(cells[0][1])
                j += 1
            if j > i:
                out.append(Block("layout", [], [left, right], []))
                i = j
                continue
        out.append(Block("para", [line], [], []))
        i += 1
    return out


_CELL_SEP = re.compile(r"\|")


def web_blocks(text: str) -> list[Block]:
    """Blocks of a page copied from a legal-document website. Its tables come as table rows on
    one line ('ỦY BAN NHÂN DÂN | CỘNG HÒA … |'), or with each cell broken over lines and a '|'
    line between cells; each becomes a two-column layout table (cells dealt left, right), as the
    officer's Word copy of the page has it. Everything else is a paragraph per line."""
    if "\\r\\n" in text:
        text = text.replace("\\r\\n", "\n")
    lines = text.split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        if "|" not in lines[i]:
            out.append(Block("para", [lines[i]], [], []))
            i += 1
            continue
        # A run of table text: from this line to the last line with a '|' that is followed
        # within two lines by another '|' line (cells of one table).
        j = i
        last = i
        while j < len(lines):
            if "|" in lines[j]:
                last = j
            elif j - last > 8:
                break
            j += 1
        start = i
        if lines[i].strip() == "|":
            # A cell broken over lines ends at this '|': it starts after the last paragraph
            # break, at 'Nơi nhận' in a signature block, or with the text.
            k = i
            while k > 0 and lines[k - 1].strip() and not lines[k - 1].strip().endswith("./.") and i - k < 40:
                k -= 1
                if lines[k].strip().lower().startswith("nơi nhận"):
                    break
            start = k
            del out[len(out) - (i - k):]
        chunk = "\n".join(lines[start : last + 1])
        cells = [c.strip("\n ") for c in _CELL_SEP.split(chunk)]
        cells = [c for c in cells if c.strip()]
        rows: list[list[str]] = []
        for c in cells:
            if rows and len(rows[-1]) < 2:
                rows[-1].append(c)
            else:
                rows.append([c])
        if _is_assignment([[x.replace("\n", " ") for x in r] for r in rows]):
            out.append(Block("table", [], [], [[x.replace("\n", " ") for x in r] for r in rows]))
        else:
            for r in rows:
                out.append(Block("layout", [], [x.split("\n") for x in r] + ([[]] if len(r) < 2 else []), []))
        i = last + 1
    return out


def write_docx(text: str, path: Path, *, web: bool = False) -> Path:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for b in (web_blocks(text) if web else blocks(text)):
        if b.kind == "para":
            if b.lines[0].strip():
                d.add_paragraph(b.lines[0].strip())
        elif b.kind == "layout":
            table = d.add_table(rows=1, cols=len(b.columns))
            for c, col in enumerate(b.columns):
                cell = table.cell(0, c)
                cell.text = col[0] if col else ""
                for extra in col[1:]:
                    cell.add_paragraph(extra)
        else:
            table = d.add_table(rows=len(b.rows), cols=max(len(r) for r in b.rows))
            table.style = "Table Grid"
            for r, row in enumerate(b.rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    d.save(str(path))
    return path


_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 13pt; }
p { margin: 0 0 4pt 0; text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0; }
table.layout td { vertical-align: top; text-align: center; width: 50%; }
table.grid td { border: 1px solid #000; vertical-align: top; padding: 2pt 3pt; font-size: 11pt; }
"""


def write_pdf(text: str, path: Path, *, web: bool = False) -> Path:
    from weasyprint import HTML

    parts = [f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"]
    for b in (web_blocks(text) if web else blocks(text)):
        if b.kind == "para":
            if b.lines[0].strip():
                parts.append(f"<p>{html.escape(b.lines[0].strip())}</p>")
        elif b.kind == "layout":
            cells = "".join("<td>" + "<br>".join(html.escape(x) for x in col) + "</td>" for col in b.columns)
            parts.append(f"<table class='layout'><tr>{cells}</tr></table>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in b.rows)
            parts.append(f"<table class='grid'>{rows}</table>")
    parts.append("</body></html>")
    HTML(string="".join(parts)).write_pdf(str(path))
    return path


def variants(name: str, outdir: Path, formats: tuple[str, ...] = ("txt", "docx", "pdf")) -> dict[str, Path]:
    """The corpus document in each format (DOCX and PDF built once into outdir)."""
    src = CORPUS / name
    text = src.read_text("utf-8")
    out: dict[str, Path] = {}
    stem = name.replace("/", "__").removesuffix(".txt")
    for fmt in formats:
        if fmt == "txt":
            out[fmt] = src
            continue
        target = outdir / f"{stem}.{fmt}"
        if not target.exists() or target.stat().st_mtime < src.stat().st_mtime:
            (write_docx if fmt == "docx" else write_pdf)(text, target, web=name.startswith("real/"))
        out[fmt] = target
    return out
