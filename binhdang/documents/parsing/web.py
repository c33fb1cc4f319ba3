"""Text copied from legal-document websites (page chrome before the header, header and signature
tables as '|' rows or as cells broken over lines, literal '\\r\\n'), made into the two-column text the
header and closing readers expect; the page's attribute table is kept as hints."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .textutil import fold, is_upper_line

# Words that start a new organisation in an issuer cell ("ỦY BAN NHÂN DÂN TỈNH X SỞ NỘI VỤ").
_QUOC_HIEU = re.compile(r"cong ho[aà] xa h[oq]i chu nghia|doc lap\s*[-–]\s*tu do")
_SO_LINE = re.compile(r"^so\s*[:.]|^so\s+\d")
_SEPARATOR = re.compile(r"[-_=–—.*]{3,}")
_ATTRIBUTE = re.compile(
    r"^(so hieu|ngay ban hanh|co quan ban hanh|loai van ban|nguoi ky)\s*:\s*$")
_ASSIGNMENT_HEAD = re.compile(r"\bstt\b|\btt\b|noi dung|nhiem vu|chu tri|phoi hop|hoat dong|cong viec")
_SIGN_CUE = re.compile(r"^(?:noi nhan|tm\s*\.|kt\s*\.|tl\s*\.|q\s*\.|tuq\s*\.)")
_BODY = re.compile(r"^(?:can cu|thuc hien|theo de nghi|xet de nghi|kinh gui|dieu \d|quyet dinh\s*:|[ivx]+\.\s)")
_ESCAPES = re.compile(r"\\r\\n|\\n|\\r|\\t")
# "Số: 300/BC-CP Hà Nội, ngày 03 tháng 5 năm 2025": number and place-date on one line.
_NUMBER_THEN_DATE = re.compile(r"^(so\s*[:.]?\s*\d\S*(?:\s*/\s*\S+)?)\s+(\S[^,]{1,50},\s*ngay\b.*)$")
# A cell's line breaks before these are real ("… HÀ NỘI Số: 247/KH-UBND", "V/v …").
_CELL_BREAK = re.compile(r"\s(?=(?:so\s*[:.]|v/v\b|doc lap\b))")


@dataclass(frozen=True)
class WebText:
    text: str
    # Values of the website's attribute table ("Số hiệu: | 247/KH-UBND"), keyed by folded label.
    attributes: dict[str, str] = field(default_factory=dict)
    chrome_lines: int = 0  # lines of the page dropped before the document's header


def web_text(text: str) -> WebText:
    if text.count("\\r\\n") + text.count("\\n") >= 3:
        text = _ESCAPES.sub(lambda m: "\t" if m.group(0) == "\\t" else "\n", text)
    lines = _split_glued(text.split("\n"))
    attributes = _attributes(lines)
    start = _header_start(lines)
    dropped = start
    lines = lines[start:]
    if any("|" in line for line in lines):
        lines = _untable(lines)
    lines = [x for line in lines[:40] for x in _split_inline_number(line)] + lines[40:]
    lines = [_split_number_date(line) for line in lines[:40]] + lines[40:]
    return WebText("\n".join(lines), attributes, dropped)


_GLUE = re.compile(r"(?<=\S)\s{1,2}[_\-–—=]{5,}\s{1,2}(?=\S)")


def _split_glued(lines: list[str]) -> list[str]:
    """'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI __________ Số: 247/KH-UBND': the header's lines that a
    page ran together, kept apart by the rule under the issuer's name."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i < 120 and _GLUE.search(line) and "|" not in line:
            out.extend(x for x in _GLUE.split(line) if x.strip())
        else:
            out.append(line)
    return out


def _attributes(lines: list[str]) -> dict[str, str]:
    """'Số hiệu: | 247/KH-UBND | Ngày đăng công báo: | …' rows of the page's attribute table, or
    the same label and value on lines of their own (the table copied into Word)."""
    out: dict[str, str] = {}
    for i, line in enumerate(lines[:120]):
        m = _ATTRIBUTE.match(fold(line.strip()))
        if m and "|" not in line:
            value = next((x.strip() for x in lines[i + 1 : i + 4] if x.strip()), "")
            if value and not value.endswith(":") and m.group(1) not in out:
                out[m.group(1)] = value
    for line in lines[:80]:
        if line.count("|") < 2:
            continue
        cells = [c.strip() for c in line.split("|")]
        for label, value in itertools.pairwise(cells):
            m = _ATTRIBUTE.match(fold(label))
            if m and value and m.group(1) not in out:
                out[m.group(1)] = value
    return out


