"""The header of an administrative document (NĐ 30/2020): issuer and parent issuer, number and
symbol, type, place and date, and the title (trích yếu), read from one or two columns."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .agencies import AgencyMatcher, default_matcher
from .dates import iso, make_date
from .textutil import fold, is_upper_line, sentence_case_title, squash

_LEVEL_WORDS = ("thanh pho", "thi xa", "thi tran", "tinh", "huyen", "quan", "phuong", "xa", "dac khu")
_BODIES = (("uy ban nhan dan", "Ủy ban nhân dân"), ("ubnd", "Ủy ban nhân dân"),
           ("hoi dong nhan dan", "Hội đồng nhân dân"), ("hdnd", "Hội đồng nhân dân"))
_ORG_START = re.compile(
    r"^(?:uy ban|ubnd|hdnd|hoi dong|so|phong|bo|ban|hoi|dai|trung tam|van phong|cong an|chi cuc|cuc|"
    r"doan|lien doan|tinh uy|thi uy|huyen uy|dang uy|truong|benh vien)\b"
)
_QUOC_HIEU = re.compile(r"^cong hoa xa hoi chu nghia viet nam|^doc lap\s*-?\s*tu do|^[-_=–—\s]+$")
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngay\s*(?P<d>\d{0,2})\s*thang\s*(?P<m>\d{0,2})\s*nam\s*(?P<y>\d{4})")
_NUMBER_LINE = re.compile(r"^so\s*[:.]\s*|^so\s+(?=\d)")
_NUMBER = re.compile(r"(\d*[A-Za-zÀ-ỹĐđ]*)\s*((?:/\s*[0-9A-Za-zÀ-ỹĐđ&.\-]+)+)")
# Numbers of the old style, without a slash: "Số: 646-TTg", "Số: 11-CT/TW" is caught above.
_NUMBER_DASH = re.compile(r"(\d+-[A-Za-zĐđ][0-9A-Za-zÀ-ỹĐđ&.\-]*)")
_VV = re.compile(r"^(?:v/v|ve viec)\b\s*:?\s*")
_BODY_START = re.compile(r"^(?:can cu|thuc hien|kinh gui|theo de nghi|trien khai|nham|de |trong |dieu \d|noi nhan|[ivx]+\s*[.:]|\d+[.)]|phan thu|chu tich|giam doc|truong phong)")

_FIRST_BODY = re.compile(r"^(?:can cu|kinh gui|theo de nghi|[ivx]+\s*[.:]|\d+[.)])")


@dataclass(frozen=True)
class Header:
    issuer: str | None = None
    parent_issuer: str | None = None
    number: str | None = None
    type: str | None = None
    type_name: str | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    issuer_lines: tuple[str, ...] = field(default=(), compare=False)
    has_motto: bool = False
    # Where the type came from: "line" (KẾ HOẠCH …), "number" (the symbol of the Số line) or
    # "inferred" (a Số line without a type: a công văn); None when there is no type.
    type_source: str | None = field(default=None, compare=False)
    has_subject: bool = field(default=False, compare=False)  # a "V/v …" line

    def to_json(self) -> dict[str, str | None]:
        return {"issuer": self.issuer, "parent_issuer": self.parent_issuer, "number": self.number,
                "type": self.type, "type_name": self.type_name, "place": self.place,
                "date": self.date, "title": self.title}


@lru_cache(maxsize=1)
def doc_types() -> tuple[dict[str, str], dict[str, str]]:
    raw = json.loads(resources.files(__package__).joinpath("data/doctypes.json").read_text("utf-8"))
    by_abbr = dict(raw["types"])
    by_name = {fold(n): a for a, n in raw["types"]}
    return by_abbr, by_name


@lru_cache(maxsize=1)
def _type_line() -> re.Pattern[str]:
    names = sorted((n for n in doc_types()[1] if n != "cong van"), key=len, reverse=True)
    return re.compile(r"^(" + "|".join(re.escape(n) for n in names) + r")\b\s*:?\s*(.*)$")


def format_issuer(name: str, matcher: AgencyMatcher | None = None) -> str:
    """'UBND TỈNH THANH HÓA' -> 'Ủy ban nhân dân tỉnh Thanh Hóa'; known agencies get their
    canonical name; otherwise administrative level words are lower-cased and names title-cased."""
    name = squash(name)
    folded = fold(name)
    for key, full in _BODIES:
        if folded.startswith(key + " ") or folded == key:
            return (full + " " + _format_place(name[len(key) :].strip())).strip()
    matcher = matcher or default_matcher()
    agency = matcher.lookup(name)
    if agency is not None:
        return agency.name
    if is_upper_line(name):
        words = name.split()
        return " ".join([words[0].capitalize()] + [w.lower() for w in words[1:]]) if words else name
    return name


def _format_place(rest: str) -> str:
    folded = fold(rest)
    for level in _LEVEL_WORDS:
        if folded.startswith(level + " ") or folded == level:
            place = rest[len(level) :].strip()
            return f"{rest[: len(level)].lower()} {sentence_case_title(place) if is_upper_line(place) or place.islower() else place}".strip()
    return sentence_case_title(rest) if is_upper_line(rest) else rest


def _split_columns(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"\t+|\s{3,}", line.strip()) if c.strip()]


def find_type_line(lines: list[str], limit: int = 60) -> int | None:
    for i, line in enumerate(lines[:limit]):
        text = line.strip()
        if not text:
            continue
        m = _type_line().match(fold(text))
        if m and is_upper_line(text[: len(m.group(1))]) and (not m.group(2) or len(text) < 200):
            if text.rstrip().endswith(":") and not m.group(2).strip(" :"):
                continue  # "QUYẾT ĐỊNH:" opens the articles; it is not the type line
            return i
    return None


def parse_header(lines: list[str], warnings: list[str], matcher: AgencyMatcher | None = None) -> tuple[Header, int]:
    """Read the header from the first lines; return it and the index of the first body line."""
    matcher = matcher or default_matcher()
    type_idx = find_type_line(lines)
    limit = type_idx if type_idx is not None else min(len(lines), 40)
    left: list[str] = []
    right: list[str] = []
    for raw in _merge_fragments(lines[:limit]):
        cells = _split_columns(raw)
        if not cells:
            left.append("")
            continue
        if len(cells) >= 2:
            left.append(cells[0])
            right.append(" ".join(cells[1:]))
        elif raw.startswith("\t\t") or (raw.startswith(" " * 20) and not _NUMBER_LINE.match(fold(cells[0]))):
            right.append(cells[0])  # a right-hand cell alone on its row
        elif _QUOC_HIEU.match(fold(cells[0])) or _PLACE_DATE.match(fold(cells[0])):
            right.append(cells[0])
        else:
            left.append(cells[0])
    right = _merge_place_date(right)
    number = type_abbr = place = date = None
    issuer_lines: list[str] = []
    title_lines: list[str] = []
    number_seen = in_vv = subject_seen = False
    body_start = limit
    for i, line in enumerate(left):
        folded = fold(line)
        if _NUMBER_LINE.match(folded) and not number_seen:
            number_seen = True
            m = _NUMBER.search(line)
            if (m and m.group(1)[:1].isdigit()) or (m and not _NUMBER_DASH.search(line)):
                number = re.sub(r"\s+", "", m.group(1) + m.group(2)).strip(".") or None
                if number and number.startswith("/"):
                    number = None if len(number) < 2 else number
            elif (dash := _NUMBER_DASH.search(line)) is not None:
                number = dash.group(1).strip(".")
            continue
        if _QUOC_HIEU.match(folded) or _PLACE_DATE.match(folded):
            right.append(line)
            continue
        if number_seen and (vv := _VV.match(folded)):
            in_vv = subject_seen = True
            title_lines.append(line[vv.end() :])
            continue
        if in_vv:
            if not line or _BODY_START.match(folded):
                in_vv = False
                if type_idx is None:
                    body_start = _line_index(lines, line, i)
                    break
                continue
            title_lines.append(line)
            continue
        if not number_seen and line and not re.fullmatch(r"[-_=–—.*\s]+", line):
            issuer_lines.append(line)
    has_motto = False
    for line in right:
        folded = fold(line)
        if _QUOC_HIEU.match(folded) and folded.strip("-_=–— "):
            has_motto = True
        m = _PLACE_DATE.match(folded)
        if m and place is None:
            place = squash(line[: m.end("place")])
            if m.group("d") and m.group("m"):
                d = make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                if d is None:
                    warnings.append(f"Ngày ban hành không hợp lệ: {line.strip()}")
                date = iso(d)
    type_name = None
    type_source = None
    by_abbr, by_name = doc_types()
    if number:
        for segment in number.split("/")[1:]:
            abbr = segment.split("-")[0]
            match = next((a for a in by_abbr if a == abbr), None) or next(
                (a for a in by_abbr if a.lower() == abbr.lower() and a != "CV"), None)
            if match:
                type_abbr = match
                type_source = "number"
                break
    if type_idx is not None:
        text = lines[type_idx].strip()
        m = _type_line().match(fold(text))
        if m:
            if type_abbr is None:
                type_abbr = by_name.get(m.group(1))
            if type_abbr is not None and (type_source is None or by_name.get(m.group(1)) == type_abbr):
                type_source = "line"
            rest = text[m.start(2) :].strip() if m.group(2) else ""
            title_lines = [rest] if rest else []
            body_start = type_idx + 1
            for j in range(type_idx + 1, min(len(lines), type_idx + 8)):
                line = lines[j].strip()
                folded = fold(line)
                if not line:
                    if title_lines:
                        body_start = j
                        break
                    continue
                if re.fullmatch(r"[-_=–—.*\s]+", line) or (line.startswith("(") and title_lines):
                    body_start = j + 1
                    continue
                first_ok = not title_lines and not _FIRST_BODY.match(folded)
                if not first_ok and (_BODY_START.match(folded) or _type_line().match(folded) or is_upper_line(line)):
                    body_start = j
                    break
                title_lines.append(line)
                body_start = j + 1
    if type_idx is None and number_seen and not subject_seen:
        body_start, extra_title = _body_after_number(lines, limit)
        if extra_title and not title_lines:
            title_lines = extra_title
    if type_abbr is None and number_seen:
        # A Số line and no type line: a công văn (NĐ 30/2020 gives it no type name).
        type_abbr = "CV"
        type_source = "inferred"
    if type_abbr is not None:
        type_name = by_abbr.get(type_abbr)
    issuer, parent = _issuers(issuer_lines, matcher)
    title = squash(" ".join(title_lines)) or None
    header = Header(issuer, parent, number, type_abbr, type_name, place, date, title,
                    tuple(issuer_lines), has_motto, type_source, subject_seen)
    return header, body_start


_QH_FRAGMENT = re.compile(r"^(?:cong|cong hoa|cong hoa xa|cong hoa xa hoi|cong hoa xa hoi chu|cong hoa xa hoi chu nghia)$")
_DATE_TAIL = re.compile(r"^(?:ngay\b|thang\b|\d{1,2}\s+thang\b)")


def _merge_fragments(lines: list[str]) -> list[str]:
    """Lines of one header cell that a page or a Word table wrapped: 'CỘNG' + 'HÒA XÃ HỘI …',
    'Số:' + '1782/QĐ-UBND', 'Bà Rịa-Vũng Tàu,' + 'ngày 15 tháng 4 năm 2022' become one line
    (one-cell lines only: a line with two columns keeps its layout)."""
    out: list[str] = []
    for raw in lines:
        cells = _split_columns(raw)
        if out and len(cells) == 1 and len(_split_columns(out[-1])) == 1 and not raw.startswith("\t\t"):
            prev = out[-1].strip()
            fp, fc = fold(prev), fold(cells[0])
            if (_QH_FRAGMENT.match(fp) or re.fullmatch(r"so\s*[:.]?", fp)
                    or ((fp.endswith(",") or re.search(r",\s*ngay(?:\s+\d{1,2})?$", fp)) and _DATE_TAIL.match(fc))):
                out[-1] = prev + " " + cells[0]
                continue
        out.append(raw)
    return out


def _merge_place_date(right: list[str]) -> list[str]:
    out: list[str] = []
    for cell in right:
        if out:
            prev = fold(out[-1].strip())
            if (prev.endswith(",") or re.search(r",\s*ngay(?:\s+\d{1,2})?$", prev)) and _DATE_TAIL.match(fold(cell.strip())):
                out[-1] = out[-1].strip() + " " + cell.strip()
                continue
            if _QH_FRAGMENT.match(prev):
                out[-1] = out[-1].strip() + " " + cell.strip()
                continue
        out.append(cell)
    return out


def _body_after_number(lines: list[str], limit: int) -> tuple[int, list[str]]:
    """Where the body begins in a document without a type line (a công văn, a plan whose page
    lost its "KẾ HOẠCH" line): the first line after the Số row that is not part of the header.
    Upper-case lines right after the header are the title."""
    number_at = next((i for i, line in enumerate(lines[:limit])
                      if _NUMBER_LINE.match(fold((_split_columns(line) or [""])[0]))), None)
    if number_at is None:
        return limit, []
    title: list[str] = []
    for j in range(number_at + 1, min(len(lines), number_at + 12)):
        line = lines[j].strip()
        if not line:
            continue
        cells = _split_columns(line)
        folded = fold(cells[0]) if cells else ""
        if (_QUOC_HIEU.match(folded) or _PLACE_DATE.match(folded) or re.fullmatch(r"[-_=–—.*\s]+", line)
                or (len(cells) >= 2 and all(_QUOC_HIEU.match(fold(c)) or _PLACE_DATE.match(fold(c)) for c in cells[1:])
                    and not _BODY_START.match(folded))):
            continue
        if is_upper_line(line) and not _BODY_START.match(folded) and len(line) < 300:
            if title and (_ORG_START.match(folded) or folded.startswith(("thu tuong", "bo truong", "chu tich"))):
                return j, title  # the issuer's banner line ("THỦ TƯỚNG CHÍNH PHỦ") ends the title
            title.append(line)
            continue
        return j, title
    return limit, title


def _line_index(lines: list[str], text: str, fallback: int) -> int:
    for i, line in enumerate(lines):
        if text and text in line:
            return i
    return fallback


def _issuers(issuer_lines: list[str], matcher: AgencyMatcher) -> tuple[str | None, str | None]:
    units: list[str] = []
    for line in issuer_lines:
        folded = fold(line.strip())
        if not units or (_ORG_START.match(folded) and not folded.startswith(("thi xa", "thanh pho"))):
            units.append(line.strip())
        else:
            units[-1] = units[-1] + " " + line.strip()
    units = [u for u in units if u]
    if not units:
        return None, None
    issuer = format_issuer(units[-1], matcher)
    parent = format_issuer(units[-2], matcher) if len(units) >= 2 else None
    return issuer, parent


def level_of(header: Header) -> str:
    """Whether the plan was issued by a commune, a district or a province (for alias ties)."""
    text = fold(" ".join(x for x in (header.issuer, header.parent_issuer) if x))
    issuer = fold(header.issuer or "")
    if issuer.startswith("so ") or re.search(r"nhan dan tinh|nhan dan thanh pho (?:ha noi|ho chi minh|hai phong|da nang|can tho|hue)", issuer):
        return "province"
    if re.search(r"nhan dan (?:xa|phuong|thi tran|dac khu)\b", text) and not re.search(r"thi xa|huyen|quan", issuer):
        return "commune"
    return "district"
