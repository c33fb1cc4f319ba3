"""OfficialDocument → PDF with WeasyPrint: the same layout as the DOCX, from an HTML template."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from binhdang.exports.tables import TableData

from .fonts import document_font, font_face_css
from .model import (
    QUOC_HIEU,
    TIEU_NGU,
    Bullet,
    Heading,
    Image,
    OfficialDocument,
    Paragraph,
    Table,
    format_number,
)


def render_html(doc: OfficialDocument) -> str:
    blocks = [_block_context(b) for b in doc.body]
    with translation.override("vi"):  # an official document: Vietnamese formats whatever the reader's language
        return render_to_string(
            "exports/official_document.html",
            {"doc": doc, "blocks": blocks, "quoc_hieu": QUOC_HIEU, "tieu_ngu": TIEU_NGU,
             "font_faces": font_face_css(), "font_family": document_font().family,
             "recipients": _recipient_lines(doc.recipients)},
        )


def render_pdf(doc: OfficialDocument) -> bytes:
    return render_pdf_layout(doc)[0]


@dataclass(frozen=True)
class Anchor:
    """Where an element landed: page index (0-based) and its box in PDF points, origin at the
    bottom left of the page (x1, y1, x2, y2), with the page's size."""

    page: int
    box: tuple[float, float, float, float]
    page_size: tuple[float, float]


def render_pdf_layout(doc: OfficialDocument) -> tuple[bytes, dict[str, Anchor]]:
    """The PDF, and where the signature block landed (`signature-space`): the signer's
    digital signature is drawn there."""
    from weasyprint import HTML  # imported lazily: loading Pango takes a moment

    document = HTML(string=render_html(doc), base_url=".").render()
    anchors: dict[str, Anchor] = {}
    for index, page in enumerate(document.pages):
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident and ident not in anchors:
                px = 0.75  # CSS px → PDF points
                x, y, w, h = box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height()
                anchors[ident] = Anchor(index, (x * px, (page.height - y - h) * px, (x + w) * px,
                                                (page.height - y) * px), (page.width * px, page.height * px))
    return document.write_pdf(), anchors


def _descendants(box: Any) -> Iterator[Any]:  # weasyprint's layout boxes (untyped)
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _recipient_lines(recipients: list[str]) -> list[str]:
    lines = []
    for i, recipient in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        lines.append(f"- {recipient.rstrip(';.')}{end}")
    return lines


def _block_context(block) -> dict:
    if isinstance(block, Heading):
        text = block.text.upper() if block.level == 1 else block.text
        return {"kind": "heading", "level": block.level, "label": block.label, "text": text}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "p": block}
    if isinstance(block, Bullet):
        return {"kind": "bullet", "text": block.text, "note": block.note}
    if isinstance(block, Table):
        return {"kind": "table", **_table_context(block.data)}
    if isinstance(block, Image):
        data = base64.b64encode(block.png).decode("ascii")
        return {"kind": "image", "src": f"data:image/png;base64,{data}", "caption": block.caption, "title": block.title,
                "width_mm": f"{block.width_mm:.1f}"}
    raise TypeError(f"unknown block {type(block).__name__}")


def _table_context(data: TableData) -> dict:
    from .docx import _column_widths  # one width rule for both formats

    widths = _column_widths(data)
    total = sum(widths)

    def cell(value, column, *, totals=False):
        align = column.align or ("right" if column.numeric else "left")
        if totals and isinstance(value, str):
            align = "center"
        text = value if isinstance(value, str) else format_number(value)
        return {"text": text, "align": align}

    return {
        "title": data.title,
        "caption": data.caption,
        "widths": [f"{100 * w / total:.2f}" for w in widths],  # strings: no locale commas
        "group_headers": data.group_headers,
        "columns": data.columns,
        "rows": [[cell(row[i] if i < len(row) else "", c) for i, c in enumerate(data.columns)]
                 for row in data.rows],
        "totals": None if data.totals is None else [
            cell(data.totals[i] if i < len(data.totals) else "", c, totals=True)
            for i, c in enumerate(data.columns)
        ],
    }
