"""Put the pieces together: text -> header, body outline, tasks, citations, deadlines,
recipients and signer, as one immutable ParsedPlan."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .agencies import Agency, AgencyMatcher, Mention, default_matcher
from .articles import Responsible, responsible_units
from .citations import Citation, body_references, legal_basis
from .closing import Deadline, Recipient, Signer, find_deadlines, parse_closing
from .confidence import field_confidence
from .errors import ParseError
from .header import Header, find_type_line, format_issuer, level_of, parse_header
from .normalize import clean_text, join_paragraphs, starts_structure
from .readers import MAX_BYTES, read_document
from .sections import build_tree, sections_json
from .tasks import PurposeItem, Roles, Task, TaskBuilder, roles_in
from .textutil import fold, is_upper_line
from .web import web_text

MAX_CHARS = 2_000_000


@dataclass(frozen=True)
class ParsedPlan:
    document: Header
    year: int | None
    purpose: tuple[PurposeItem, ...]
    legal_basis: tuple[Citation, ...]
    preamble: tuple[str, ...]
    references: tuple[Citation, ...]
    sections: tuple[Mapping[str, Any], ...]
    tasks: tuple[Task, ...]
    deadlines: tuple[Deadline, ...]
    recipients: tuple[Recipient, ...]
    signer: Signer | None
    addressees: tuple[Mention, ...] = ()
    warnings: tuple[str, ...] = ()
    source_name: str | None = None
    confidence: Mapping[str, float] = field(default_factory=dict, compare=False)
    # How the text was obtained: "text" (txt, docx, a PDF's text layer) or "ocr".
    text_source: str = "text"
    # The units a Quyết định's articles make responsible (Điều 2, 3 …), with their level.
    responsible: tuple[Responsible, ...] = ()
    level: str | None = None
    _mentions: tuple[Mention, ...] = field(default=(), repr=False, compare=False)

    def units(self) -> list[dict[str, Any]]:
        """Every agency the plan makes responsible, with the spellings it used."""
        found: dict[str, dict[str, Any]] = {}
        for r in self.responsible:
            entry = found.setdefault(r.name, {"name": r.name, "written": [], "group": r.collective, "expands": None,
                                              "level": r.level, "collective": r.collective, "article": r.article})
            if r.written not in entry["written"]:
                entry["written"].append(r.written)
        for m in self._mentions:
            if m.agency is None:
                continue
            entry = found.setdefault(m.agency.name, {"name": m.agency.name, "written": [], "group": m.agency.group,
                                                     "expands": dict(m.agency.expands) if m.agency.expands else None,
                                                     "level": _mention_level(m, self.level),
                                                     "collective": m.agency.group})
            written = " ".join(m.written.split())
            if written not in entry["written"]:
                entry["written"].append(written)
        return list(found.values())

    def unmatched(self) -> list[str]:
        out: list[str] = []
        for m in self._mentions:
            if m.agency is None and m.written not in out:
                out.append(m.written)
        return out

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_json(),
            "year": self.year,
            "purpose": [p.to_json() for p in self.purpose],
            "preamble": list(self.preamble),
            "legal_basis": [c.to_json() for c in self.legal_basis],
            "references": [c.to_json() for c in self.references],
            "sections": [dict(s) for s in self.sections],
            "tasks": [t.to_json() for t in self.tasks],
            "deadlines": [d.to_json() for d in self.deadlines],
            "recipients": [r.to_json() for r in self.recipients],
            "signer": self.signer.to_json() if self.signer else None,
            "addressees": _names(self.addressees),
            "units": self.units(),
            "unmatched": self.unmatched(),
            "warnings": list(self.warnings),
            "source": self.source_name,
            "confidence": dict(self.confidence),
            "text_source": self.text_source,
        }


_LEVEL_QUALIFIER = ((re.compile(r"\b(?:huyen|quan|thi xa)$"), "district"),
                    (re.compile(r"(?<!thi )\b(?:xa|phuong|thi tran|dac khu)$"), "commune"),
                    (re.compile(r"\b(?:tinh|thanh pho)$"), "province"))


def _mention_level(m: Mention, plan_level: str | None) -> str | None:
    """A unit's level: its own qualifier ('Công an xã'), else the level its kind fixes (a Sở is a
    province's, a Phòng a district's or, after 2025, a commune's), else the issuer's: 'Công an'
    and 'Hội Liên hiệp Phụ nữ' in a commune's plan are the commune's."""
    written = fold(" ".join(m.written.split())).rstrip(" .,;")
    for pattern, level in _LEVEL_QUALIFIER:
        if pattern.search(written):
            return level
    name = fold(m.agency.name if m.agency else m.written)
    if name.startswith(("so ", "phong ", "bo ")) and m.agency and m.agency.level:
        return m.agency.level
    if plan_level == "central":
        return m.agency.level if m.agency else None
    return plan_level or (m.agency.level if m.agency else None)


def _names(mentions: Iterable[Mention]) -> list[str]:
    return list(dict.fromkeys(m.name for m in mentions))


def parse_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES,
               extra_agencies: Iterable[Agency | Mapping[str, Any]] | None = None) -> ParsedPlan:
    info = read_document(path, max_bytes=max_bytes)
    return parse_text(info.text, source_name=os.path.basename(os.fspath(path)), extra_agencies=extra_agencies,
                      text_source="ocr" if info.ocr else "text", quality=info.quality)


_CLOSING_START = re.compile(r"^(?:noi nhan\b|(?:tm|kt|tl|q|tuq)\s*\.\s*\S)")
_CLOSING_PAR = re.compile(
    r"^(?:(?:ubnd|uy ban nhan dan)(?! cac)\b|tren day|trong qua trinh|yeu cau|de nghi (?:cac|ubnd|uy ban nhan dan)|"
    r"bao cao (?:\S+\s){0,6}?gui|van ban gui|noi dung bao cao|so lieu bao cao|(?:thong tin|moi) chi tiet|(?:dau moi |de nghi |xin )?lien he\b|"
    r"(?:phong|so)\s.{0,80}\b(?:la co quan thuong truc|theo doi, tong hop))"
)
_KINH_GUI = re.compile(r"^kinh gui\s*:?\s*")


def parse_text(text: str, *, source_name: str | None = None,
               extra_agencies: Iterable[Agency | Mapping[str, Any]] | None = None,
               matcher: AgencyMatcher | None = None, text_source: str = "text",
               quality: float = 1.0) -> ParsedPlan:
    """Parse the text of a plan (or another administrative document) into a ParsedPlan."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty", "Văn bản rỗng, không có nội dung.", "The document is empty.")
    if len(text) > MAX_CHARS:
        raise ParseError("too_large", "Văn bản quá dài để xử lý (hơn 2 triệu ký tự).",
                         "The document is too long to process (over 2 million characters).")
    base = matcher or (AgencyMatcher(extra=extra_agencies) if extra_agencies else default_matcher())
    warnings: list[str] = []
    web = web_text(text)
    lines = clean_text(web.text).split("\n")
    header, body_start = parse_header(lines, warnings, base)
    if not header.number and not (header.type and header.type != "CV"):
        # Without a Số line and without a type line nothing says this is an administrative
        # document; anything that has either is parsed, whatever else is missing.
        raise ParseError(
            "not_a_plan",
            "Không nhận ra văn bản hành chính: không tìm thấy số, ký hiệu và tên loại văn bản "
            "(ví dụ “Số: 268/KH-UBND”, “KẾ HOẠCH”) ở phần đầu.",
            "Not recognised as an administrative document: no number/symbol and document type "
            "(e.g. “Số: 268/KH-UBND”, “KẾ HOẠCH”) found in the header.",
        )
    level = level_of(header)
    matcher_l = base.with_level(level)
    if header.issuer_lines:
        header = _reformat_issuers(header, matcher_l)
    header = _complete_header(header, web.attributes, lines[:100], warnings)
    year = int(header.date[:4]) if header.date else _year_from_number(header.number)
    if year is None:
        warnings.append("Không xác định được năm của văn bản; ngày không ghi năm bị bỏ qua.")

    closing_idx = _closing_start(lines, body_start, len(lines))
    # A Quyết định often carries the plan it issues after its own signature ("KẾ HOẠCH …
    # (Ban hành kèm theo Quyết định số …)"): the plan's parts hold the tasks.
    attach_start, attach_body, attach_end = _attachment(lines, closing_idx, warnings, base)
    paragraphs = join_paragraphs(lines[body_start:closing_idx])
    addressees, paragraphs = _split_addressees(paragraphs, matcher_l)
    preamble, structured, closing = _split_body(paragraphs)
    attached: list[str] = []
    if attach_body is not None:
        att_pre, att_struct, att_closing = _split_body(join_paragraphs(lines[attach_body:attach_end]))
        attached = att_struct
        closing = closing + att_pre + att_closing

    basis = legal_basis(preamble)
    root = build_tree(structured + attached if not _has_articles_only(structured) else attached or structured)
    lead_in = Roles()
    if preamble and preamble[-1].rstrip().endswith(":"):
        lead_in = roles_in(preamble[-1], matcher_l)
    if not lead_in.lead and addressees:
        lead_in = Roles(tuple(addressees), ())
    builder = TaskBuilder(matcher_l, year, warnings)
    extraction = builder.extract(root, lead_in)
    task_texts = [t.text for t in extraction.tasks]
    others = [p for p in preamble if not fold(p).startswith(("can cu", "thuc hien", "theo de nghi"))]
    refs = body_references(others + structured + attached + closing, basis)

    responsible: list[Responsible] = []
    if header.type == "QĐ":
        issuer_level = _issuer_level(header, level)
        after_reform = bool(header.date and header.date >= "2025-07-01")
        # The last article often ends the decision ("… chịu trách nhiệm thi hành./.") and is read
        # with the closing paragraphs; the articles are looked for in both.
        responsible, article_tasks = responsible_units(structured + [p for p in closing if p not in structured],
                                                       matcher_l, issuer_level, after_reform)
        for a in article_tasks:
            # The article's own reading replaces the generic one of the same paragraph.
            label = a.article.replace("Điều ", "Đ")
            extraction.tasks[:] = [t for t in extraction.tasks if t.id != label and t.text != a.text]
            due, times = builder.due_and_times(a.text)
            extraction.tasks.append(Task(label, label, a.text, tuple(_as_mention(r) for r in a.lead),
                                         tuple(_as_mention(r) for r in a.coordinating), due, (), times))
            task_texts.append(a.text)

    task_set = set(task_texts)
    deadline_pars = [p for p in preamble if not fold(p).startswith(("can cu", "theo de nghi"))] + closing
    if not extraction.tasks:
        deadline_pars += [p for p in structured if p not in task_set]
    deadlines = find_deadlines(deadline_pars, matcher_l, year, warnings, tuple(addressees))
    for task in extraction.tasks:
        deadlines += find_deadlines([task.text], matcher_l, year, warnings, task.lead, require_send=True)
    deadlines.sort(key=lambda d: d.date or "")
    closing_end = attach_start if attach_start is not None else len(lines)
    recipients, signer = parse_closing(lines[closing_idx:closing_end], matcher_l)

    mentions: list[Mention] = []
    for t in extraction.tasks:
        mentions.extend(t.lead)
        mentions.extend(t.coordinating)
    for d in deadlines:
        mentions.extend(d.senders)
        if d.to:
            mentions.append(d.to)
    plan = ParsedPlan(
        document=header, year=year, purpose=tuple(extraction.purpose), legal_basis=tuple(basis),
        preamble=tuple(" ".join(p.split()) for p in preamble),
        references=tuple(refs), sections=tuple(sections_json(root)), tasks=tuple(extraction.tasks),
        deadlines=tuple(deadlines), recipients=tuple(recipients), signer=signer,
        addressees=tuple(addressees), warnings=tuple(dict.fromkeys(warnings)), source_name=source_name,
        _mentions=tuple(mentions), text_source=text_source, responsible=tuple(responsible),
        level=_issuer_level(header, level),
    )
    return replace(plan, confidence=field_confidence(plan, quality))