def _header_start(lines: list[str]) -> int:
    """The first line of the document's header: the issuer lines above the national motto or the
    Số line. What comes before is the page around the document and is dropped (only when the
    anchor is found near the top, so a plain document is never cut)."""
    anchor = None
    for i, line in enumerate(lines[:160]):
        folded = fold(line)
        if _QUOC_HIEU.search(folded) or _SO_LINE.match(folded.strip().lstrip("| ")):
            anchor = i
            break
    if anchor is None or anchor == 0:
        return 0
    start = anchor
    while start > 0:
        prev = lines[start - 1].strip()
        cell = prev.strip("| ").strip()
        if not prev or prev == "|" or _SEPARATOR.fullmatch(cell) or (cell and is_upper_line(cell) and len(cell) < 80
                                                                    and not re.match(r"[-•]\s*[^\s\-_=]", cell)):
            start -= 1
            continue
        break
    while start < anchor and not lines[start].strip():
        start += 1
    return start


def _untable(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        if "|" not in lines[i]:
            out.append(lines[i])
            i += 1
            continue
        last = i
        j = i + 1
        while j < len(lines) and j - last <= 8:
            if "|" in lines[j]:
                last = j
            elif len(lines[j].strip()) > 70 or _BODY.match(fold(lines[j].strip())):
                break  # the body between two tables is no table cell
            j += 1
        if _ASSIGNMENT_HEAD.search(fold(lines[i])) and lines[i].lstrip().startswith("|"):
            # An assignment table stays rows for the table reader.
            out.extend(lines[i : last + 1])
            i = last + 1
            continue
        start = i
        if lines[i].strip() == "|" and out:
            # A cell broken over lines ends at this '|': it began after the last paragraph
            # break, at 'Nơi nhận', or where the text began.
            k = _cell_start(out)
            cell_lines = out[k:]
            del out[k:]
            chunk_lines = cell_lines + lines[i : last + 1]
        else:
            chunk_lines = lines[start : last + 1]
        out.extend(_rows(chunk_lines))
        i = last + 1
    return out


def _cell_start(out: list[str]) -> int:
    """Where a cell that ends at a '|' line began: at 'Nơi nhận' for a signature block's
    left-hand cell, else at the first of the short lines above it (an issuer's lines)."""
    for k in range(len(out) - 1, max(-1, len(out) - 41), -1):
        line = out[k].strip()
        if not line:
            break
        if fold(line).startswith("noi nhan"):
            return k
    k = len(out)
    while k > 0 and out[k - 1].strip() and len(out[k - 1].strip()) <= 60 \
            and not out[k - 1].rstrip().endswith((".", ";")) and "\t" not in out[k - 1]:
        k -= 1
    return k


def _rows(chunk_lines: list[str]) -> list[str]:
    """Two-column lines from a table run: rows on one line each keep their cells; cells broken
    over lines are dealt left, right."""
    one_line_rows = all(line.strip() != "|" for line in chunk_lines) and all(
        "|" in line or not line.strip() for line in chunk_lines)
    rows: list[list[list[str]]] = []
    if one_line_rows:
        for line in chunk_lines:
            cells = [c.strip() for c in line.strip().split("|")]
            if line.strip().startswith("|"):
                cells = cells[1:]
            if cells and not cells[-1]:
                cells = cells[:-1]
            if not any(cells):
                continue
            rows.append([[c] if c else [] for c in cells])
    else:
        chunks = [c.strip("\n ") for c in "\n".join(chunk_lines).split("|")]
        for chunk in (c for c in chunks if c.strip()):
            parts = [x.strip() for x in chunk.split("\n") if x.strip()]
            if rows and len(rows[-1]) < 2:
                rows[-1].append(parts)
            else:
                rows.append([parts])
    out: list[str] = []
    for row in rows:
        if len(row) == 1:
            # A cell alone: the signature block's right-hand cell, or a left-hand one.
            alone = row[0]
            on_right = bool(alone) and (
                (_SIGN_CUE.match(fold(alone[0])) is not None and not fold(alone[0]).startswith("noi nhan"))
                or all(is_upper_line(x) or _is_name(x) for x in alone))
            row = [[], alone] if on_right else [alone, []]
        left = _cell_lines(row[0])
        right = _cell_lines(row[1]) if len(row) > 1 else []
        right += [x for extra in row[2:] for x in _cell_lines(extra)]
        for k in range(max(len(left), len(right))):
            a = left[k] if k < len(left) else ""
            b = right[k] if k < len(right) else ""
            if a and b:
                out.append(f"{a}\t{b}")
            elif b:
                out.append(f"\t\t{b}")
            else:
                out.append(a)
    return out


def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w[1:] == w[1:].lower() for w in words)


