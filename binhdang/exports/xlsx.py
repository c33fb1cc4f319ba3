"""XLSX with openpyxl: formatted tables (`xlsx_response`) and streamed value exports.

Numbers are stored as numbers with the format "#,##0" (decimals "#,##0.##"). The format
string is locale-independent: Excel and LibreOffice show the viewer's own separators, so a
Vietnamese-locale machine shows 1.234.567 and an English one 1,234,567, and the cells stay
numeric for sums. A literal "#.##0" would instead be read as a decimal point format.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .tables import TableData
from .values import ValueRow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.##"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_FONT = "Times New Roman"


def _number_format(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return DECIMAL_FORMAT
    return INT_FORMAT


def _safe_sheet_title(title: str) -> str:
    for ch in '[]:*?/\\':
        title = title.replace(ch, " ")
    return (title.strip() or "Bang")[:31]


def _first_sheet(workbook: Workbook) -> Worksheet:
    """The worksheet a new workbook starts with (openpyxl types `active` as optional)."""
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("a new workbook starts with one worksheet")
    return sheet


def table_xlsx(table: TableData) -> bytes:
    """One formatted sheet: optional title, group headers, a frozen header row, body, totals."""
    workbook = Workbook()
    sheet = _first_sheet(workbook)
    sheet.title = _safe_sheet_title(table.sheet_name or table.title or _("Bảng"))
    columns = table.columns
    row = 1
    if table.title:
        sheet.cell(row=1, column=1, value=table.title).font = Font(name=_FONT, bold=True, size=13)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        row = 3
    header_font = Font(name=_FONT, bold=True, size=12)
    for group in table.group_headers:
        col = 1
        for text, span in group:
            cell = sheet.cell(row=row, column=col, value=text)
            if span > 1:
                sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
            for c in range(col, col + span):
                target = sheet.cell(row=row, column=c)
                target.border, target.fill = _BORDER, _HEADER_FILL
            cell.font = header_font
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            col += span
        row += 1
    for c, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=c, value=column.title)
        cell.font, cell.border, cell.fill = header_font, _BORDER, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = column.width_mm / 2.1 if column.width_mm else max(14, min(60, len(column.title) + 4))
        if not column.width_mm:
            longest = max((len(str(r[c - 1])) for r in table.rows[:200] if c - 1 < len(r)), default=0)
            width = max(width, min(70, longest * 0.9))
        sheet.column_dimensions[get_column_letter(c)].width = round(width, 1)
    sheet.freeze_panes = f"A{row + 1}"
    body_font = Font(name=_FONT, size=12)
    for values in table.rows:
        row += 1
        _write_row(sheet, row, columns, values, body_font)
    if table.totals is not None:
        row += 1
        _write_row(sheet, row, columns, table.totals, Font(name=_FONT, size=12, bold=True), fill=_TOTAL_FILL)
    if table.caption:
        sheet.cell(row=row + 2, column=1, value=table.caption).font = Font(name=_FONT, italic=True, size=11)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_row(sheet, row: int, columns, values, font, fill=None) -> None:
    for c, column in enumerate(columns, start=1):
        value = values[c - 1] if c - 1 < len(values) else None
        cell = sheet.cell(row=row, column=c, value=value if value != "" else None)
        cell.font, cell.border = font, _BORDER
        if fill is not None:
            cell.fill = fill
        number_format = _number_format(value)
        if number_format:
            cell.number_format = number_format
        horizontal = column.align or ("right" if column.numeric else "left")
        cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=not column.numeric)


def xlsx_response(table: TableData, filename: str) -> HttpResponse:
    """An HTTP download of `table` as a formatted XLSX (for any app's table page)."""
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(table_xlsx(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# --- values: streamed, one row per indicator × unit × period with Nữ / Nam / Tổng ------------

VALUE_HEADERS = ["Mã chỉ tiêu", "Chỉ tiêu", "Mã đơn vị", "Đơn vị", "Kỳ", "Nữ", "Nam", "Tổng",
                 "Mẫu số/trọng số Nữ", "Mẫu số/trọng số Nam", "Mẫu số/trọng số Tổng"]
_VALUE_WIDTHS = [14, 60, 18, 40, 10, 14, 14, 14, 14, 14, 14]


def _pivot(rows: Iterable[ValueRow]) -> Iterator[tuple[str, str, str, dict[str, ValueRow]]]:
    """Group consecutive rows of one indicator × unit × period (the selector orders them)."""
    current, cells = None, {}
    for row in rows:
        key = (row.indicator, row.org_unit, row.period)
        if key != current and current is not None:
            yield (*current, cells)
            cells = {}
        current = key
        cells[row.sex] = row
    if current is not None:
        yield (*current, cells)


def _value_records(rows: Iterable[ValueRow], names: dict[str, str],
                   units: dict[str, str]) -> Iterator[dict[str, Any]]:
    """One record per indicator × unit × period (Nữ, Nam, Tổng and the denominators). No
    "Tổng cộng" row: the rows are different indicators (people, cases, numerators of rates),
    and a sum across them means nothing. Integer values are written as integers."""
    h = VALUE_HEADERS
    for indicator, unit, period, cells in _pivot(rows):
        female, male, total = cells.get("F"), cells.get("M"), cells.get("T")
        value_total: float | None
        den_total: float | None
        if total is None and (female or male):
            value_total = (female.value if female else 0) + (male.value if male else 0)
            den_total = None
            if (female and female.den is not None) or (male and male.den is not None):
                den_total = (female.den or 0 if female else 0) + (male.den or 0 if male else 0)
        else:
            value_total = total.value if total else None
            den_total = total.den if total else None
        f_value = female.value if female else None
        m_value = male.value if male else None
        # an "as is" estimate says so beside the unit's name (with the split communes' weights)
        note = next((c.note for c in cells.values() if c.note), "")
        yield {
            h[0]: indicator, h[1]: names.get(indicator, ""), h[2]: unit,
            h[3]: units.get(unit, "") + (f" — {note}" if note else ""), h[4]: period,
            h[5]: f_value, h[6]: m_value, h[7]: value_total,
            h[8]: female.den if female else None, h[9]: male.den if male else None, h[10]: den_total,
        }


def write_values_xlsx(rows: Iterable[ValueRow], out: Any, *, names: dict[str, str], units: dict[str, str],
                      title: str = "Số liệu chỉ tiêu") -> int:
    """Stream values into XLSX with rustpy-xlsxwriter (Rust, constant memory: records are read
    from the generator as they are written). Times New Roman throughout, a frozen bold header
    with a fill, fixed widths; numbers stay numbers in the General format, so a decimal is
    never rounded away (the formatted tables of `table_xlsx` use #,##0)."""
    import rustpy_xlsxwriter as rx

    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for record in _value_records(rows, names, units):
            count += 1
            yield record

    body = rx.Format().set_font_name(_FONT)
    header = (rx.Format().set_bold().set_font_name(_FONT).set_background_color("#DDE4EE")
              .set_align("center").set_text_wrap())
    # To a file path, not the file object: given an object the writer assembles the whole
    # workbook in memory first; with a path its memory stays flat. Then copied in chunks.
    with tempfile.TemporaryDirectory(prefix="binhdang-xlsx-") as folder:
        path = os.path.join(folder, "values.xlsx")
        rx.write_worksheet(
            counted(), path, sheet_name=_safe_sheet_title(title), freeze_row=1,
            column_widths=[float(w) for w in _VALUE_WIDTHS], column_formats=[body] * len(VALUE_HEADERS),
            header_format=header,
        )
        with open(path, "rb") as written:
            shutil.copyfileobj(written, out, 1 << 20)
    return max(0, count - 1)


def values_xlsx_response(rows: Iterable[ValueRow], filename: str, **kwargs) -> FileResponse:
    """Write to a temporary file (bounded memory), then stream it."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_values_xlsx(rows, spool, **kwargs)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def read_values_xlsx(data: bytes) -> tuple[list[tuple[int, ValueRow]], list[str]]:
    """Rows of a values workbook (as written above, or a filled-in template).

    Returns ([(row number, ValueRow)], errors listed per cell, e.g. "Ô F7: …").
    """
    from binhdang.core.uploads import refuse_zip_bomb

    from .dhis2 import FileFormatError

    refuse_zip_bomb(data, error=FileFormatError)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-XLSX file
        raise FileFormatError(_("Tệp không phải XLSX hợp lệ: %(error)s") % {"error": exc}) from exc
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    header = next(rows_iter, None) or ()
    positions = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
    missing = [h for h in ("Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Nữ", "Nam", "Tổng") if h not in positions]
    if missing:
        # The column names are the file's own headers: they stay as written in the file.
        raise FileFormatError(_("Dòng tiêu đề thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
    result: list[tuple[int, ValueRow]] = []
    errors: list[str] = []
    den_cols = {s: positions.get(f"Mẫu số/trọng số {n}") for s, n in (("F", "Nữ"), ("M", "Nam"), ("T", "Tổng"))}
    for number, values in enumerate(rows_iter, start=2):
        def get(name, values=values):
            i = positions.get(name)
            return values[i] if i is not None and i < len(values) else None

        code, unit, period = get("Mã chỉ tiêu"), get("Mã đơn vị"), get("Kỳ")
        if code in (None, "") or str(code).strip() == "Tổng cộng":
            continue
        cells: dict[str, float | int | None] = {}
        row_errors: list[str] = []
        for sex, name in (("F", "Nữ"), ("M", "Nam"), ("T", "Tổng")):
            raw = get(name)
            letter = get_column_letter(positions[name] + 1)
            try:
                cells[sex] = _to_number(raw)
            except ValueError:
                row_errors.append(_("Ô %(cell)s: “%(value)s” không phải là số.") % {"cell": f"{letter}{number}", "value": raw})
        dens: dict[str, float | int | None] = {}
        for sex, i in den_cols.items():
            if i is None or i >= len(values):
                dens[sex] = None
                continue
            raw = values[i]
            try:
                dens[sex] = _to_number(raw)
            except ValueError:
                row_errors.append(_("Ô %(cell)s: “%(value)s” không phải là số.")
                                  % {"cell": f"{get_column_letter(i + 1)}{number}", "value": raw})
        if row_errors:
            errors += row_errors
            continue
        key = (str(code).strip(), str(unit or "").strip(), str(period or "").strip())
        female, male, total = cells["F"], cells["M"], cells["T"]
        if female is not None or male is not None:
            for sex, value in (("F", female), ("M", male)):
                if value is not None:
                    result.append((number, ValueRow(*key, sex, value, dens[sex])))
            if total is not None and abs(total - (female or 0) - (male or 0)) > 1e-9:
                letter = get_column_letter(positions["Tổng"] + 1)
                errors.append(_("Ô %(cell)s: Tổng %(total)s khác Nữ + Nam.")
                              % {"cell": f"{letter}{number}", "total": f"{cells['T']:g}"})
        elif total is not None:
            result.append((number, ValueRow(*key, "T", total, dens["T"])))
    workbook.close()
    return result, errors


def _to_number(raw) -> float | int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float):
        return raw
    from binhdang.indicators.validation import parse_number

    value = parse_number(raw)
    return int(value) if value is not None and value.is_integer() else value
