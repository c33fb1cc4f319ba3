"""The end of a plan: deadlines for what units must send ("… gửi trước ngày 15/6"), the
distribution list ("Nơi nhận:") and the signer block (TM./KT./TL. …, title, name)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import AgencyMatcher, Mention
from .dates import find_dates, iso
from .textutil import fold, is_upper_line, squash


@dataclass(frozen=True)
class Deadline:
    date: str | None
    text: str
    what: str | None
    senders: tuple[Mention, ...]
    to: Mention | None

    def to_json(self) -> dict[str, object]:
        senders: list[str] = []
        for m in self.senders:
            if m.name not in senders:
                senders.append(m.name)
        return {"date": self.date, "text": self.text, "what": self.what, "from": senders,
                "to": self.to.name if self.to else None}


@dataclass(frozen=True)
class Recipient:
    text: str
    purpose: str | None
    units: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "purpose": self.purpose, "units": list(self.units)}


@dataclass(frozen=True)
class Signer:
    name: str | None
    title: str | None
    authority: str | None
    on_behalf_of: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "title": self.title, "authority": self.authority,
                "on_behalf_of": self.on_behalf_of}


_CUE = re.compile(r"(?:truoc|cham nhat(?: (?:vao|la))?|han (?:cuoi|chot|gui|nop)(?: la)?|den het)\s+(?:ngay\s+)?$")
_SENDER_CUE = re.compile(r"\b(?:yeu cau|de nghi|giao)\b")
_ANY_CUE = re.compile(r"truoc|cham nhat|han (?:cuoi|chot|gui|nop)|den het")
_SEND = re.compile(r"\b(?:gui|nop)\b")
_SENDERS = (re.compile(r"\byeu cau\s+"), re.compile(r"\bde nghi\s+"), re.compile(r"\bgiao\s+"))
_TO = re.compile(r"\b(?:gui|nop)\s+(?:ve\s+|cho\s+|den\s+)?")


def find_deadlines(paragraphs: list[str], matcher: AgencyMatcher, year: int | None, warnings: list[str],
                   default_from: tuple[Mention, ...] = (), *, require_send: bool = False) -> list[Deadline]:
    """'… gửi trước ngày 25/02/2017': what is due, by whom, to whom. With `require_send`
    (task texts) only deadlines for sending something count, not a task's own due date."""
    out: list[Deadline] = []
    senders_doc = default_from
    for para in paragraphs:
        folded = fold(para)
        has_cue = bool(_ANY_CUE.search(folded)) and not (require_send and not _SEND.search(folded))
        if not has_cue and not _SENDER_CUE.search(folded):
            continue
        mentions = matcher.find(para)
        senders: tuple[Mention, ...] = ()
        for pattern in _SENDERS:
            for m in pattern.finditer(folded):
                run = matcher.run_at(para, m.end(), mentions)
                if run:
                    senders = tuple(run)
                    break
            if senders:
                break
        senders = senders or senders_doc
        if senders:
            senders_doc = senders
        if not has_cue:
            continue
        to = None
        for m in _TO.finditer(folded):
            run = matcher.run_at(para, m.end(), mentions)
            if run:
                to = run[0]
                break
        last_end = 0
        for hit in find_dates(para, year, warnings):
            if hit.precision != "day" or hit.date is None:
                continue
            window = folded[max(0, hit.start - 40) : hit.start]
            cue = _CUE.search(window)
            if not cue:
                continue
            start = hit.start - (len(window) - cue.start())
            clause_start = max(last_end, max(folded.rfind(";", 0, start), folded.rfind(":", 0, start)) + 1)
            send = None
            for s in _SEND.finditer(folded, clause_start, start):
                send = s
                break
            if require_send and not send:
                continue
            text_start = send.start() if send and start - send.start() <= 120 else start
            clause = para[clause_start:text_start].strip(" ,")
            what = re.sub(r"^(?:\([^()]*\)\s*)?(?:và|đồng thời)?\s*", "", clause).strip(" ,") or None
            out.append(Deadline(iso(hit.date), squash(para[text_start : hit.end]), what, senders, to))
            last_end = hit.end
    return out


_PURPOSE = re.compile(r"\s*\(?\s*(để\s+[^()]*?|de\s+[^()]*?)\s*\)?\s*$", re.I)
_AUTHORITY = re.compile(r"^(TM|KT|TL|Q|TUQ)\s*\.\s*(.*)$")
_SKIP_SIGN = re.compile(r"^\(?\s*(?:da ky|ky ten|ky,|ky va|dong dau|ky so|\(.*\))")
_TITLES = {"chu tich": "Chủ tịch", "pho chu tich": "Phó Chủ tịch", "giam doc": "Giám đốc",
           "pho giam doc": "Phó Giám đốc", "truong phong": "Trưởng phòng", "pho truong phong": "Phó Trưởng phòng",
           "chanh van phong": "Chánh Văn phòng", "pho chanh van phong": "Phó Chánh Văn phòng",
           "truong ban": "Trưởng ban", "pho truong ban": "Phó Trưởng ban", "bi thu": "Bí thư"}


