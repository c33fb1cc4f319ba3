"""The Báo cáo of a unit for a period, as an OfficialDocument (NĐ 30/2020).

A unit that receives reports (the town through its Phòng LĐ-TB&XH, the province) gets the
synthesis of them (`binhdang.reporting.synthesis`): I. Kết quả thực hiện (scope totals
first, then each unit's own contribution once), II. Hạn chế, tồn tại và nguyên nhân, III.
Phương hướng, nhiệm vụ, IV. Kiến nghị, đề xuất to the level above, with tables by sex whose
totals are the text's. A unit that only reports (a ward, a Phòng) gets its own report,
from its own submission. Always in Vietnamese.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import translation

from binhdang.core.numbers import format_percent
from binhdang.core.text import search_key
from binhdang.orgunits.lineage import unit_require_valid
from binhdang.orgunits.models import OrgUnit

from . import adapters
from .documents import SignerOptions, _default_signer, _issuer_in_text, _place_of, issuer_symbol
from .official import charts
from .official.model import (
    Block,
    Bullet,
    Heading,
    Image,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)
from .report_sending import sending_chart, sending_groups, sending_sentence
from .tables import Column, TableData, sex_table

_ROMAN = ["I", "II", "III", "IV", "V", "VI"]
PART_TITLES = ("Kết quả thực hiện", "Hạn chế, tồn tại và nguyên nhân", "Phương hướng, nhiệm vụ",
               "Kiến nghị, đề xuất")
_TASK_STATUS = {
    "not_started": "Chưa bắt đầu", "in_progress": "Đang thực hiện", "done": "Hoàn thành",
    "cancelled": "Hủy bỏ", "overdue": "Quá hạn",
}
_STATE = {"accepted": "đã tiếp nhận", "submitted": "chờ tiếp nhận", "returned": "bị trả lại",
          "draft": "đang soạn, chưa gửi", "missing": "chưa gửi"}


def report_document_build(
    unit: OrgUnit,
    period_key: str,
    *,
    number: str = "",
    date: datetime.date | None = None,
    signer: SignerOptions | None = None,
    recipients: list[str] | None = None,
    today: datetime.date | None = None,
    include_pending: bool = False,
    edits: dict[str, str] | None = None,
    view: str = "as_was",
) -> OfficialDocument:
    """The unit's report for a period. `edits` replaces a part's generated text with what the
    coordinator wrote on the consolidation page ({"I": …, "II": …, "III": …, "IV": …}).

    `view="as_is"` states the period's figures on today's units as well (exports.as_is): a
    unit of today asked for a period before it existed (phường Bỉm Sơn, 2017-H1) gets a report
    of its figures rebuilt from its predecessors; any other unit gets its usual report with
    a part "V." on the units of today its area lies in.

    Raises DomainError for a bad period key (its message in the active language).
    """
    period = adapters.report_period(period_key)
    as_is = view == "as_is"
    if as_is and unit.valid_to is None and not unit.is_valid_on(period.start):
        with translation.override("vi"):
            return _as_is_document(unit, period, number=number, date=date, signer=signer, recipients=recipients)
    unit_require_valid(unit, on=period.start, what=translation.gettext("báo cáo"))
    if edits is None:  # the coordinator's saved draft, so the page and the command print the same
        from binhdang.reporting.models import ConsolidatedReport

        draft = ConsolidatedReport.objects.filter(org_unit=unit, period=period.key).first()
        edits = dict(draft.edits) if draft is not None else {}
    with translation.override("vi"):
        document = _build(unit, period_key, number=number, date=date, signer=signer, recipients=recipients,
                          today=today, include_pending=include_pending, edits=edits)
        if as_is:
            _append_as_is(document, unit, period)
        return document


def _append_as_is(document: OfficialDocument, unit: OrgUnit, period: Any) -> None:
    """Part V: the period's figures on today's units, before the closing sentence."""
    from .as_is import as_is_blocks, as_is_figures

    figures = as_is_figures(unit, period.key)
    tables = sum(1 for block in document.body if isinstance(block, Table))
    blocks = as_is_blocks(figures, adapters.period_phrase(period), label="V.", first_table=tables + 1)
    closing = next((i for i, block in enumerate(document.body)
                    if isinstance(block, Paragraph) and block.text.startswith("Trên đây là báo cáo")),
                   len(document.body))
    document.body[closing:closing] = blocks


def _as_is_document(unit: OrgUnit, period: Any, *, number: str, date: datetime.date | None,
                    signer: SignerOptions | None, recipients: list[str] | None) -> OfficialDocument:
    """The report of a unit of today for a period before it existed: its figures rebuilt
    from the units of the time that went into it, estimates and weights stated."""
    from .as_is import as_is_blocks, as_is_figures

    phrase = adapters.period_phrase(period)
    figures = as_is_figures(unit, period.key)
    own = _issuer_in_text(unit)
    body: list[Block] = [Paragraph(
        f"{own} tổng hợp số liệu về bình đẳng giới, vì sự tiến bộ của phụ nữ {phrase} trên địa bàn theo đơn vị "
        f"hành chính hiện nay (đơn vị được thành lập từ {unit.valid_from:%d/%m/%Y}) như sau:"
        if unit.valid_from else
        f"{own} tổng hợp số liệu về bình đẳng giới, vì sự tiến bộ của phụ nữ {phrase} theo đơn vị hành chính "
        f"hiện nay như sau:")]
    body.extend(as_is_blocks(figures, phrase, label="I."))
    body.append(Paragraph(f"Trên đây là báo cáo số liệu về bình đẳng giới, vì sự tiến bộ của phụ nữ {phrase} "
                          f"theo đơn vị hành chính hiện nay của {own}./."))
    parent = _parent(unit)
    authority, title = _default_signer(unit)
    chosen = signer or SignerOptions(authority, title, "")
    default_to = [f"{parent.name} (để báo cáo)"] if parent is not None else []
    return OfficialDocument(
        issuer=unit.name, parent_issuer="", type_code="BC", type_name="Báo cáo", number=number,
        issuer_code=issuer_symbol(unit), place=_place_of(unit), date=date, year=period.year,
        title=f"Số liệu về bình đẳng giới, vì sự tiến bộ của phụ nữ {phrase}\ntheo đơn vị hành chính hiện nay",
        body=body, recipients=recipients if recipients is not None else [*default_to, "Lưu: VT"],
        signer=Signer(chosen.authority, chosen.title, chosen.name),
    )


def next_period_phrase(period: Any) -> str:
    if period.half == 1:
        return f"6 tháng cuối năm {period.year}"
    return f"năm {period.year + 1}"


def _n(value: Any) -> str:
    from .official.model import format_number

    return format_number(value)


def _parent(unit: OrgUnit) -> OrgUnit | None:
    ancestors = list(OrgUnit.objects.get_ancestors(unit)) if unit.depth > 1 else []
    return ancestors[-1] if ancestors else None


def _units(names: list[str]) -> str:
    return ", ".join(names)


def _count(point: Any, verb: str) -> str:
    n = len(point.units)
    mark = " (*)" if point.pending else ""
    return f"{point.text} ({n} đơn vị {verb}){mark}." if n > 1 else f"{point.text} ({point.units[0]}){mark}."


_SUBHEADING = re.compile(r"^(\d+)\.\s+(.{1,100})$")


def _edited(body: list[Block], edits: dict[str, str], part: str) -> bool:
    text = (edits.get(part) or "").strip()
    if not text:
        return False
    for line in [line.strip() for line in text.splitlines() if line.strip()]:
        heading = _SUBHEADING.match(line)
        if line.startswith("-"):
            body.append(Bullet(line[1:].strip()))
        elif heading and not line.endswith("."):
            body.append(Heading(f"{heading[1]}.", heading[2], 2))
        else:
            body.append(Paragraph(line))
    return True


def part_texts(doc: OfficialDocument) -> dict[str, str]:
    """The text of parts I–IV of a built report, as the coordinator edits it: one line per
    paragraph, "- " for an item, "1. Title" for a sub-heading; part I stops at its tables."""
    parts: dict[str, list[str]] = {}
    current = ""
    closed = False
    for block in doc.body:
        if isinstance(block, Heading) and block.level == 1:
            current, closed = block.label.rstrip("."), False
            parts[current] = []
            continue
        if not current or closed:
            continue
        if isinstance(block, Table) or (isinstance(block, Heading) and current == "I"
                                         and block.text.startswith(("Tiến độ", "Tình hình"))):
            closed = current == "I"
            continue
        if isinstance(block, Heading):
            parts[current].append(f"{block.label} {block.text}")
        elif isinstance(block, Bullet):
            parts[current].append(f"- {block.text}")
        elif isinstance(block, Paragraph) and not block.text.startswith("Trên đây là báo cáo"):
            parts[current].append(block.text)
    return {k: "\n".join(v) for k, v in parts.items() if k in ("I", "II", "III", "IV")}


def report_source_require(unit: OrgUnit, period_key: str, *, as_is_hint: str = "") -> None:
    """Refuse to make a file of a report with nothing in it: a unit that receives no reports
    for the period and has no report of its own (a province before its towns have issued
    theirs). Raises DomainError "nothing_to_report"; for a unit that did not exist yet in
    the period (phường Bỉm Sơn, 2017-H1) "unit_not_yet", naming the units of the time and
    how to ask for the view on today's units (`as_is_hint`: the command's "--view as-is",
    by default the page's "Theo đơn vị hiện nay")."""
    from binhdang.core.errors import DomainError
    from binhdang.orgunits.lineage import official_name, predecessors_on
    from binhdang.reporting.synthesis import own_submission, scope_rows

    period = adapters.report_period(period_key)
    if scope_rows(unit, period.key) or own_submission(unit, period.key) is not None:
        return
    if period.start is not None and unit.valid_from is not None and period.start < unit.valid_from:
        names = ", ".join(dict.fromkeys(official_name(u) for u in predecessors_on(unit, period.start)))
        params = {"unit": official_name(unit), "period": adapters.period_phrase(period),
                  "start": f"{unit.valid_from:%d/%m/%Y}", "units": names,
                  "how": as_is_hint or translation.gettext("chọn cách xem “Theo đơn vị hiện nay”")}
        if names:
            text = translation.gettext(
                "%(unit)s chưa có trong %(period)s: đơn vị được thành lập từ ngày %(start)s; khi đó địa bàn "
                "thuộc %(units)s. Để lập báo cáo số liệu kỳ này theo đơn vị hiện nay, %(how)s.") % params
        else:
            text = translation.gettext(
                "%(unit)s chưa có trong %(period)s: đơn vị được thành lập từ ngày %(start)s. Để lập báo cáo "
                "số liệu kỳ này theo đơn vị hiện nay, %(how)s.") % params
        raise DomainError(text, code="unit_not_yet")
    raise DomainError(
        translation.gettext("Chưa có gì để lập báo cáo %(period)s của %(unit)s: chưa có báo cáo nào gửi đến "
                            "đơn vị trong kỳ này và đơn vị chưa lập báo cáo của mình.")
        % {"period": adapters.period_phrase(period), "unit": unit.name},
        code="nothing_to_report")


