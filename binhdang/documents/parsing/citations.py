"""Documents cited in a plan: the legal basis of the preamble ("Căn cứ …", "Thực hiện …") and
the other documents the body refers to ("Thông tư số 191/2009/TT-BTC ngày 01/10/2009 …")."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .dates import iso, parse_long_date
from .textutil import fold


@dataclass(frozen=True)
class Citation:
    text: str
    type_name: str | None
    number: str | None
    date: str | None
    issuer: str | None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, str | None]:
        return {"text": self.text, "type_name": self.type_name, "number": self.number,
                "date": self.date, "issuer": self.issuer}


@lru_cache(maxsize=1)
def _type_names() -> dict[str, str]:
    raw = json.loads(resources.files(__package__).joinpath("data/doctypes.json").read_text("utf-8"))
    return {fold(name): name for name in raw["cited_type_names"]}


@lru_cache(maxsize=1)
def _type_re() -> re.Pattern[str]:
    from .agencies import _trie_pattern

    # No look-behind at the start: it would disable the regex engine's fast first-character
    # scan. The character before a match is checked in Python instead.
    return re.compile("(" + _trie_pattern(_type_names()) + r")(?=\s)")


def _word_start(folded: str, pos: int) -> bool:
    return pos == 0 or not (folded[pos - 1].isalnum() or folded[pos - 1] in "/_")


_NUMBER = re.compile(r"\s+(?:so\s*:?\s*)?(\d{1,5}[0-9a-z&.\-]*(?:/[0-9a-z&.\-]+)+)")
_DATE = re.compile(r"\s*,?\s*(?:ngay\s+)?(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})")
_OF = re.compile(r"\s*,?\s*cua\s+")
_ISSUER_STOP = re.compile(
    r"\s(?:ve|phe duyet|quy dinh|huong dan|ban hanh|trien khai|tao|sua doi|thuc hien|nham|doi voi|"
    r"de|cho|v/v|tai (?:hoi nghi|ky hop|to trinh|cong van|van ban)|ngay|so \d|cap)\b|[,;.()]|\s(?:va)\s+(?=[a-z ]{0,20}(?:so\s)?\d)"
)
_SUBJECT = re.compile(r"\s*,?\s*(?:ve viec|ve|v/v|phe duyet|quy dinh|huong dan|ban hanh|trien khai|sua doi)\b")
_LAW_NAME_STOP = re.compile(r",(?! chong\b)|[;.()\"“”]|\s(?:ngay|so|cua|da|duoc|nham|de|tai|trong|theo|lien quan)\b")
_LAW_TYPES = ("luat", "bo luat", "phap lenh", "hien phap")


def _subject_end(folded: str, pos: int, limit: int) -> int:
    """Where the 'về …' part of a citation ends: at ';', a sentence end or the next citation."""
    end = min(len(folded), pos + limit)
    stops = [re.compile(r";|\.(?:\s|$)|\./\.|\(").search(folded, pos, end)]
    nxt = re.compile(r"(?:,|\sva)\s+(?=(?:" + "|".join(re.escape(n) for n in _type_names()) + r")\s)").search(folded, pos, end)
    stops.append(nxt)
    return min((m.start() for m in stops if m), default=end)


def find_citations(text: str, *, allow_unnumbered: bool = False) -> list[Citation]:
    """Numbered citations, laws by name, and (in a preamble) 'Kế hoạch của …' without number."""
    folded = fold(text)
    out: list[Citation] = []
    pos = 0
    for m in _type_re().finditer(folded):
        if m.start() < pos or not _word_start(folded, m.start()):
            continue
        num = _NUMBER.match(folded, m.end())
        # "văn bản số 129/LĐTBXH-BĐG": a lower-case type word cites a document when its number follows.
        if not text[m.start()].isupper() and not (num and re.match(r"\s+so\b", folded[m.end() :])):
            continue
        type_name = _type_names()[m.group(1)]
        cursor = m.end()
        number = date = issuer = None
        if num:
            number = re.sub(r"\s+", "", text[num.start(1) : num.end(1)]).rstrip(".-")
            cursor = num.end()
        elif m.group(1) in _LAW_TYPES:
            name_end = _LAW_NAME_STOP.search(folded, cursor)
            stop = name_end.start() if name_end else len(text)
            if not text[cursor:stop].strip()[:1].isupper():
                continue
            words = text[cursor:stop].split()[:14]
            cursor = cursor + len(text[cursor:stop]) - len(text[cursor:stop].lstrip()) + len(" ".join(words))
        elif not (allow_unnumbered and _OF.match(folded, cursor)):
            continue
        d = _DATE.match(folded, cursor)
        if d:
            date = iso(parse_long_date(text[d.start(1) : d.end(1)].replace(" ", "") if "/" in d.group(1) else "ngày " + text[d.start(1) : d.end(1)]))
            cursor = d.end()
        of = _OF.match(folded, cursor)
        if of:
            issuer_stop = _ISSUER_STOP.search(folded, of.end())
            issuer_end = issuer_stop.start() if issuer_stop else len(text)
            words = text[of.end() : issuer_end].split()
            if 0 < len(words) <= 12:
                from .header import format_issuer

                issuer = format_issuer(" ".join(words))
                cursor = of.end() + len(text[of.end() : issuer_end].rstrip())
        if _SUBJECT.match(folded, cursor):
            cursor = _subject_end(folded, cursor, 400)
        cite = text[m.start() : cursor].strip().rstrip(",;:")
        out.append(Citation(" ".join(cite.split()), type_name, number, date, issuer, m.start(), cursor))
        pos = cursor
    return out


_SENTENCE_END = re.compile(r"\.(?=\s+[A-ZĐÀ-Ỹ\d])|\./\.|\.\s*$")
_BASIS_LEAD = re.compile(r"^\s*(?:can cu|thuc hien|trien khai thuc hien|thuc hien chi dao cua)\s*:?\s*")


def legal_basis(paragraphs: list[str]) -> list[Citation]:
    """The documents cited after 'Căn cứ' / 'Thực hiện' in the preamble ('Theo đề nghị' is not)."""
    out: list[Citation] = []
    for para in paragraphs:
        folded = fold(para)
        if not _BASIS_LEAD.match(folded):
            continue
        end = _SENTENCE_END.search(para)
        clause = para[: end.start()] if end else para
        for part in clause.split(";"):
            lead = _BASIS_LEAD.match(fold(part))
            part = part[lead.end() :] if lead else part
            part = " ".join(part.split()).strip(" ,.")
            if not part:
                continue
            found = find_citations(part, allow_unnumbered=True)
            numbered = [c for c in found if c.number]
            lead = _type_re().match(fold(part))
            lead = lead if lead and lead.end() < len(part) else None
            if len(numbered) >= 2 or not lead or not part[:1].isupper():
                out.extend(found)
                continue
            # One document per clause: "Luật sửa đổi, bổ sung … ngày 22/11/2019" names other
            # laws inside its title, which are not separate legal bases.
            first = found[0] if found and found[0].start == 0 else None
            date = first.date if first and first.date else iso(parse_long_date(part))
            out.append(Citation(part, _type_names()[lead.group(1)], first.number if first else None, date,
                                first.issuer if first else None))
    return out


def body_references(paragraphs: list[str], exclude: list[Citation]) -> list[Citation]:
    """Citations of the body, each document once (by number, or by name when it has none)."""
    seen = {_key(c) for c in exclude}
    out: list[Citation] = []
    for para in paragraphs:
        for c in find_citations(para):
            key = _key(c)
            if key in seen:
                for i, prev in enumerate(out):
                    if _key(prev) == key and prev.issuer is None and c.issuer:
                        out[i] = Citation(prev.text, prev.type_name, prev.number, prev.date or c.date, c.issuer)
                continue
            seen.add(key)
            out.append(c)
    return out


def _key(c: Citation) -> str:
    return fold(c.number) if c.number else fold(c.text)