def _title_case(text: str) -> str:
    key = fold(text).strip(" .")
    if key in _TITLES:
        return _TITLES[key]
    words = text.split()
    return " ".join([words[0].capitalize()] + [w.lower() for w in words[1:]]) if words else text


def parse_closing(lines: list[str], matcher: AgencyMatcher) -> tuple[list[Recipient], Signer | None]:
    """Split the closing block (one or two columns) into recipients and the signer."""
    left: list[str] = []
    right: list[str] = []
    in_recipients = False
    for raw in lines:
        cells = [c.strip() for c in re.split(r"\t+|\s{3,}", raw.strip()) if c.strip()]
        if not cells:
            continue
        if len(cells) >= 2:
            left.append(cells[0])
            right.append(" ".join(cells[1:]))
            if fold(cells[0]).startswith("noi nhan"):
                in_recipients = True
            continue
        cell = cells[0]
        folded = fold(cell)
        if raw.startswith("\t\t"):
            right.append(cell)  # a right-hand cell alone on its row
        elif folded.startswith("noi nhan"):
            in_recipients = True
            left.append(cell)
        elif in_recipients and (cell[:1] in "-+•–*" or (cell.rstrip().endswith((";", ".")) and not _signer_like(cell))):
            left.append(cell)
        else:
            if in_recipients and not _signer_like(cell) and not right:
                left.append(cell)
                continue
            right.append(cell)
    recipients: list[Recipient] = []
    for line in left:
        folded = fold(line)
        if folded.startswith("noi nhan"):
            rest = line.split(":", 1)[1] if ":" in line else ""
            if not rest.strip():
                continue
            line = rest
        item = line.strip().lstrip("-+•–* ").strip().rstrip(";,.").strip()
        if not item:
            continue
        purpose = None
        m = _PURPOSE.search(item)
        if m and m.start() > 0:
            purpose = squash(m.group(1)).rstrip(".;) ")
            item = item[: m.start()].strip().rstrip(",;")
        units = tuple(dict.fromkeys(x.name for x in matcher.find(item) if x.agency))
        recipients.append(Recipient(squash(item), purpose, units))
    return recipients, _signer(right)


def _signer_like(line: str) -> bool:
    s = line.strip()
    return bool(_AUTHORITY.match(s)) or (is_upper_line(s) and len(s) < 60) or _looks_like_name(s)


def _looks_like_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in line) or re.search(r"[:;,()/]", line):
        return False
    return all(w[:1].isupper() and (w[1:].islower() or len(w) == 1) for w in words)


def unglue(lines: list[str]) -> list[str]:
    """'PHÓ CHỦ TỊCHSơn Thị Ánh Hồng': a page that lost the line break between title and name."""
    out: list[str] = []
    for line in lines:
        s = line.strip()
        cut = next((i for i in range(2, len(s) - 1) if s[i].isupper() and s[i + 1].islower()
                    and s[i - 1].isupper()), None)
        if cut is not None and s[:cut] == s[:cut].upper() and len(s[:cut].split()) >= 2 and _looks_like_name(s[cut:]):
            out.extend((s[:cut], s[cut:]))
        else:
            out.append(line)
    return out


def _signer(lines: list[str]) -> Signer | None:
    from .header import find_type_line

    authority = on_behalf = title = name = None
    lines = unglue(lines)
    stop = find_type_line(lines, limit=len(lines))
    if stop is not None and stop > 0:
        # The title of a document attached after the signature ("KẾ HOẠCH …") is no part of it.
        lines = lines[:stop]
    for line in lines:
        s = line.strip()
        folded = fold(s)
        if not s or _SKIP_SIGN.match(folded):
            continue
        m = _AUTHORITY.match(s)
        if m:
            authority = m.group(1) + "."
            if m.group(2):
                from .header import format_issuer

                text = m.group(2).strip()
                on_behalf = _title_case(text) if fold(text).strip() in _TITLES else format_issuer(text)
            continue
        if (is_upper_line(s) and len(s) < 60 and not _looks_like_name(s)
                and (title is None or fold(s).strip(" .") in _TITLES)):
            title = _title_case(s)
            continue
        if _looks_like_name(s) or (is_upper_line(s) and 2 <= len(s.split()) <= 5):
            name = s if not s.isupper() else " ".join(w.capitalize() for w in s.split())
    if name is None and authority is None and title is None:
        return None
    return Signer(name, title, authority, on_behalf)