def _build(unit: OrgUnit, period_key: str, *, number: str, date: datetime.date | None,
           signer: SignerOptions | None, recipients: list[str] | None, today: datetime.date | None,
           include_pending: bool, edits: dict[str, str]) -> OfficialDocument:
    from binhdang.reporting.synthesis import own_submission, scope_rows, synthesis_build

    period = adapters.report_period(period_key)
    phrase = adapters.period_phrase(period)
    parent = _parent(unit)
    if scope_rows(unit, period.key):
        s = synthesis_build(unit, period.key, include_pending=include_pending)
        body = _synthesis_body(unit, s, phrase, parent, today=today, edits=edits)
        default_to = [f"{parent.name} (để báo cáo)"] if parent else []
        default_to += ["Thường trực Thị ủy, Thường trực HĐND thị xã (để báo cáo)" if unit.level_title == "thị xã"
                       else "Thường trực cấp ủy, HĐND (để báo cáo)",
                       "Các cơ quan, đơn vị; UBND các xã, phường", "Lưu: VT"]
    else:
        submission = own_submission(unit, period.key)
        from .report_own import own_body

        body, receiver = own_body(unit, submission, phrase, parent)
        default_to = []
        if parent is not None and search_key(parent.name).startswith("uy ban nhan dan"):
            default_to.append(f"{parent.name} (để báo cáo)")
        if receiver is not None and (parent is None or receiver.pk != parent.pk):
            default_to.append(f"{receiver.name} (để tổng hợp)")
        default_to.append("Lưu: VT")
    own = _issuer_in_text(unit)
    body.append(Paragraph(f"Trên đây là báo cáo kết quả thực hiện công tác bình đẳng giới, vì sự tiến bộ của "
                          f"phụ nữ {phrase} của {own}./."))
    authority, title = _default_signer(unit)
    chosen = signer or SignerOptions(authority, title, "")
    parent_issuer = ""
    if parent is not None and not search_key(unit.name).startswith("uy ban nhan dan"):
        parent_issuer = parent.name  # cơ quan chủ quản above a Phòng (not bold)
    return OfficialDocument(
        issuer=unit.name, parent_issuer=parent_issuer, type_code="BC", type_name="Báo cáo", number=number,
        issuer_code=issuer_symbol(unit), place=_place_of(unit), date=date, year=period.year,
        title=f"Kết quả thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ\n{phrase}",
        body=body, recipients=recipients if recipients is not None else default_to,
        signer=Signer(chosen.authority, chosen.title, chosen.name),
    )


