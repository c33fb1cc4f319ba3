"""Dates, deadlines and recurrences written the Vietnamese way ("ngày 20 tháng 02 năm 2017",
"15/6", "Quý II/2026", "hằng quý", "định kỳ 6 tháng", "ngày Quốc tế phụ nữ 8/3")."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .textutil import fold


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str  # "day", "month", "quarter"
    has_year: bool


@dataclass(frozen=True)
class Recurrence:
    freq: str  # yearly, semiannual, quarterly, monthly
    text: str
    month: int | None = None
    day: int | None = None

    def to_json(self) -> dict[str, object]:
        return {"freq": self.freq, "month": self.month, "day": self.day, "text": self.text}


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PATTERNS = (
    ("long", re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")),
    ("dmy", re.compile(r"(\d{1,2})\s?([/.\-])\s?(\d{1,2})\2(\d{4})(?![\d/])")),
    ("quarter", re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(\d{4}))?")),
    ("month", re.compile(r"thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?(?![\d/])")),
    ("dm", re.compile(r"(\d{1,2})/(\d{1,2})(?![\d/])")),
)


def iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_long_date(text: str) -> dt.date | None:
    """'ngày 20 tháng 02 năm 2017' or '20/02/2017' anywhere in text; None if absent or invalid."""
    for hit in find_dates(text, None):
        if hit.precision == "day" and hit.has_year:
            return hit.date
    return None


def find_dates(text: str, year: int | None, warnings: list[str] | None = None) -> list[DateHit]:
    """Every date expression, left to right, without overlaps; invalid ones only warn."""
    folded = fold(text)
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    has_separator = "/" in folded or "-" in folded or "." in folded
    for kind, pattern in _PATTERNS:
        if kind in ("dmy", "dm"):
            if not has_separator:
                continue
        elif kind not in ("quarter",) and "ngay" not in folded and "thang" not in folded:
            continue
        for m in pattern.finditer(folded):
            if kind in ("dmy", "dm") and m.start() > 0 and folded[m.start() - 1] in "0123456789/.-":
                # Part of a longer number ("191/2009", "11-NQ"): not a date. Checked here
                # rather than by a look-behind, which would slow the scan down.
                continue
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            hit = _make_hit(kind, m, text, year, warnings)
            if hit is not None:
                hits.append(hit)
            if hit is not None or kind in ("long", "dmy"):
                # An invalid full date must not be read again as a bare month.
                taken.append((m.start(), m.end()))
    hits.sort(key=lambda h: h.start)
    return hits


def _make_hit(kind: str, m: re.Match[str], text: str, year: int | None, warnings: list[str] | None) -> DateHit | None:
    written = text[m.start() : m.end()]
    g = m.groups()
    y: int | None
    if kind == "long":
        day, month, y, has_year = int(g[0]), int(g[1]), int(g[2]), True
    elif kind == "dmy":
        day, month, y, has_year = int(g[0]), int(g[2]), int(g[3]), True
    elif kind == "dm":
        day, month, has_year = int(g[0]), int(g[1]), False
        y = year
    elif kind == "quarter":
        q = _ROMAN[g[0]]
        y = int(g[1]) if g[1] else year
        if y is None:
            return None
        last = make_date(y, q * 3, calendar.monthrange(y, q * 3)[1])
        return DateHit(m.start(), m.end(), written, last, "quarter", bool(g[1]))
    else:  # month
        month = int(g[0])
        y = int(g[1]) if g[1] else year
        if not 1 <= month <= 12 or y is None:
            return None
        last = make_date(y, month, calendar.monthrange(y, month)[1])
        return DateHit(m.start(), m.end(), written, last, "month", bool(g[1]))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        if kind != "dm" and warnings is not None:
            warnings.append(f"Ngày không hợp lệ bị bỏ qua: {written}")
        return None
    date = make_date(y, month, day) if y is not None else None
    if y is not None and date is None:
        if warnings is not None:
            warnings.append(f"Ngày không hợp lệ bị bỏ qua: {written}")
        return None
    return DateHit(m.start(), m.end(), written, date, "day", has_year)


@lru_cache(maxsize=1)
def _observances() -> tuple[tuple[re.Pattern[str], int, int, re.Pattern[str] | None], ...]:
    raw = json.loads(resources.files(__package__).joinpath("data/observances.json").read_text("utf-8"))
    out = []
    for o in raw["observances"]:
        pattern = re.compile(o["pattern"] + r"(?:\s+(\d{1,2})\s*/\s*(\d{1,2})(?![\d/]))?")
        needs = re.compile(o["needs"]) if o.get("needs") else None
        out.append((pattern, int(o["month"]), int(o["day"]), needs))
    return tuple(out)


_FREQUENCIES = (
    ("semiannual", re.compile(
        r"dinh ky 6 thang(?: va ca nam| va nam| mot lan)?|6 thang va ca nam|6 thang mot lan|"
        r"hang nua nam|so ket 6 thang")),
    ("quarterly", re.compile(r"(?:hang|moi) quy\b|dinh ky (?:hang )?quy\b")),
    ("monthly", re.compile(r"(?:hang|moi) thang|dinh ky (?:hang )?thang")),
    ("yearly", re.compile(r"(?:hang|moi) nam\b|dinh ky hang nam")),
)
# Every recurrence pattern contains one of these; a text without any is skipped cheaply.
_RECURRENCE_HINTS = ("ngay", "thang", "hang ", "moi ", "dinh ky", "ky niem", "nhan dip", "mung", "6 thang", "so ket")
_ANNIVERSARY_CUE = re.compile(r"(?:ky niem|nhan dip|ngay le|mung)\s+(?:ngay\s+)?(\d{1,2})/(\d{1,2})(?![\d/])")


def find_recurrences(text: str, context: str = "") -> tuple[list[Recurrence], list[tuple[int, int]]]:
    """Recurrences in text and the spans they used (so those dates are not read as deadlines).

    `context` (e.g. the lead agency's name) lets a vague observance such as "ngày thành lập Hội"
    resolve only when the surrounding task is about that organisation.
    """
    folded = fold(text)
    found: list[tuple[int, Recurrence]] = []
    spans: list[tuple[int, int]] = []
    if not any(hint in folded for hint in _RECURRENCE_HINTS):
        return [], []

    def free(s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in spans)

    for pattern, month, day, needs in _observances():
        for m in pattern.finditer(folded):
            if not free(m.start(), m.end()):
                continue
            if needs is not None and not (needs.search(folded) or needs.search(fold(context))):
                continue
            mo, d = (int(m.group(2)), int(m.group(1))) if m.group(1) else (month, day)
            if not make_date(2000, mo, d):
                mo, d = month, day
            found.append((m.start(), Recurrence("yearly", text[m.start() : m.end()], mo, d)))
            spans.append((m.start(), m.end()))
    for m in _ANNIVERSARY_CUE.finditer(folded):
        day, month = int(m.group(1)), int(m.group(2))
        if free(m.start(1), m.end()) and make_date(2000, month, day):
            found.append((m.start(), Recurrence("yearly", text[m.start() : m.end()], month, day)))
            spans.append((m.start(1), m.end()))
    for freq, pattern in _FREQUENCIES:
        for m in pattern.finditer(folded):
            if free(m.start(), m.end()):
                found.append((m.start(), Recurrence(freq, text[m.start() : m.end()])))
                spans.append((m.start(), m.end()))
    found.sort(key=lambda item: item[0])
    return [r for _, r in found], spans