def _cell_lines(parts: list[str]) -> list[str]:
    """The logical lines of a cell whose text the website wrapped anywhere: a list item, a
    TM./KT. line, a name or a title starts a line; other pieces continue the one before."""
    from .closing import unglue

    out: list[str] = []
    for part in unglue(parts):
        part = part.strip()
        if not part or _SEPARATOR.fullmatch(part):
            continue
        folded = fold(part)
        starts = (part[:1] in "-+•–*" or _SIGN_CUE.match(folded) is not None or _SO_LINE.match(folded) is not None
                  or _QUOC_HIEU.match(folded) is not None or folded.startswith(("v/v", "doc lap", "kinh gui")))
        prev = out[-1] if out else ""
        if out and re.fullmatch(r"so\s*[:.]?", fold(prev).strip()):
            out[-1] = prev + " " + part
            continue
        upper_break = is_upper_line(part) and is_upper_line(prev) and not _continues_upper(prev) and (
            len(part.split()) >= 2 or _SIGN_CUE.match(fold(prev)) is not None)
        if out and not starts and not prev.rstrip().endswith((";", ".", ":")) and not _is_name(part) \
                and not upper_break:
            out[-1] = prev + " " + part
        else:
            out.append(part)
    split: list[str] = []
    for line in out:
        line = _SEPARATOR.sub(" ", line).strip()
        folded = fold(line)
        cut = 0
        pieces: list[str] = []
        for m in _CELL_BREAK.finditer(folded):
            if m.start() > cut:
                pieces.append(line[cut : m.start()].strip())
                cut = m.start()
        pieces.append(line[cut:].strip())
        split.extend(p for p in pieces if p)
    return split


# An upper-case line whose last word cannot end a name ("TM. ỦY BAN NHÂN", "CỘNG HÒA XÃ HỘI").
_OPEN_END = re.compile(r"(?:\buy|\bban|\bnhan|\bcong|\bhoa|\bxa|\bhoi|\bchu|\bnghia|\bchinh|\bthu|\bthanh|\blao|\bdong|"
                       r"\bthuong|\bbinh|\bva|\bcua|\bphu|\btinh|\bdan|\bgiam|-)$")


def _continues_upper(prev: str) -> bool:
    return bool(_OPEN_END.search(fold(prev).rstrip(" .")))


_INLINE_NUMBER = re.compile(r"(?<=\S)\s+(?=Số\s*[:.]\s*\d)")


def _split_inline_number(line: str) -> list[str]:
    """'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI Số: 247/KH-UBND' (the rule between them lost, as OCR
    loses it): the Số line starts a line of its own."""
    if "\t" in line or re.search(r"\S\s{3,}\S", line):
        return [line]
    m = _INLINE_NUMBER.search(line)
    return [line[: m.start()].rstrip(" _-–—"), line[m.end() :]] if m else [line]


def _split_number_date(line: str) -> str:
    if "\t" in line or re.search(r"\S\s{3,}\S", line):
        return line
    m = _NUMBER_THEN_DATE.match(fold(line.strip()))
    if not m:
        return line
    s = line.strip()
    return s[: m.end(1)] + "\t" + s[m.start(2) :]
