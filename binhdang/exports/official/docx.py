"""OfficialDocument → DOCX (python-docx): A4, NĐ 30 margins, Times New Roman, editable.

The header and the signature area are borderless two-column tables, the way Word templates
of state offices lay them out; page numbers are a PAGE field in the header, hidden on page 1.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from binhdang.exports.tables import TableData

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
    viet_upper,
)

FONT = "Times New Roman"
PAGE_W, PAGE_H = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
HEADER_LEFT_W, HEADER_RIGHT_W = 68, TEXT_W - 68
BODY_PT = 14
INDENT = Mm(10)

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _setup(document)
    _metadata(document, doc)
    _header_block(document, doc)
    _title_block(document, doc)
    for block in doc.body:
        _block(document, block)
    _footer_block(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- page, styles, page numbers -----------------------------------------------------------

def _set_font(style_or_run, size: float | None = None) -> None:
    font = style_or_run.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = document.styles["Normal"]
    _set_font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Table Grid",):
        if name in [s.name for s in document.styles]:
            _set_font(document.styles[name], 12)
    core = document.core_properties
    core.language = "vi-VN"
    # NĐ 30: numbers from page 2, centred in the top margin; page 1 has an empty header.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)
    section.first_page_header.paragraphs[0].text = ""


def _metadata(document, doc: OfficialDocument) -> None:
    """Core properties name the issuing body and the document number (not "python-docx")."""
    core = document.core_properties
    number = doc.number_line.removeprefix("Số:").strip()
    core.author = doc.issuer
    core.last_modified_by = doc.issuer
    core.title = f"{doc.type_name} {number}: {doc.title}"
    core.subject = doc.title
    core.identifier = number
    core.keywords = f"{number}; {doc.issuer}; {doc.type_name}"
    core.category = doc.type_name
    core.comments = f"{doc.type_name} số {number} của {doc.issuer}"
    if doc.date is not None:
        import datetime
        from zoneinfo import ZoneInfo

        # python-docx writes UTC: 08:00 in Việt Nam on the issue date
        issued = datetime.datetime.combine(doc.date, datetime.time(8, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        core.created = core.modified = issued.astimezone(datetime.UTC).replace(tzinfo=None)
    core.revision = 1


def _page_field(paragraph) -> None:
    def run_with(child):
        run = paragraph.add_run()
        _set_font(run, 14)
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    placeholder = paragraph.add_run("2")
    _set_font(placeholder, 14)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# --- helpers ------------------------------------------------------------------------------

def _para(container, text: str = "", *, size: float = BODY_PT, bold=False, italic=False,
          align="left", indent=None, before: float = 0, after: float = 0):
    paragraph = container.add_paragraph()
    paragraph.alignment = _ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        run = paragraph.add_run(text)
        _set_font(run, size)
        run.bold, run.italic = bold, italic
    return paragraph


def _short_rule(paragraph, width_mm: float, cell_width_mm: float) -> None:
    """A solid line of `width_mm` centred in the cell: the paragraph's bottom border, indented."""
    side = max(0.0, (cell_width_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)
    paragraph.paragraph_format.space_after = Pt(2)
    # The line is the paragraph's border: keep the paragraph itself tiny.
    run = paragraph.add_run("")
    _set_font(run, 2)
    mark = ppr.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        ppr.append(mark)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)


def _layout_table(table, widths_mm: list[float], borders: bool) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    if not borders:
        tbl_borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "nil")
            tbl_borders.append(element)
        tbl_pr.append(tbl_borders)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(width * 56.7)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _clear(cell) -> None:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)


# --- blocks -------------------------------------------------------------------------------

def _header_block(document, doc: OfficialDocument) -> None:
    table = document.add_table(rows=1, cols=2)
    _layout_table(table, [HEADER_LEFT_W, HEADER_RIGHT_W], borders=False)
    left, right = table.rows[0].cells
    _clear(left)
    _clear(right)
    if doc.parent_issuer:
        _para(left, viet_upper(doc.parent_issuer), size=13, align="center")
    for line in doc.issuer_lines:
        _para(left, line, size=13, bold=True, align="center")
    _short_rule(_para(left, align="center"), 25, HEADER_LEFT_W)
    _para(left, doc.number_line, size=13, align="center", before=4)

    _para(right, QUOC_HIEU, size=12.5, bold=True, align="center")
    _para(right, TIEU_NGU, size=13.5, bold=True, align="center")
    _short_rule(_para(right, align="center"), 58, HEADER_RIGHT_W)
    _para(right, doc.place_date_line, size=14, italic=True, align="center", before=6)


def _title_block(document, doc: OfficialDocument) -> None:
    _para(document, viet_upper(doc.type_name), size=14, bold=True, align="center", before=18)
    for line in doc.title_lines:
        _para(document, line, size=14, bold=True, align="center")
    _short_rule(_para(document, align="center"), 40, TEXT_W)
    _para(document, "", size=8)


