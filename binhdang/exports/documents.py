"""Selectors that turn stored data into OfficialDocuments: a unit's plan (Kế hoạch) and a
unit's consolidated report (Báo cáo). They read through `adapters` and never render.

Official documents are always Vietnamese: both builders run under
`translation.override("vi")`, so the shared labels they borrow from the UI (the Nữ / Nam /
Tổng columns, the period phrase) do not follow the reader's language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit

from . import adapters
from .official.model import Bullet, Heading, OfficialDocument, Paragraph, Signer
from .tables import sum_columns

DEFAULT_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_TITLE = "CHỦ TỊCH"
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass
class SignerOptions:
    authority: str = DEFAULT_AUTHORITY
    title: str = DEFAULT_TITLE
    name: str = ""


def issuer_symbol(unit: OrgUnit) -> str:
    """The issuing body's part of the symbol (NĐ 30/2020, Phụ lục VI): "UBND" for a people's
    committee, the Phòng's abbreviation without the word Phòng ("LĐTBXH" for Phòng
    LĐ-TB&XH), else the initials."""
    key = search_key(unit.name)
    if key.startswith("uy ban nhan dan"):
        return "UBND"
    name = unit.short_name or unit.name
    words = [w for w in re.split(r"\s+", name) if w]
    if words and search_key(words[0]) == "phong" and len(words) > 1:
        words = words[1:]
    if all(w.upper() == w for w in words):  # an abbreviation already: "LĐ-TB&XH"
        return "".join(ch for w in words for ch in w if ch.isalpha())[:10] or "UBND"
    parts = [p for w in words for p in re.split(r"[-&]", w) if p]
    return "".join(p[0].upper() for p in parts if p[0].isalpha())[:10] or "UBND"


_HEAD_TITLES = [  # (first words of the body's name, search key) → chức vụ of its head
    ("phong", "TRƯỞNG PHÒNG"), ("so", "GIÁM ĐỐC"), ("dai", "GIÁM ĐỐC"), ("ban", "TRƯỞNG BAN"),
    ("hoi", "CHỦ TỊCH"), ("lien doan", "CHỦ TỊCH"), ("uy ban mat tran", "CHỦ TỊCH"),
    ("doan thanh nien", "BÍ THƯ"), ("cong an", "TRƯỞNG CÔNG AN"),
]


def _default_signer(issuer: OrgUnit) -> tuple[str, str]:
    """(thẩm quyền, chức vụ) of the head of a body: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" for a
    people's committee, "TRƯỞNG PHÒNG" for a Phòng (the name of the Phòng is not repeated)."""
    key = search_key(issuer.name)
    if key.startswith("uy ban nhan dan"):
        return DEFAULT_AUTHORITY, DEFAULT_TITLE
    for prefix, title in _HEAD_TITLES:
        if key.startswith(prefix + " ") or key == prefix:
            return "", title
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def _issuer_in_text(issuer: OrgUnit) -> str:
    """The body as its own text names it: its full name ("Ủy ban nhân dân phường Ba Đình",
    "Phòng Nội vụ"), never its level title alone ("Ủy ban nhân dân phường" names no ward)."""
    return issuer.name


# --- Kế hoạch -------------------------------------------------------------------------------

def plan_document_build(plan, *, signer: SignerOptions | None = None) -> OfficialDocument:
    """The plan as the issuer would print it: header, legal basis, I. purpose, sections with
    their tasks (lead and coordinating units where the heading does not already name them),
    the reporting regime, Nơi nhận and the signature block. In Vietnamese whatever the
    active language."""
    with translation.override("vi"):
        return _plan_document(plan, signer=signer)


def _plan_document(plan, *, signer: SignerOptions | None) -> OfficialDocument:
    data = adapters.plan_outline(plan)
    issuer: OrgUnit = plan.issuer
    body: list = []
    basis = list(data.legal_basis)
    title = plan.title.strip()
    own = _issuer_in_text(issuer)
    if plan.preamble:
        # The opening paragraphs exactly as issued.
        body.extend(Paragraph(text) for text in plan.preamble)
    else:
        intro = ""
        if basis:
            intro = "Thực hiện " + "; ".join(b.rstrip(" .;") for b in basis) + ". "
        lowered = title[0].lower() + title[1:] if title else ""
        intro += f"{own} ban hành kế hoạch {lowered}, cụ thể như sau:"
        body.append(Paragraph(intro))

    sections = list(data.sections)
    if data.purpose:
        body.append(Heading("I.", "Mục đích, yêu cầu", 1))
        for i, text in enumerate(data.purpose, start=1):
            body.append(Paragraph(f"{i}. {text}"))
        sections = [s for s in sections if not (s.label == "I" and not _has_tasks(s))]
    for node in sections:
        _section_blocks(body, node, depth=1)
    closing = _closing_as_issued(plan.source_text)
    if closing:
        body.append(Paragraph(closing))
    elif data.deadlines:
        body.append(Paragraph(_deadline_sentence(own, data.deadlines)))
    # As issued: the seed plan prints the signer's name only, so no title is made up.
    chosen = signer or SignerOptions(
        authority=plan.signer_authority or "",
        title=plan.signer_title or "",
        name=plan.signer_name,
    )
    number = plan.number.split("/", 1)[0].strip() if plan.number else ""
    symbol = plan.number.split("-", 1)[1] if plan.number and "-" in plan.number else issuer_symbol(issuer)
    return OfficialDocument(
        issuer=issuer.name,
        parent_issuer=plan.parent_issuer,
        type_code=plan.doc_type or "KH",
        type_name=plan.type_name or "Kế hoạch",
        number=number,
        issuer_code=symbol,
        place=plan.place or _place_of(issuer),
        date=plan.date,
        title=title,
        body=body,
        recipients=list(data.recipients),
        signer=Signer(chosen.authority, chosen.title, chosen.name),
    )


