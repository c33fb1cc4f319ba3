"""Selectors that turn stored data into OfficialDocuments: a unit's plan (Kế hoạch) and a
unit's consolidated report (Báo cáo). They read through `adapters` and never render.

Official documents are always Vietnamese: both builders run under
`translation.override("vi")`, so the shared labels they borrow from the UI (the Nữ / Nam /
Tổng columns, the period phrase) do not follow the reader's language."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import translation

from binhdang.core.text import search_key
from binhdang.orgunits.lineage import unit_require_valid
from binhdang.orgunits.models import OrgUnit

from . import adapters
from .official.charts import bar_chart_by_sex
from .official.model import Bullet, Heading, Image, OfficialDocument, Paragraph, Signer, Table
from .tables import Column, TableData, sex_table, sum_columns

DEFAULT_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_TITLE = "CHỦ TỊCH"
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass
class SignerOptions:
    authority: str = DEFAULT_AUTHORITY
    title: str = DEFAULT_TITLE
    name: str = ""


def issuer_symbol(unit: OrgUnit) -> str:
    """The issuing body's part of the symbol: "UBND" for a people's committee, else initials."""
    key = search_key(unit.name)
    if key.startswith("uy ban nhan dan"):
        return "UBND"
    words = [w for w in re.split(r"[\s\-]+", unit.short_name or unit.name) if w]
    return "".join(w[0].upper() for w in words if w[0].isalpha())[:8] or "UBND"


def _default_signer(issuer: OrgUnit) -> tuple[str, str]:
    if search_key(issuer.name).startswith("uy ban nhan dan"):
        return DEFAULT_AUTHORITY, DEFAULT_TITLE
    return "", "TRƯỞNG " + (issuer.short_name or issuer.name).upper()


def _issuer_in_text(issuer: OrgUnit) -> str:
    """"Ủy ban nhân dân thị xã" as the body refers to itself."""
    if issuer.level_title and search_key(issuer.name).startswith("uy ban nhan dan"):
        return f"Ủy ban nhân dân {issuer.level_title}"
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
    if data.deadlines:
        body.append(Paragraph(_deadline_sentence(own, data.deadlines)))
    authority, title_default = _default_signer(issuer)
    chosen = signer or SignerOptions(
        authority=plan.signer_authority or authority,
        title=plan.signer_title or title_default,
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
    if len(tasks) == 1 and not node.children and depth >= 2:
        task = tasks[0]
        body.append(Paragraph(task.text + _note_suffix(task, title)))
    else:
        for task in tasks:
            body.append(Bullet(task.text, note=_assignment_note(task, title)))
    for child in node.children:
        _section_blocks(body, child, depth + 1)


def _assignment_note(task, heading: str) -> str:
    """"Chủ trì: …; phối hợp: …" unless the heading already names the lead unit."""
    heading_key = f" {search_key(heading)} "
    leads = [n for n, keys in task.lead if not any(f" {k} " in heading_key for k in keys if k)]
    parts = []
    if leads and len(leads) == len(task.lead):
        parts.append("Chủ trì: " + ", ".join(leads))
    if task.coordinating and parts:
        parts.append("phối hợp: " + ", ".join(task.coordinating))
    return "; ".join(parts)


def _note_suffix(task, heading: str) -> str:
    note = _assignment_note(task, heading)
    return f" ({note})" if note else ""


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
    name = unit.short_name or unit.name
    for prefix in ("thị xã ", "thành phố ", "huyện ", "tỉnh ", "phường ", "xã ", "thị trấn "):
        if name.lower().startswith(prefix):
            return name[len(prefix):]
    return name


# --- Báo cáo ------------------------------------------------------------------------------

_TASK_STATUS = {
    "not_started": "Chưa bắt đầu", "in_progress": "Đang thực hiện", "done": "Hoàn thành",
    "cancelled": "Hủy bỏ", "overdue": "Quá hạn",
}


def report_document_build(
    unit: OrgUnit,
    period_key: str,
    *,
    number: str = "",
    date: datetime.date | None = None,
    signer: SignerOptions | None = None,
    recipients: list[str] | None = None,
    today: datetime.date | None = None,
) -> OfficialDocument:
    """The unit's consolidated report for a period (Báo cáo, BC), in Vietnamese whatever the
    active language.

    Raises DomainError for a bad period key (its message in the active language).
    """
    unit_require_valid(unit, on=adapters.report_period(period_key).start, what=translation.gettext("báo cáo"))
    with translation.override("vi"):
        return _report_document(unit, period_key, number=number, date=date, signer=signer,
                                recipients=recipients, today=today)


def _report_document(
    unit: OrgUnit,
    period_key: str,
    *,
    number: str,
    date: datetime.date | None,
    signer: SignerOptions | None,
    recipients: list[str] | None,
    today: datetime.date | None,
) -> OfficialDocument:
    data = adapters.report_data(unit, period_key, today=today)
    body: list = []
    own = _issuer_in_text(unit)
    basis = ""
    if data.plans:
        first = data.plans[0]
        basis = f"Thực hiện Kế hoạch số {first.number} ngày {first.date:%d/%m/%Y} của {first.issuer}"
        basis += " về " + first.title[0].lower() + first.title[1:] if first.title else ""
        basis += "; "
    body.append(Paragraph(
        f"{basis}trên cơ sở báo cáo của các cơ quan, đơn vị, Ủy ban nhân dân các xã, phường, "
        f"{own} báo cáo kết quả thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ "
        f"{data.period_phrase} như sau:"
    ))
    part = 0

    def next_part(title: str) -> None:
        nonlocal part
        body.append(Heading(f"{_ROMAN[part]}.", title, 1))
        part += 1

    next_part("Kết quả thực hiện")
    for i, section in enumerate(data.narrative, start=1):
        body.append(Heading(f"{i}.", section.title, 2))
        if not section.contributions:
            body.append(Paragraph("Chưa có đơn vị nào báo cáo nội dung này.", italic=True))
        for contribution in section.contributions:
            text = contribution.text.strip()
            paragraphs = [p.strip() for p in text.splitlines() if p.strip()] or [""]
            body.append(Bullet(f"{contribution.unit}: {paragraphs[0]}"))
            body.extend(Paragraph(p) for p in paragraphs[1:])

    if data.indicators:
        next_part("Số liệu chỉ tiêu theo giới tính")
        table = sex_table(
            label_title="Chỉ tiêu",
            rows=[(r.name, r.female, r.male) for r in data.indicators],
            units=[r.unit for r in data.indicators] if any(r.unit for r in data.indicators) else None,
            title=f"Bảng 1. Số liệu chỉ tiêu theo giới tính {data.period_phrase}",
            caption=f"Nguồn: tổng hợp số liệu của {data.units_reported} đơn vị" if data.units_reported else "",
        )
        body.append(Table(table))
        charted = [r for r in data.indicators if r.female is not None or r.male is not None][:6]
        if charted:
            png = bar_chart_by_sex(
                [r.name for r in charted], [r.female for r in charted], [r.male for r in charted],
            )
            body.append(Image(png, f"Biểu đồ 1. Một số chỉ tiêu theo giới tính {data.period_phrase}"))

    if data.tasks:
        next_part("Tiến độ thực hiện nhiệm vụ của kế hoạch")
        done = sum(1 for t in data.tasks if t.status == "done")
        overdue = sum(1 for t in data.tasks if t.status == "overdue")
        body.append(Paragraph(
            f"Tổng số {len(data.tasks)} nhiệm vụ: {done} đã hoàn thành, "
            f"{len(data.tasks) - done - overdue} đang triển khai hoặc chưa đến hạn, {overdue} quá hạn."
        ))
        columns = [Column("STT", 12, align="center"), Column("Nhiệm vụ"), Column("Chủ trì", 40),
                   Column("Tình trạng", 27, align="center"), Column("Tiến độ (%)", 20, numeric=True)]
        rows = [[i, f"{t.code}. {_short(t.text)}", t.lead, _TASK_STATUS.get(t.status, t.status), t.progress]
                for i, t in enumerate(data.tasks, start=1)]
        body.append(Table(TableData(columns=columns, rows=rows,
                                    title="Bảng 2. Tiến độ thực hiện nhiệm vụ")))

    next_part("Tình hình gửi báo cáo của các đơn vị")
    on_time = [c for c in data.completeness if c.state == "on_time"]
    late = [c for c in data.completeness if c.state == "late"]
    missing = [c for c in data.completeness if c.state == "missing"]
    body.append(Paragraph(
        f"Có {len(data.completeness)} đơn vị phải báo cáo: {len(on_time)} đơn vị gửi đúng hạn, "
        f"{len(late)} đơn vị gửi muộn, {len(missing)} đơn vị chưa gửi."
    ))
    for label, group in (("Đúng hạn", on_time), ("Gửi muộn", late), ("Chưa gửi", missing)):
        if group:
            body.append(Bullet(f"{label}: " + ", ".join(c.unit for c in group) + "."))
    columns = [Column("STT", 12, align="center"), Column("Đơn vị"), Column("Hạn gửi", 25, align="center"),
               Column("Ngày gửi", 25, align="center"), Column("Tình trạng", 28, align="center")]
    state_label = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Chưa gửi"}
    rows = [[i, c.unit, f"{c.due:%d/%m/%Y}" if c.due else "",
             f"{c.submitted:%d/%m/%Y}" if c.submitted else "", state_label[c.state]]
            for i, c in enumerate(data.completeness, start=1)]
    totals = ["", f"Tổng số: {len(rows)} đơn vị", "", "", f"{len(on_time) + len(late)}/{len(rows)} đã gửi"]
    body.append(Table(TableData(columns=columns, rows=rows, totals=totals,
                                title="Bảng 3. Tình hình gửi báo cáo")))

    next_part("Đánh giá chung và phương hướng")
    body.append(Paragraph(
        f"{own} tiếp tục chỉ đạo các cơ quan, đơn vị, Ủy ban nhân dân các xã, phường triển khai "
        "các nhiệm vụ còn lại của kế hoạch; đôn đốc các đơn vị chưa gửi báo cáo hoàn thành "
        "trong thời gian sớm nhất."
    ))
    body.append(Paragraph(f"Trên đây là báo cáo {data.period_phrase} của {own}./."))

    default_authority, default_title = _default_signer(unit)
    chosen = signer or SignerOptions(default_authority, default_title, "")
    return OfficialDocument(
        issuer=unit.name,
        parent_issuer=data.parent_issuer,
        type_code="BC",
        type_name="Báo cáo",
        number=number,
        issuer_code=issuer_symbol(unit),
        place=_place_of(unit),
        date=date,
        year=data.year,
        title=f"Kết quả thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ\n{data.period_phrase}",
        body=body,
        recipients=recipients if recipients is not None else data.default_recipients,
        signer=Signer(chosen.authority, chosen.title, chosen.name),
    )


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


__all__ = ["SignerOptions", "plan_document_build", "report_document_build", "sum_columns"]