def _block(document, block) -> None:
    if isinstance(block, Heading):
        text = f"{block.label} {block.text}".strip() if block.label else block.text
        if block.level == 1:
            text = f"{block.label} {viet_upper(block.text)}".strip()
        paragraph = _para(document, text, bold=block.level <= 2, italic=block.level >= 3,
                          align="justify", indent=INDENT, before=6, after=6)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
    elif isinstance(block, Paragraph):
        _para(document, block.text, bold=block.bold, italic=block.italic, align=block.align,
              indent=INDENT if block.indent else None, after=6)
    elif isinstance(block, Bullet):
        paragraph = _para(document, f"- {block.text}", align="justify", indent=INDENT, after=6)
        if block.note:
            run = paragraph.add_run(f" ({block.note})")
            _set_font(run, BODY_PT)
            run.italic = True
    elif isinstance(block, Table):
        _table(document, block.data)
    elif isinstance(block, Image):
        if block.title:
            _para(document, block.title, size=13, bold=True, align="center", before=6, after=4)
        paragraph = _para(document, align="center", before=6)
        paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(min(block.width_mm, TEXT_W)))
        if block.caption:
            _para(document, block.caption, size=12, italic=True, align="center", after=6)


def _column_widths(data: TableData) -> list[float]:
    fixed = sum(c.width_mm or 0 for c in data.columns)
    flexible = [c for c in data.columns if not c.width_mm]
    share = max(20.0, (TEXT_W - fixed) / len(flexible)) if flexible else 0
    widths = [c.width_mm or share for c in data.columns]
    scale = min(1.0, TEXT_W / sum(widths))
    return [w * scale for w in widths]


def _table(document, data: TableData) -> None:
    if data.title:  # never alone at the foot of a page: it stays with the table's first rows
        title = _para(document, data.title, size=13, bold=True, align="center", before=6, after=4)
        title.paragraph_format.keep_with_next = True
        title.paragraph_format.keep_together = True
    header_count = len(data.group_headers) + 1
    extra = 1 if data.totals is not None else 0
    table = document.add_table(rows=header_count + len(data.rows) + extra, cols=len(data.columns))
    table.style = document.styles["Table Grid"]
    _layout_table(table, _column_widths(data), borders=True)

    def fill(cell, value, *, bold=False, italic=False, align="left", size=12):
        cell.paragraphs[0].alignment = _ALIGN[align]
        text = format_number(value) if not isinstance(value, str) else value
        run = cell.paragraphs[0].add_run(text)
        _set_font(run, size)
        run.bold, run.italic = bold, italic

    for r, group in enumerate(data.group_headers):
        c = 0
        for text, span in group:
            cell = table.cell(r, c)
            if span > 1:
                cell = cell.merge(table.cell(r, c + span - 1))
            fill(cell, text, bold=True, align="center")
            c += span
    for c, column in enumerate(data.columns):
        fill(table.cell(header_count - 1, c), column.title, bold=True, align="center")
    for row_index in range(header_count):
        _repeat_header(table.rows[row_index])
    for r, row in enumerate(data.rows, start=header_count):
        for c, column in enumerate(data.columns):
            align = column.align or ("right" if column.numeric else "left")
            fill(table.cell(r, c), row[c] if c < len(row) else "", align=align)
    if data.totals is not None:
        r = header_count + len(data.rows)
        for c, column in enumerate(data.columns):
            align = column.align or ("right" if column.numeric else "left")
            value = data.totals[c] if c < len(data.totals) else ""
            fill(table.cell(r, c), value, bold=True, align="center" if isinstance(value, str) else align)
    if data.caption:
        _para(document, data.caption, size=12, italic=True, align="left", after=4)
    _para(document, "", size=6)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _footer_block(document, doc: OfficialDocument) -> None:
    # The signature never stands alone on a page: the closing paragraph stays with it.
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    _para(document, "", size=8).paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    _layout_table(table, [TEXT_W * 0.5, TEXT_W * 0.5], borders=False)
    left, right = table.rows[0].cells
    _clear(left)
    _clear(right)
    if doc.recipients:
        _para(left, "Nơi nhận:", size=12, bold=True, italic=True)
        for i, recipient in enumerate(doc.recipients):
            end = "." if i == len(doc.recipients) - 1 else ";"
            _para(left, f"- {recipient.rstrip(';.')}{end}", size=11)
    signer = doc.signer
    if signer.authority:
        _para(right, viet_upper(signer.authority), size=14, bold=True, align="center")
    if signer.title:
        _para(right, viet_upper(signer.title), size=14, bold=True, align="center")
    for _ in range(4):
        _para(right, "", size=14)
    paragraph = _para(right, signer.name, size=14, bold=True, align="center")
    paragraph.paragraph_format.keep_together = True
    # Keep the signature block on one page with the end of the text.
    table.rows[0]._tr.get_or_add_trPr().append(_cant_split())


def _cant_split():
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    return element