_CENTRAL_ISSUER = re.compile(r"^(?:bo\b|thu tuong|chinh phu|van phong chinh phu|uy ban dan toc|uy ban quoc gia|"
                             r"tong cuc|cuc\b|hoi lien hiep phu nu viet nam|trung uong)")


def _issuer_level(header: Header, level: str) -> str:
    return "central" if _CENTRAL_ISSUER.match(fold(header.issuer or "")) else level


def _as_mention(r: Responsible) -> Mention:
    return Mention(0, 0, r.written, Agency(r.name, (r.name,), r.level, r.collective))


def _closing_start(lines: list[str], start: int, end: int) -> int:
    for i in range(start, end):
        first = re.split(r"\t+|\s{3,}", lines[i].strip())[0] if lines[i].strip() else ""
        if first and (_CLOSING_START.match(fold(first)) and (fold(first).startswith("noi nhan") or is_upper_line(first))):
            return i
    return end


_ATTACH_NOTE = re.compile(r"^\(?\s*(?:ban hanh )?kem theo (?:quyet dinh|cong van|van ban)")
_ATTACH_HEAD = re.compile(r"cong hoa xa hoi|doc lap\s*-?\s*tu do|^so\s*[:.]")


def _attachment(lines: list[str], closing_idx: int, warnings: list[str],
                matcher: AgencyMatcher) -> tuple[int | None, int | None, int]:
    """(first line of the attached document's header, first line of its body, its end) when a
    document is attached after the signature, else (None, None, len(lines))."""
    if closing_idx >= len(lines):
        return None, None, len(lines)
    rest = lines[closing_idx:]
    type_at = find_type_line(rest, limit=len(rest))
    if type_at is None:
        return None, None, len(lines)
    type_idx = closing_idx + type_at
    # The attachment is a plan only when it says so or brings its own header.
    window = " ".join(fold(x) for x in lines[type_idx : type_idx + 6])
    if not _ATTACH_NOTE.search(window) and not re.search(r"\(\s*(?:(?:duoc )?ban hanh |phe duyet )?kem theo", window):
        return None, None, len(lines)
    start = type_idx
    while start - 1 > closing_idx:
        prev = lines[start - 1].strip()
        if prev and not (_ATTACH_HEAD.search(fold(prev)) or is_upper_line(prev)):
            break
        start -= 1
    _header, body_rel = parse_header(lines[type_idx:], [], matcher)
    body = type_idx + body_rel
    end = _closing_start(lines, body, len(lines))
    return start, body, end


