"""A report's figures "as is": a period before the 2025 reform stated on the units of today.

The report document (`report_document_build(..., view="as_is")`), the consolidation page and
`binhdang export report --view as-is` print the same blocks: a sentence saying the figures
are shown on today's units, one table per unit of today (Nữ / Nam / Tổng, estimates marked),
and where each figure comes from, with the shares of split communes. The figures are one
`indicators.selectors.cut(view=AS_IS)` call (docs/decisions/0311). Always in Vietnamese
(built under the document's translation.override("vi")).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from binhdang.indicators.asis import as_is_targets, source_parts, weight_text
from binhdang.indicators.selectors import Figure, View, cut, indicator_list
from binhdang.orgunits.lineage import official_name
from binhdang.orgunits.models import OrgUnit

from .official.model import Block, Bullet, Heading, Paragraph, Table
from .tables import Column, TableData

VIEWS = ("as_was", "as_is")


def view_parse(raw: str | None) -> str:
    """"as-is" / "as_is" → "as_is"; anything else (or nothing) → "as_was"."""
    return "as_is" if (raw or "").strip().lower().replace("-", "_") == "as_is" else "as_was"


@dataclass
class AsIsFigures:
    """The figures of a period on the units of today that `unit`'s area now lies in."""

    unit: OrgUnit
    period_key: str
    targets: list[OrgUnit]
    # per target: [(indicator, figure)] with data
    rows: dict[int, list[tuple[Any, Figure]]] = field(default_factory=dict)
    sources: dict[int, Any] = field(default_factory=dict)

    @property
    def estimate(self) -> bool:
        return any(s.estimate for s in self.sources.values())


def as_is_figures(unit: OrgUnit, period_key: str) -> AsIsFigures:
    """One cut: every indicator of the period on each unit of today (see as_is_targets)."""
    from binhdang.core.periods import period_parse

    period = period_parse(period_key)
    start, end = period.data_window()
    targets = as_is_targets(unit, start=start, end=end)
    indicators = indicator_list()
    result = cut(units=targets, periods=[period.key], indicators=indicators, view=View.AS_IS)
    out = AsIsFigures(unit=unit, period_key=period.key, targets=targets)
    for target in targets:
        out.sources[target.pk] = result.sources.get((target.pk, period.key))
        out.rows[target.pk] = [(i, f) for i in indicators
                               if not (f := result.figure(target, period.key, i)).is_empty]
    return out


def _table(figures: AsIsFigures, target: OrgUnit, number: int, phrase: str) -> TableData:
    source = figures.sources.get(target.pk)
    estimate = bool(source and source.estimate)
    columns = [Column("STT", 12, align="center"), Column("Chỉ tiêu"), Column("Đơn vị tính", 25, align="center"),
               Column("Nữ", 22, numeric=True), Column("Nam", 22, numeric=True), Column("Tổng", 22, numeric=True)]
    rows = []
    for i, (indicator, figure) in enumerate(figures.rows[target.pk], start=1):
        rows.append([i, indicator.name + (" (ước tính)" if estimate else ""), indicator.unit,
                     figure.female if indicator.by_sex else None, figure.male if indicator.by_sex else None,
                     figure.total])
    title = f"Bảng {number}. Số liệu {phrase} theo đơn vị hiện nay: {official_name(target)}"
    caption = "Nguồn: " + "; ".join(source_parts(source.contributors if source else ())) + "."
    return TableData(columns=columns, rows=rows, title=title, caption=caption)


def statement(figures: AsIsFigures, phrase: str) -> str:
    names = ", ".join(official_name(t) for t in figures.targets) or "không có đơn vị nào"
    text = (f"Số liệu {phrase} được trình bày theo đơn vị hành chính hiện nay ({names}): số liệu của mỗi đơn vị "
            f"hiện nay là tổng số liệu của các đơn vị có trong kỳ đó đã hợp thành đơn vị này")
    if figures.estimate:
        text += ("; với đơn vị bị chia tách, số liệu được phân bổ theo tỷ trọng chưa xác nhận và chỉ là "
                 "ước tính")
    return text + "."


def source_bullets(figures: AsIsFigures, *, captioned: frozenset[int] = frozenset()) -> list[str]:
    """Where each unit of today's figures come from, its weights and the units without data.
    For a unit in `captioned` (its table's "Nguồn: …" already lists the units it adds up)
    the list is not said twice: only the weights and the missing units, if any."""
    out = []
    for target in figures.targets:
        source = figures.sources.get(target.pk)
        if source is None:
            continue
        parts = [] if target.pk in captioned else ["cộng từ " + "; ".join(source_parts(source.contributors))]
        weights = [f"{official_name(u)} × {weight_text(w)}" for u, w in source.contributors if float(w) != 1]
        if weights:
            parts.append("ước tính theo tỷ trọng: " + "; ".join(weights))
        if source.missing:
            parts.append("chưa có số liệu của: " + ", ".join(official_name(u) for u in source.missing))
        if parts:
            out.append(f"{official_name(target)}: " + ". ".join(p[:1].upper() + p[1:] if i else p
                                                             for i, p in enumerate(parts)) + ".")
    return out


def as_is_blocks(figures: AsIsFigures, phrase: str, *, label: str, first_table: int = 1) -> list[Block]:
    """Part `label` of a report: the statement, the tables, the sources and weights."""
    body: list[Block] = [Heading(label, f"Số liệu {phrase} theo đơn vị hành chính hiện nay", 1)]
    if not figures.targets:
        body.append(Paragraph(f"{official_name(figures.unit)} không thuộc đơn vị hành chính nào hiện nay; số liệu "
                              f"{phrase} chỉ trình bày theo đơn vị thời đó."))
        return body
    body.append(Paragraph(statement(figures, phrase)))
    number = first_table
    captioned = set()
    for target in figures.targets:
        if figures.rows[target.pk]:
            body.append(Table(_table(figures, target, number, phrase)))
            captioned.add(target.pk)
            number += 1
        else:
            body.append(Paragraph(f"{official_name(target)}: chưa có số liệu {phrase} của các đơn vị hợp thành."))
    body.extend(Bullet(line) for line in source_bullets(figures, captioned=frozenset(captioned)))
    return body


def as_is_page(unit: OrgUnit, period_key: str) -> dict[str, Any]:
    """What the consolidation page shows "as is": the statement, each unit of today with its
    rows (indicator, figure), sources and estimate marks — the document's own figures."""
    from .adapters import period_phrase, report_period

    figures = as_is_figures(unit, period_key)
    phrase = period_phrase(report_period(period_key))
    units = []
    for target in figures.targets:
        source = figures.sources.get(target.pk)
        units.append({"unit": target, "name": official_name(target), "rows": figures.rows[target.pk],
                      "estimate": bool(source and source.estimate),
                      "parts": source_parts(source.contributors) if source else [],
                      "missing": [official_name(u) for u in source.missing] if source else []})
    return {"statement": statement(figures, phrase), "units": units, "notes": source_bullets(figures)}
