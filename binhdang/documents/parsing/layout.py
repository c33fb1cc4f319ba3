"""Tables in text laid out by position (a PDF's text layer read with its layout, or OCR):
an assignment table (STT | Nội dung | Chủ trì | Phối hợp | Thời gian) whose cells wrap over
several lines becomes one '| … |' row per numbered row, as a DOCX table reads."""

from __future__ import annotations

import re

from .textutil import fold

_CHUNK = re.compile(r"\S+(?: \S+)*")
# Spaces optional: OCR often runs the two words of a narrow head cell together.
_HEAD_WORDS = (r"\b(?:stt|tt)\b", r"noi ?dung|nhiem ?vu|hoat ?dong|cong ?viec", r"chu ?tri", r"phoi ?hop",
               r"thoi ?gian|tien ?do|thoi ?han|hoan ?thanh")
_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")


def _chunks(line: str) -> list[tuple[int, str]]:
    """(column, text) of the pieces of a line separated by two or more spaces."""
    return [(m.start(), m.group(0)) for m in _CHUNK.finditer(line)]


def _is_head(line: str) -> bool:
    folded = fold(line)
    hits = sum(1 for w in _HEAD_WORDS if re.search(w, folded))
    return hits >= 3 and len(_chunks(line)) >= 3 and bool(re.search(_HEAD_WORDS[0], folded))


def _column(starts: list[int], pos: int) -> int:
    return min(range(len(starts)), key=lambda i: abs(starts[i] - pos))


def _split_number_column(head: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """'STT Nội dung' read as one piece (one space between them) is two head cells."""
    if head:
        m = re.match(r"((?:stt|tt|so tt)\.?)\s+(\S.*)$", fold(head[0][1]))
        if m:
            col, text = head[0]
            return [(col, text[: m.end(1)]), (col + m.start(2), text[m.start(2) :]), *head[1:]]
    return head


def _starts(lines: list[str], head_at: int, head: list[int]) -> list[int]:
    """Column positions, from the first lines of rows that fill every column (the head's own
    positions are often off: its cells are centred and set in another font). The number of
    columns is the head's, or, when no row shows that many, the one most numbered rows show."""
    by_count: dict[int, list[list[int]]] = {}
    for line in lines[head_at + 1 : head_at + 200]:
        pieces = _chunks(line)
        if pieces and pieces[0][0] <= 1 and not _ROW_NUMBER.match(pieces[0][1]) and len(pieces) == 1:
            break
        if pieces and _ROW_NUMBER.match(pieces[0][1]) and len(head) <= len(pieces) <= len(head) + 1:
            by_count.setdefault(len(pieces), []).append([c for c, _ in pieces])
    if not by_count:
        return head
    samples = by_count.get(len(head)) or max(by_count.values(), key=len)
    return [sorted(col)[len(col) // 2] for col in zip(*samples, strict=True)]


def layout_tables(text: str) -> str:
    """Rebuild position-laid-out assignment tables as rows; other lines are left as they are."""
    if "  " not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _is_head(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        head = _split_number_column(_chunks(lines[i]))
        starts = _starts(lines, i, [c for c, _ in head])
        cells: list[list[str]] = [[] for _ in starts]
        for n, (col, piece) in enumerate(head):
            # One head cell per column keeps its order (centred heads sit off their column).
            cells[n if len(head) == len(starts) else _column(starts, col)].append(piece)
        rows: list[list[list[str]]] = []
        current = cells
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                j += 1
                continue
            pieces = _chunks(line)
            first_col, first_text = pieces[0]
            if _is_head(line):  # the head repeated on a new page
                current = [[] for _ in starts]
                j += 1
                continue
            new_row = _column(starts, first_col) == 0 and bool(_ROW_NUMBER.match(first_text))
            ends = (first_col <= 1 and not new_row and len(pieces) == 1) or (
                first_col <= 1 and not new_row and _column(starts, first_col) == 0 and len(pieces) < 2)
            if ends:
                break
            if new_row:
                current = [[] for _ in starts]
                rows.append(current)
            for col, piece in pieces:
                current[_column(starts, col)].append(piece)
            j += 1
        out.append("| " + " | ".join(" ".join(c) for c in cells) + " |")
        for row in rows:
            out.append("| " + " | ".join(" ".join(c) for c in row) + " |")
        out.append("")
        i = j
    return "\n".join(out)