def _has_articles_only(structured: list[str]) -> bool:
    return bool(structured) and all(not starts_structure(p) or fold(p).startswith("dieu ") for p in structured)


_CENTRAL_CITIES = ("ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue")
_BARE_BODY = re.compile(r"^(?:uy ban nhan dan|hoi dong nhan dan)$")
_LEVEL_CUE = re.compile(r"\b(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\s+(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dac khu)\b")


def _complete_header(header: Header, attributes: Mapping[str, str], body: list[str], warnings: list[str]) -> Header:
    """An issuer written only as 'ỦY BAN NHÂN DÂN' (its place stood in the other column, or in
    the text) takes its level and place from the document; a field the page shows only in its
    attribute table ('Ngày ban hành: 12/10/2023') is taken from there."""
    from .dates import find_dates, iso

    changes: dict[str, Any] = {}
    issuer = header.issuer
    if issuer and _BARE_BODY.match(fold(issuer)) and header.place:
        place = header.place
        folded_place = fold(place)
        if folded_place.startswith(("tinh ", "thanh pho ", "huyen ", "quan ", "thi xa ", "xa ", "phuong ")):
            changes["issuer"] = f"{issuer} {place}"
        else:
            cues = [m.group(1) for line in body for m in _LEVEL_CUE.finditer(fold(line))]
            # Without a word of its own level in the text, a people's committee whose header
            # gives no level is a province's (a district's or a commune's header names the
            # province above it), or one of the centrally-run cities.
            level = max(set(cues), key=cues.count) if cues else ("thanh pho" if folded_place in _CENTRAL_CITIES else "tinh")
            words = {"tinh": "tỉnh", "thanh pho": "thành phố", "huyen": "huyện", "quan": "quận", "thi xa": "thị xã",
                     "xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "dac khu": "đặc khu"}
            if level:
                changes["issuer"] = f"{issuer} {words[level]} {place}"
    if not header.date and attributes.get("ngay ban hanh"):
        hits = [h for h in find_dates(attributes["ngay ban hanh"], None, []) if h.precision == "day" and h.date]
        if hits:
            changes["date"] = iso(hits[0].date)
    if not header.number and attributes.get("so hieu"):
        changes["number"] = "".join(attributes["so hieu"].split())
    if not header.issuer and attributes.get("co quan ban hanh"):
        changes["issuer"] = " ".join(attributes["co quan ban hanh"].split())
    del warnings
    return replace(header, **changes) if changes else header


def _reformat_issuers(header: Header, matcher: AgencyMatcher) -> Header:
    from .header import _issuers

    issuer, parent = _issuers(list(header.issuer_lines), matcher)
    return replace(header, issuer=issuer, parent_issuer=parent)


def _year_from_number(number: str | None) -> int | None:
    m = re.search(r"/((?:19|20)\d{2})/", number or "")
    return int(m.group(1)) if m else None


def _split_addressees(paragraphs: list[str], matcher: AgencyMatcher) -> tuple[list[Mention], list[str]]:
    """'Kính gửi: …' and its bullet lines name the addressees of a công văn; they are not tasks."""
    for i, par in enumerate(paragraphs[:6]):
        m = _KINH_GUI.match(fold(par))
        if not m:
            continue
        names = [par[m.end() :]]
        j = i + 1
        while j < len(paragraphs) and paragraphs[j][:1] in "-+•–" and len(paragraphs[j]) < 150:
            names.append(paragraphs[j].lstrip("-+•– "))
            j += 1
        found: list[Mention] = []
        for name in names:
            found.extend(matcher.find(name))
        return found, paragraphs[:i] + paragraphs[j:]
    return [], paragraphs


def _split_body(paragraphs: list[str]) -> tuple[list[str], list[str], list[str]]:
    first = next((i for i, p in enumerate(paragraphs) if starts_structure(p)), len(paragraphs))
    preamble = [p for p in paragraphs[:first] if not _is_banner(p)]
    rest = paragraphs[first:]
    end = len(rest)
    while end > 0:
        par = rest[end - 1]
        if starts_structure(par):
            break
        folded = fold(par)
        prev = rest[end - 2] if end >= 2 else ""
        heading_body = bool(prev) and starts_structure(prev) and not prev.rstrip().endswith((".", ";", ",", ":")) and not prev.startswith(("-", "+", "•", "–", "|"))
        if _CLOSING_PAR.match(folded) or (par.rstrip().endswith("./.") and not heading_body):
            end -= 1
            continue
        break
    return preamble, rest[:end], rest[end:]


def _is_banner(par: str) -> bool:
    """Upper-case lines between title and body ('QUYẾT ĐỊNH:', 'CHỦ TỊCH UBND HUYỆN …')."""
    return is_upper_line(par) and len(par) < 120 and not fold(par).startswith(("can cu", "thuc hien"))


__all__ = ["ParsedPlan", "format_issuer", "parse_file", "parse_text"]
