"""The XLSX entry template for one unit and period, and reading it back.

Layout (sheet "Số liệu"): B2 unit code, B3 period key, header on row 5, one indicator per
row from row 6. D/E = female/male (a ratio's numerator, an average's value), F = total as
a formula (never typed), G/H = female/male denominator or weight, I/J = value and
denominator for indicators not split by sex. Hidden L/M/N carry the versions the file was
made from, so an upload cannot silently overwrite a newer edit.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from binhdang.core.uploads import refuse_zip_bomb
from binhdang.orgunits.models import OrgUnit

from .models import Indicator
from .selectors import GridRow, IndicatorTable
from .validation import CellError, Entry, parse_number

SHEET = "Số liệu"
FIRST_ROW = 6
HEADERS = ["Mã", "Chỉ tiêu", "Đơn vị tính", "Nữ", "Nam", "Tổng (tự tính)", "Mẫu số / quy mô: nữ",
           "Mẫu số / quy mô: nam", "Giá trị (không phân tổ)", "Mẫu số / quy mô (không phân tổ)", "Hướng dẫn",
           "v_F", "v_M", "v_T"]
GREY = PatternFill("solid", fgColor="DDDDDD")
MAX_BYTES = 5 * 1024 * 1024


def _hint(indicator: Indicator) -> str:
    if indicator.kind == Indicator.Kind.RATIO:
        return _("Tử số: %(n)s; mẫu số: %(d)s") % {
            "n": indicator.numerator_label or _("tử số"), "d": indicator.denominator_label or _("mẫu số")}
    if indicator.kind == Indicator.Kind.AVERAGE:
        return _("Giá trị bình quân và quy mô (%(d)s)") % {"d": indicator.denominator_label or _("số người")}
    return _("Số nguyên, không âm")


def first_sheet(workbook: Workbook) -> Worksheet:
    """The worksheet a new workbook starts with (openpyxl types `active` as optional)."""
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("a new workbook starts with one worksheet")
    return sheet


def build_template(*, unit: OrgUnit, period: str, rows: list[GridRow]) -> bytes:
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = SHEET
    ws["A1"] = _("Biểu nhập số liệu chỉ tiêu bình đẳng giới")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"], ws["B2"], ws["C2"] = _("Mã đơn vị"), unit.code, unit.name
    ws["A3"], ws["B3"] = _("Kỳ"), period
    ws["A4"] = _("Chỉ nhập vào ô trắng. Cột Tổng tự tính từ Nữ + Nam; không sửa mã đơn vị, mã kỳ và cột Mã.")
    for col, title in enumerate(HEADERS, start=1):
        cell = ws.cell(row=5, column=col, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    r = FIRST_ROW
    for row in rows:
        indicator = row.indicator
        if indicator.is_derived:
            continue
        ws.cell(r, 1, indicator.code)
        ws.cell(r, 2, indicator.name).alignment = Alignment(wrap_text=True)
        ws.cell(r, 3, indicator.unit)
        needs_den = indicator.kind != Indicator.Kind.COUNT
        if indicator.by_sex:
            f, m = row.cells["F"], row.cells["M"]
            ws.cell(r, 4, f.value)
            ws.cell(r, 5, m.value)
            if indicator.kind == Indicator.Kind.COUNT:
                ws.cell(r, 6, f'=IF(COUNT(D{r}:E{r})=0,"",SUM(D{r}:E{r}))')
            if needs_den:
                ws.cell(r, 7, f.den)
                ws.cell(r, 8, m.den)
            ws.cell(r, 12, f.version)
            ws.cell(r, 13, m.version)
            grey = [9, 10] + ([] if needs_den else [7, 8]) + ([6] if indicator.kind != Indicator.Kind.COUNT else [])
        else:
            t = row.cells["T"]
            ws.cell(r, 9, t.value)
            if needs_den:
                ws.cell(r, 10, t.den)
            ws.cell(r, 14, t.version)
            grey = [4, 5, 6, 7, 8] + ([] if needs_den else [10])
        for col in grey:
            ws.cell(r, col).fill = GREY
        ws.cell(r, 11, _hint(indicator))
        r += 1
    for letter, width in zip("ABCDEFGHIJK", (14, 60, 14, 10, 10, 12, 14, 14, 14, 16, 36), strict=True):
        ws.column_dimensions[letter].width = width
    for letter in "LMN":
        ws.column_dimensions[letter].hidden = True
    ws.freeze_panes = "D6"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class Upload:
    entries: list[Entry]
    errors: list[CellError]


def _version(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def parse_upload(*, data: bytes, unit: OrgUnit, period: str) -> Upload:
    """Entries and every per-cell problem found while reading (numbers, codes, unit, period).

    Validation of the values themselves (female ≤ total, numerator ≤ denominator…) happens
    in the service, which reports the same cell references.
    """
    errors: list[CellError] = []
    if len(data) > MAX_BYTES:
        return Upload([], [CellError("", "", _("Tệp quá lớn (tối đa 5 MB)."))])
    try:
        refuse_zip_bomb(data, error=ValueError)
    except ValueError as refused:
        return Upload([], [CellError("", "", str(refused))])
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError):
        return Upload([], [CellError("", "", _("Không đọc được tệp. Hãy dùng biểu mẫu .xlsx tải từ hệ thống."))])
    if SHEET not in wb.sheetnames:
        return Upload([], [CellError("", "", _("Không thấy trang tính “%(s)s”.") % {"s": SHEET})])
    ws = wb[SHEET]
    if str(ws["B2"].value or "").strip() != unit.code:
        errors.append(CellError("", "B2", _("Biểu mẫu của đơn vị khác (%(code)s).") % {"code": ws["B2"].value}))
    if str(ws["B3"].value or "").strip() != period:
        errors.append(CellError("", "B3", _("Biểu mẫu của kỳ khác (%(p)s).") % {"p": ws["B3"].value}))
    if errors:
        return Upload([], errors)
    indicators = {i.code: i for i in Indicator.objects.exclude(group=Indicator.Group.SYNTHETIC)}
    entries: list[Entry] = []
    seen: set[str] = set()
    for r in range(FIRST_ROW, ws.max_row + 1):
        code = str(ws.cell(r, 1).value or "").strip()
        if not code:
            continue
        indicator = indicators.get(code)
        if indicator is None:
            errors.append(CellError(code, f"A{r}", _("Mã chỉ tiêu không tồn tại.")))
            continue
        if code in seen:
            errors.append(CellError(code, f"A{r}", _("Chỉ tiêu bị lặp lại.")))
            continue
        seen.add(code)
        if indicator.is_derived:
            continue

        def number(col: str, code=code, r=r):
            raw = ws[f"{col}{r}"].value
            if isinstance(raw, str) and raw.startswith("="):
                return None
            try:
                return parse_number(raw)
            except ValueError:
                errors.append(CellError(code, f"{col}{r}", _("“%(v)s” không phải là số.") % {"v": raw}))
                return None

        if indicator.by_sex:
            total_raw = ws[f"F{r}"].value
            total = None if isinstance(total_raw, str) and total_raw.startswith("=") else number("F")
            entries.append(Entry(indicator.pk, "F", number("D"), number("G"), _version(ws[f"L{r}"].value),
                                 f"D{r}", f"G{r}", total, f"F{r}"))
            entries.append(Entry(indicator.pk, "M", number("E"), number("H"), _version(ws[f"M{r}"].value),
                                 f"E{r}", f"H{r}", total, f"F{r}"))
        else:
            entries.append(Entry(indicator.pk, "T", number("I"), number("J"), _version(ws[f"N{r}"].value),
                                 f"I{r}", f"J{r}"))
    return Upload(entries, errors)


AS_IS_SHEET = "Theo đơn vị hiện nay"
AS_IS_HEADERS = ["Mã", "Chỉ tiêu", "Đơn vị tính", "Nữ", "Nam", "Tổng", "Ghi chú"]


def build_as_is(*, table: IndicatorTable, show_empty: bool = False) -> bytes:
    """A read-only workbook of a unit's "as is" table (selectors.unit_table_as_is): the same
    figures as the page, where they come from, which are estimates and with which weights."""
    from binhdang.orgunits.lineage import official_name

    from .asis import source_parts, weight_text

    unit, period = table.unit, table.period
    source = table.sources.get(unit.pk)
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = AS_IS_SHEET
    ws["A1"] = _("Số liệu chỉ tiêu theo đơn vị hiện nay")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"], ws["B2"], ws["C2"] = _("Mã đơn vị"), unit.code, unit.name
    ws["A3"], ws["B3"], ws["C3"] = _("Kỳ"), period.key, str(period.label)
    parts = source_parts(source.contributors) if source else []
    ws["A4"] = _("Số liệu của kỳ được trình bày theo đơn vị hiện nay, cộng từ số liệu của các đơn vị có trong "
                 "kỳ đó: %(parts)s.") % {"parts": "; ".join(parts) or _("không có đơn vị nào")}
    estimate = bool(source and source.estimate)
    if estimate and source is not None:
        weights = "; ".join(f"{official_name(u)} × {weight_text(w)}" for u, w in source.contributors if float(w) != 1)
        ws["A5"] = _("Ước tính: có đơn vị bị chia tách, số liệu được phân bổ theo tỷ trọng chưa xác nhận "
                     "(%(weights)s).") % {"weights": weights}
    if source is not None and source.missing:
        ws["A6"] = _("Chưa có số liệu của:") + " " + ", ".join(official_name(u) for u in source.missing) + "."
    header = 8
    for col, title in enumerate(AS_IS_HEADERS, start=1):
        cell = ws.cell(row=header, column=col, value=_(title))
        cell.font = Font(bold=True)
    r = header + 1
    for indicator, figure, _children in table.rows():
        if figure.is_empty and not show_empty:
            continue
        ws.cell(r, 1, indicator.code)
        ws.cell(r, 2, indicator.name).alignment = Alignment(wrap_text=True)
        ws.cell(r, 3, indicator.unit)
        if indicator.by_sex:
            ws.cell(r, 4, figure.female)
            ws.cell(r, 5, figure.male)
        ws.cell(r, 6, figure.total)
        if estimate and not figure.is_empty:
            ws.cell(r, 7, _("ước tính"))
        r += 1
    for letter, width in zip("ABCDEFG", (14, 60, 14, 12, 12, 12, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"D{header + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
