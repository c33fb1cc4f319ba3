"""A unit's own Báo cáo (a ward's, a Phòng's), rendered from its own submission: its texts
under the four parts, its figures by sex, its tasks."""

from __future__ import annotations

from typing import Any

from binhdang.orgunits.models import OrgUnit

from .documents import _issuer_in_text
from .official.model import Block, Heading, Paragraph, Table
from .report_document import _TASK_STATUS, PART_TITLES, _short
from .tables import Column, TableData, sex_table


def own_body(unit: OrgUnit, submission: Any, phrase: str, parent: OrgUnit | None) -> tuple[list[Block], Any]:
    from binhdang.reporting.synthesis import (
        DIRECTION_KEYS,
        LIMIT_KEYS,
        PROPOSAL_KEYS,
        RESULT_KEYS,
        submission_figures,
    )

    own = _issuer_in_text(unit)
    body: list[Block] = []
    if submission is None:
        body.append(Paragraph(f"{own} chưa lập báo cáo {phrase}."))
        return body, None
    receiver = submission.obligation.receiver
    plan = submission.obligation.plan
    body.append(Paragraph(
        f"Thực hiện Kế hoạch số {plan.number} ngày {plan.date:%d/%m/%Y} của {plan.issuer.name}, {own} báo cáo "
        f"kết quả thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ {phrase} như sau:"
        if plan.number and plan.date else
        f"{own} báo cáo kết quả thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ {phrase} như sau:"
    ))
    titles = {sec["key"]: sec["title"] for sec in submission.sections}

    def texts(keys: tuple[str, ...], numbered: bool) -> int:
        n = 0
        for key in keys:
            text = str(submission.content.get(key) or "").strip()
            if not text:
                continue
            n += 1
            if numbered:
                body.append(Heading(f"{n}.", titles.get(key, key), 2))
            body.extend(Paragraph(line.strip()) for line in text.splitlines() if line.strip())
        return n

    body.append(Heading("I.", PART_TITLES[0], 1))
    texts(RESULT_KEYS, numbered=True)
    figures = submission_figures(submission)
    if figures:
        body.append(Table(sex_table(label_title="Chỉ tiêu", rows=[(f.name, f.female, f.male) for f in figures],
                                    with_totals=False,
                                    title=f"Bảng 1. Số liệu phân tách theo giới tính của {own} {phrase}")))
    for section in submission.sections:
        if section["kind"] == "task_table" and submission.content.get(section["key"]):
            from binhdang.plans.models import Task

            texts_of = dict(Task.objects.filter(plan_id=submission.obligation.plan_id).values_list("code", "text"))
            rows = [[i, f"{r['code']}. {_short(texts_of[r['code']], 110)}" if r.get("code") in texts_of else r["code"],
                     _TASK_STATUS.get(r.get("status", ""), r.get("status", "")), r.get("progress", 0)]
                    for i, r in enumerate(submission.content[section["key"]], start=1)]
            columns = [Column("STT", 12, align="center"), Column("Nhiệm vụ"), Column("Tình trạng", 40),
                       Column("Tiến độ (%)", 25, numeric=True)]
            body.append(Table(TableData(columns=columns, rows=rows, title="Bảng 2. Nhiệm vụ được giao")))
    for label, keys in (("II.", LIMIT_KEYS), ("III.", DIRECTION_KEYS), ("IV.", PROPOSAL_KEYS)):
        title = {"II.": PART_TITLES[1], "III.": PART_TITLES[2], "IV.": PART_TITLES[3]}[label]
        body.append(Heading(label, title, 1))
        if not texts(keys, numbered=False):
            body.append(Paragraph("Không có."))
    return body, receiver
