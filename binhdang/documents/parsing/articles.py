"""The articles of a Quyết định (Điều 1, 2, 3 …): the units it makes responsible ("Chánh Văn
phòng UBND tỉnh, Giám đốc Sở …, Thủ trưởng các sở, ban, ngành tỉnh … chịu trách nhiệm thi
hành"), each with its level, and the assignment an article gives ("Giao X chủ trì, phối hợp với Y")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import AgencyMatcher
from .textutil import fold, squash

_ARTICLE = re.compile(r"^dieu\s+(\d{1,3})\s*[.:]?\s*")
# What follows the responsible units in an article.
# What follows the responsible units in an article, most telling first (a page may glue words:
# "chịutrách nhiệm").
_DUTIES = (re.compile(r"\s(?:chiu ?trach ?nhiem|co ?trach ?nhiem)\b"),
           re.compile(r"\s(?:can cu quyet dinh|to chuc (?:thuc hien|trien khai)|trien khai thuc hien|"
                      r"thi hanh quyet dinh)\b"))
_GIAO = re.compile(r"^giao\s+")
_CHU_TRI = re.compile(r"\s*(?:,\s*)?\bchu tri\b\s*,?\s*")
_PHOI_HOP = re.compile(r"\bphoi hop (?:voi\s+)?")
_COORD_END = re.compile(r"\s(?:trien khai|to chuc|thuc hien|tham muu|theo doi|huong dan|xay dung)\b|[.;]")
# Positions that head a unit; the unit is what follows ("Giám đốc Sở Y tế" -> "Sở Y tế").
# A position that names its unit's kind keeps that word ("Chánh Văn phòng Bộ" -> "Văn phòng Bộ").
_POSITION = re.compile(
    r"^(?:chanh ?van ?phong|pho chanh van phong|chanh thanh tra|giam doc|pho giam doc|thu truong|chu tich|pho chu tich|"
    r"truong ban|pho truong ban|truong phong|pho truong phong|vu truong|pho vu truong|tong cuc truong|cuc truong|"
    r"bo truong|thu ?truong|hieu truong|vien truong|chanh an|tong giam doc|chi cuc truong|giam doc|"
    r"nguoi dung dau)\s*")
_KEEP_WORD = {"chanh van phong": "Văn phòng", "chanhvan phong": "Văn phòng", "chanh vanphong": "Văn phòng",
              "pho chanh van phong": "Văn phòng", "chanh thanh tra": "Thanh tra"}
_SPLIT_BEFORE = re.compile(
    r"^(?:chanh |giam ?doc|pho giam doc|thu ?truong|chu ?tich|pho chu tich|truong |pho truong|vu truong|tong cuc truong|"
    r"cuc truong|bo truong|hieu truong|vien truong|nguoi dung dau|cac co quan|cac don vi|ubnd|uy ban|so |phong |ban )")
_PROPOSAL_ONLY = re.compile(r"^(?:quyet dinh nay|ban hanh kem theo|phe duyet|bai bo|thay the)")


@dataclass(frozen=True)
class Responsible:
    name: str
    level: str | None
    collective: bool
    written: str
    article: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "level": self.level, "collective": self.collective,
                "written": [self.written], "article": self.article, "role": "responsible"}


@dataclass(frozen=True)
class ArticleAssignment:
    article: str
    text: str
    lead: tuple[Responsible, ...]
    coordinating: tuple[Responsible, ...]


def articles(paragraphs: list[str]) -> list[tuple[str, str]]:
    """(label 'Điều 3', text after the label) for each article paragraph."""
    out: list[tuple[str, str]] = []
    for par in paragraphs:
        m = _ARTICLE.match(fold(par))
        if m:
            out.append((f"Điều {m.group(1)}", par[m.end() :].strip()))
    return out


def responsible_units(paragraphs: list[str], matcher: AgencyMatcher, issuer_level: str | None,
                      era_after_2025: bool = False) -> tuple[list[Responsible], list[ArticleAssignment]]:
    units: list[Responsible] = []
    assignments: list[ArticleAssignment] = []
    items = articles(paragraphs)
    for index, (label, text) in enumerate(items):
        folded = fold(text)
        if folded.startswith("quyet dinh nay co hieu luc") or (
                _PROPOSAL_ONLY.match(folded) and "chiu trach nhiem" not in folded):
            continue
        giao, m = _GIAO.match(folded), _CHU_TRI.search(folded)
        if giao is not None and m is not None:
            lead_text = text[giao.end() : m.start()]
            rest = text[m.end() :]
            coord: list[Responsible] = []
            pm = _PHOI_HOP.search(fold(rest))
            if pm:
                tail = rest[pm.end() :]
                end = _COORD_END.search(fold(tail))
                coord = _units_in(tail[: end.start()] if end else tail, label, matcher, issuer_level, era_after_2025)
            lead = _units_in(lead_text, label, matcher, issuer_level, era_after_2025)
            assignments.append(ArticleAssignment(label, squash(text), tuple(lead), tuple(coord)))
            units.extend(lead + coord)
            continue
        duty = next((m for pattern in _DUTIES if (m := pattern.search(" " + folded))), None)
        if duty is None and not (index == len(items) - 1 and _POSITION.match(folded)):
            continue
        # An article that starts with a position and has no verb was cut where the page ends.
        subject = text[: max(0, duty.start() - 1)] if duty else text
        if re.match(r"^cac (?:co quan|don vi)\b.*\bsau (?:day|day)\b", fold(subject).strip()):
            # "Các cơ quan, đơn vị sau đây chịu trách nhiệm …:" names them in the items below.
            for par in paragraphs:
                if re.match(r"^\d{1,2}[.)]\s", par) and par not in (t for _, t in items):
                    head = re.split(r"\s[-–]\s|,|:", re.sub(r"^\d{1,2}[.)]\s*", "", par), maxsplit=1)[0]
                    units.extend(_units_in(head, label, matcher, issuer_level, era_after_2025))
            continue
        units.extend(_units_in(subject, label, matcher, issuer_level, era_after_2025))
    seen: set[str] = set()
    unique: list[Responsible] = []
    for u in units:
        key = fold(u.name)
        if key not in seen:
            seen.add(key)
            unique.append(u)
    return unique, assignments


def _units_in(subject: str, article: str, matcher: AgencyMatcher, issuer_level: str | None,
              era_after_2025: bool) -> list[Responsible]:
    out: list[Responsible] = []
    for piece in _pieces(subject):
        written = squash(piece.strip(" ,;."))
        name = _strip_position(written)
        if not name or len(name) < 3:
            continue
        folded = fold(name)
        if folded in ("cac co quan", "cac don vi", "co quan", "don vi", "to chuc", "ca nhan") or \
                (folded.startswith(("cac co quan, to chuc", "cac co quan, to chuc, ca nhan")) and "lien quan" in folded \
                and len(folded) < 50 and "tinh" not in folded):
            continue
        name = _expand(name)
        collective = folded.startswith("cac ") or " cac " in folded[:30]
        # A unit takes its canonical name when the table knows it; a collective name takes the
        # table's collective only at the issuer's level (the district's "Các phòng, ban, ngành"
        # is not a province's "các sở, ngành tỉnh"), else stays as written.
        agency = matcher.lookup(name)
        if agency is not None and collective and not (
                agency.group and agency.level in (None, issuer_level) and _same_head(agency.name, name)):
            agency = None
        canonical = agency.name if agency else name
        level = _level_of(name, issuer_level, era_after_2025) or (agency.level if agency else None)
        out.append(Responsible(canonical, level, collective, written, article))
    return out


def _same_head(canonical: str, written: str) -> bool:
    """'Các cơ quan, đơn vị' for 'các cơ quan liên quan'; not 'Các phòng, ban, ngành' for 'các sở, ban, ngành tỉnh'."""
    head = re.findall(r"[a-z]+", fold(canonical))[1:2]
    return bool(head) and head[0] in re.findall(r"[a-z]+", fold(written))


def _pieces(subject: str) -> list[str]:
    """Split a list of positions and units on ';', and on ',' or 'và' only where the next words
    start a new position or unit ('…, Giám đốc Sở …'), never inside 'các sở, ban, ngành tỉnh'."""
    pieces: list[str] = []
    for part in re.split(r";", subject):
        current = ""
        for token in re.split(r"(,\s*|\s+và\s+)", part):
            if re.fullmatch(r",\s*|\s+và\s+", token or ""):
                current += token
                continue
            joint = re.search(r"(,\s*|\s+và\s+)$", current)
            # After 'và' only a new position starts a new unit ("Văn phòng HĐND và UBND huyện" is one).
            if current and joint and (_SPLIT_BEFORE.match(fold(token.strip())) if "," in joint.group(1)
                                      else (_POSITION.match(fold(token.strip()))
                                            or fold(token.strip()).startswith("cac "))):
                pieces.append(re.sub(r"(,\s*|\s+và\s+)$", "", current))
                current = token
            else:
                current += token
        if current.strip():
            pieces.append(current)
    return [p for p in (x.strip() for x in pieces) if p]


def _strip_position(text: str) -> str:
    folded = fold(text)
    m = _POSITION.match(folded)
    if not m:
        return text
    word = folded[: m.end()].strip()
    rest = text[m.end() :].strip()
    keep = _KEEP_WORD.get(word)
    return f"{keep} {rest}".strip() if keep else rest


def _expand(name: str) -> str:
    name = re.sub(r"\bUBND\b", "Ủy ban nhân dân", name)
    name = re.sub(r"\bHĐND\b", "Hội đồng nhân dân", name)
    return name


_CENTRAL = re.compile(r"^(?:bo\b|vu\b|cuc\b|tong cuc\b|van phong bo\b|thanh tra bo\b|cac don vi thuoc bo|"
                      r"(?:thu truong )?co quan ngang bo|co quan thuoc chinh phu|cac bo\b)")


def _level_of(name: str, issuer_level: str | None, era_after_2025: bool) -> str | None:
    """The level of a unit the article names, from its own words, else from the issuer's."""
    folded = fold(name)
    if re.search(r"\b(?:ubnd|uy ban nhan dan|hoi dong nhan dan) (?:cac )?(?:huyen|quan|thi xa)\b", folded):
        return "district"
    if re.search(r"\b(?:ubnd|uy ban nhan dan) (?:cac )?(?:xa|phuong|thi tran|dac khu)\b", folded):
        return "commune"
    if re.search(r"\b(?:ubnd|uy ban nhan dan) (?:cac )?tinh\b", folded) or folded.startswith(("so ", "cac so")) \
            or re.search(r"\b(?:tinh|cap tinh|thanh pho truc thuoc trung uong)$", folded) or " cac tinh" in folded:
        return "province"
    if _CENTRAL.match(folded):
        return "central"
    if folded.startswith(("phong ", "cac phong")):
        return "commune" if era_after_2025 else "district"
    if folded.startswith("van phong") and "tinh" in folded:
        return "province"
    return issuer_level