# --- the synthesis -------------------------------------------------------------------------


def scope_sentence(s: Any, phrase: str) -> str:
    """"Trong 6 tháng đầu năm 2017, toàn thị xã đã tập huấn … cho N người, trong đó nữ …"."""
    from binhdang.reporting.synthesis import KEY_FIGURES

    parts = []
    for code, template in KEY_FIGURES.items():
        figure = s.figure(code)
        if figure is not None and figure.total:
            parts.append(template.format(total=_n(figure.total), female=_n(figure.female or 0),
                                         share=figure.share or "0%"))
    if not parts:
        return f"Trong {phrase}, {s.scope} chưa có số liệu hoạt động được tiếp nhận."
    return f"Trong {phrase}, {s.scope} đã " + "; ".join(parts) + "."


def _synthesis_body(unit: OrgUnit, s: Any, phrase: str, parent: OrgUnit | None, *,
                    today: datetime.date | None, edits: dict[str, str]) -> list[Block]:
    own = _issuer_in_text(unit)
    counted = s.counted
    body: list[Block] = []
    data = adapters.report_data(unit, s.period.key, today=today)
    plans, tasks = data.plans, data.tasks
    basis = ""
    if plans:
        first = plans[0]
        basis = (f"Thực hiện Kế hoạch số {first.number} ngày {first.date:%d/%m/%Y} của {first.issuer} về "
                 f"{first.title[:1].lower()}{first.title[1:]}; ")
    body.append(Paragraph(
        f"{basis}trên cơ sở báo cáo của {len(counted)}/{len(s.states)} cơ quan, đơn vị, Ủy ban nhân dân các xã, "
        f"phường đã được tiếp nhận, {own} báo cáo kết quả thực hiện công tác bình đẳng giới, vì sự tiến bộ "
        f"của phụ nữ {phrase} như sau:"
    ))
    body.append(Heading("I.", PART_TITLES[0], 1))
    if not _edited(body, edits, "I"):
        body.append(Heading("1.", "Kết quả chung", 2))
        body.append(Paragraph(scope_sentence(s, phrase)))
        for point in s.results:
            body.append(Bullet(_count(point, "cùng báo cáo")))
        if s.notes:
            body.append(Heading("2.", "Kết quả nổi bật của các đơn vị", 2))
            for note in s.notes:
                mark = " (*)" if note.pending else ""
                body.append(Bullet(f"{note.unit}: " + "; ".join(x.rstrip(".") for x in note.sentences) + f".{mark}"))
    figure_numbers = iter(range(1, 10))
    if s.figures:
        rows = [(f.name, f.female, f.male) for f in s.figures]
        body.append(Table(sex_table(
            label_title="Chỉ tiêu", rows=rows,
            units=[f.unit for f in s.figures], with_totals=False,
            title=f"Bảng 1. Số liệu phân tách theo giới tính của {s.scope} {phrase}",
            caption=f"Nguồn: số liệu của {len(counted)} đơn vị có báo cáo được tiếp nhận và sổ hoạt động.",
        )))
        chart = _key_figures_chart(s, rows, phrase, next(figure_numbers))
        if chart is not None:
            body.append(chart)
    if s.by_unit:
        total = s.figure("DP-TH-NGUOI")
        rows = [(name, f.female, f.male) for name, f in s.by_unit]
        table = sex_table(label_title="Đơn vị", rows=rows,
                          title=f"Bảng 2. Số người được tập huấn về bình đẳng giới theo đơn vị {phrase}")
        if table.totals is not None and total is not None:
            table.totals[1] = f"Tổng cộng {s.scope}"
        body.append(Table(table))
    if tasks:
        body.append(Heading("3." if s.notes else "2.", "Tiến độ thực hiện nhiệm vụ của kế hoạch", 2))
        done = sum(1 for t in tasks if t.status == "done")
        overdue = sum(1 for t in tasks if t.status == "overdue")
        body.append(Paragraph(
            f"Kế hoạch có {len(tasks)} nhiệm vụ: {done} đã hoàn thành, {overdue} quá hạn, "
            f"{len(tasks) - done - overdue} đang triển khai hoặc chưa đến hạn (Bảng 3)."
        ))
        by_status: dict[str, list[str]] = {}
        for t in tasks:
            by_status.setdefault(_TASK_STATUS.get(t.status, t.status), []).append(t.code)
        for label, codes in by_status.items():
            body.append(Bullet(f"{label} ({len(codes)} nhiệm vụ): " + ", ".join(codes) + "."))
        # One row per task: its lead units, then each lead unit's own state (plans.progress);
        # when the leads differ, the units in each state are named with it.
        columns = [Column("STT", 12, align="center"), Column("Nhiệm vụ"),
                   Column("Đơn vị chủ trì", 45), Column("Tình trạng, tiến độ", 40)]
        task_rows = [[i, f"{t.code}. {_short(t.text, 110)}", leads, state]
                     for i, (t, leads, state) in enumerate(_lead_states(unit, s.period, tasks), start=1)]
        body.append(Table(TableData(columns=columns, rows=task_rows,
                                    title="Bảng 3. Tiến độ thực hiện nhiệm vụ của từng đơn vị chủ trì")))
    body.append(Heading(f"{4 if s.notes and tasks else 3}.", "Tình hình gửi báo cáo của các đơn vị", 2))
    body.append(Paragraph(sending_sentence(s)))
    groups = sending_groups(s)
    for label, group in groups:
        if group:
            body.append(Bullet(f"{label} ({len(group)}): " + _units([u.unit for u in group]) + "."))
    if s.states:
        body.append(sending_chart(s, groups, phrase, next(figure_numbers)))

    body.append(Heading("II.", PART_TITLES[1], 1))
    if not _edited(body, edits, "II"):
        body.append(Heading("1.", "Hạn chế, tồn tại", 2))
        for point in s.limitations:
            body.append(Bullet(_count(point, "nêu")))
        # Units whose deadline has not passed yet are not behind (the report may be written
        # before the deadline, e.g. on the demo's 10/06/2017).
        lagging = len(s.late) + len(s.in_state("returned")) + len(s.unsent_overdue)
        if lagging:
            parts = [text for count, text in (
                (len(s.late), f"{len(s.late)} đơn vị gửi muộn"),
                (len(s.in_state("returned")), f"{len(s.in_state('returned'))} báo cáo bị trả lại"),
                (len(s.unsent_overdue), f"{len(s.unsent_overdue)} đơn vị chưa gửi báo cáo")) if count]
            body.append(Bullet("Chế độ báo cáo chưa nghiêm: " + ", ".join(parts) + "."))
        if not s.limitations and not lagging:
            body.append(Paragraph("Các đơn vị chưa nêu hạn chế, tồn tại."))
        body.append(Heading("2.", "Nguyên nhân", 2))
        for point in s.causes:
            body.append(Bullet(_count(point, "nêu")))
        if not s.causes:
            body.append(Paragraph("Các đơn vị chưa phân tích nguyên nhân của hạn chế."))

    body.append(Heading("III.", f"{PART_TITLES[2]} {next_period_phrase(s.period)}", 1))
    if not _edited(body, edits, "III"):
        remaining = sum(1 for t in tasks if t.status not in ("done", "cancelled"))
        if plans and remaining:
            body.append(Bullet(f"Tiếp tục triển khai {remaining} nhiệm vụ chưa hoàn thành của Kế hoạch số "
                               f"{plans[0].number}."))
        for point in s.directions:
            body.append(Bullet(_count(point, "đề ra")))
        if s.in_state("missing", "draft", "returned"):
            body.append(Bullet("Đôn đốc các đơn vị chưa gửi hoặc bị trả lại báo cáo hoàn thành, gửi lại trong kỳ."))

    above = parent.name if parent is not None else "cấp trên"
    body.append(Heading("IV.", PART_TITLES[3], 1))
    if not _edited(body, edits, "IV"):
        body.append(Paragraph(f"{own} kiến nghị {above}:"))
        for point in s.proposals:
            text = re.sub(r"^(đề nghị|kiến nghị)\s+(ubnd |ủy ban nhân dân )?(thị xã|tỉnh|huyện|thành phố)?\s*",
                          "", point.text, flags=re.I)
            point_text = text[:1].upper() + text[1:] if text else point.text
            body.append(Bullet(_count(type(point)(point_text, point.units, point.submissions, point.pending),
                                      "đề xuất")))
        if not s.proposals:
            body.append(Paragraph("Các đơn vị chưa có kiến nghị, đề xuất."))
    if any(getattr(p, "pending", False) for p in [*s.results, *s.limitations, *s.directions, *s.proposals, *s.notes]):
        body.append(Paragraph("(*) Nội dung từ báo cáo đã gửi nhưng chưa được tiếp nhận.", italic=True))
    return body