def _has_tasks(node) -> bool:
    return bool(node.tasks) or any(_has_tasks(c) for c in node.children)


def _printed_label(label: str, depth: int) -> str:
    last = label.rsplit(".", 1)[-1]
    if depth == 1:
        return f"{last}."
    if depth == 2:
        return f"{last}."
    return f"{last})"


def _section_blocks(body: list, node, depth: int) -> None:
    title = (node.title or "").strip()
    label = _printed_label(node.label, depth)
    tasks = node.tasks
    truncated = title.endswith("…") or title.endswith("...")
    if truncated and len(tasks) == 1 and not node.children:
        # The heading is the start of the only paragraph ("6. Các Phòng: Y tế, …"): print
        # the whole text once after the number, as the original does.
        body.append(Paragraph(f"{label} {tasks[0].text}", bold=False))
        return
    if title or depth == 1:
        body.append(Heading(label, title, min(depth, 3)))
    # The text as issued: no "Chủ trì: …" notes the plan does not print.
    if len(tasks) == 1 and not node.children and depth >= 2:
        body.append(Paragraph(tasks[0].text))
    else:
        for task in tasks:
            body.append(Bullet(task.text))
    for child in node.children:
        _section_blocks(body, child, depth + 1)


def _closing_as_issued(source_text: str) -> str:
    """The plan's closing paragraph exactly as issued: the last paragraph before "Nơi nhận"
    that ends the text ("…theo quy định./."), without the markup of the stored text and with
    the same typing fixes the parser applied to the rest of the plan ("Mật trận" → "Mặt trận")."""
    from binhdang.documents.parsing.normalize import clean_text

    head = re.split(r"\n\s*Nơi nhận\s*:", source_text or "", maxsplit=1)[0]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", head) if p.strip()]
    if paragraphs and paragraphs[-1].endswith("./."):
        return re.sub(r"\s+", " ", clean_text(paragraphs[-1].replace("**", ""))).strip()
    return ""


def _deadline_sentence(own: str, deadlines) -> str:
    receivers = sorted({d.to for d in deadlines if d.to})
    parts = []
    for d in deadlines:
        when = d.text or f"gửi trước ngày {d.date:%d/%m/%Y}"
        parts.append(f"{d.what} {when}".strip())
    to = receivers[0] if len(receivers) == 1 else ", ".join(receivers)
    return (
        f"{own} yêu cầu các cơ quan, đơn vị, Ủy ban nhân dân các xã, phường nghiêm túc triển khai "
        f"thực hiện Kế hoạch; thực hiện chế độ thông tin, báo cáo gửi về {to or 'cơ quan thường trực'} "
        f"để tổng hợp đảm bảo đúng quy định: " + "; ".join(parts) + "./."
    )


def _place_of(unit: OrgUnit) -> str:
    """The địa danh of the document: the name of the administrative unit the body belongs to
    ("Bỉm Sơn" for the town's committee and for each of its Phòng)."""
    chain = [unit]
    if not unit.level_title and unit.depth > 1:
        chain = list(reversed(OrgUnit.objects.get_ancestors(unit)))
    place_unit = next((u for u in chain if u.level_title), unit)
    name = place_unit.short_name or place_unit.name
    if search_key(name).startswith("uy ban nhan dan "):
        name = name[len("Ủy ban nhân dân "):]
    for prefix in ("thị xã ", "thành phố ", "huyện ", "tỉnh ", "phường ", "xã ", "thị trấn "):
        if name.lower().startswith(prefix):
            return name[len(prefix):]
    return name


# --- Báo cáo ------------------------------------------------------------------------------
# Built in report_document.py (the synthesis of the reports, or a unit's own report).



def report_document_build(unit: OrgUnit, period_key: str, **options: Any) -> OfficialDocument:
    """The unit's Báo cáo for a period: see `report_document.report_document_build`."""
    from .report_document import report_document_build as build

    return build(unit, period_key, **options)

__all__ = ["SignerOptions", "plan_document_build", "report_document_build", "sum_columns"]