def _key_figures_chart(s: Any, rows: list[tuple[str, Any, Any]], phrase: str, number: int) -> Image | None:
    """"Biểu đồ N": Bảng 1's rows in the unit most of them share (people), as grouped bars by
    sex; the very (name, female, male) tuples the table prints. None under two such rows."""
    units = [f.unit for f in s.figures]
    main = max(set(units), key=lambda u: (units.count(u), u == "người")) if units else ""
    picked = [row for row, u in zip(rows, units, strict=True) if u == main]
    if len(picked) < 2:
        return None
    png = charts.bar_chart([r[0] for r in picked],
                           [("Nữ", [r[1] for r in picked], charts.FEMALE), ("Nam", [r[2] for r in picked], charts.MALE)],
                           unit=f"Đơn vị tính: {main}")
    left = len(rows) - len(picked)
    note = f"; {left} chỉ tiêu tính bằng đơn vị khác xem Bảng 1" if left else ""
    return Image(png=png, width_mm=160,
                 title=f"Biểu đồ {number}. Các chỉ tiêu chủ yếu phân theo giới tính của {s.scope} {phrase}",
                 caption=f"Nguồn: Bảng 1 ({len(picked)} chỉ tiêu tính bằng {main}{note}).")


def _lead_states(unit: OrgUnit, period: Any, tasks: list[Any]) -> list[tuple[Any, str, str]]:
    """(task, "Phòng A, Phòng B", "Đang thực hiện (30%)") for each task: each lead unit's own
    state from its own progress updates up to the end of the period. When the lead units are
    in different states, each state names its units: "Đang thực hiện (30%): Phòng A; …"."""
    from binhdang.plans.models import Task
    from binhdang.plans.progress import task_assignee_states

    stored = {t.code: t for t in Task.objects.filter(plan__issuer=unit, plan__year=period.year)
              .exclude(plan__number="").prefetch_related("assignments")}
    out = []
    for t in tasks:
        task = stored.get(t.code)
        states = task_assignee_states(task, until=period.end) if task is not None else []
        if not states:
            # No lead unit of its own: the task's own state, as the bullets above count it.
            own = f"{_TASK_STATUS.get(t.status, t.status)} ({format_percent(t.progress, 0, lang='vi')})" if t.status else "—"
            out.append((t, "Kế hoạch không giao đơn vị chủ trì", own))
            continue
        groups: dict[str, list[str]] = {}
        for state in states:
            label = f"{_TASK_STATUS.get(state.status, state.status)} ({format_percent(state.percent, 0, lang='vi')})"
            groups.setdefault(label, []).append(state.unit.short_name or state.unit.name)
        leads = ", ".join(state.unit.short_name or state.unit.name for state in states)
        if len(groups) == 1:
            out.append((t, leads, next(iter(groups))))
        else:
            out.append((t, leads, "; ".join(f"{label}: {', '.join(names)}" for label, names in groups.items())))
    return out


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
