"""Checks on typed values, shared by the entry grid and the XLSX upload; no database access.

Totals are derived from the disaggregations and never typed twice; a total that is typed
anyway (an overwritten XLSX formula) must agree with them.
"""

import math
import statistics
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Indicator


@dataclass
class Entry:
    """One typed cell pair: a count or average in `value` (a ratio's numerator), and the
    ratio's denominator or the average's weight in `den`. None = left empty."""

    indicator_id: int
    sex: str
    value: float | None = None
    den: float | None = None
    version: int | None = None
    # Where the entry came from, for messages: "F" / "M" / "T" or an XLSX cell like "D7".
    cell: str = ""
    den_cell: str = ""
    total_typed: float | None = None
    total_cell: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.den is None


@dataclass(frozen=True)
class CellError:
    indicator_code: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = f"{self.cell}: " if self.cell else ""
        what = f"{self.indicator_code} — " if self.indicator_code else ""
        return f"{where}{what}{self.message}"


def parse_number(raw) -> float | None:
    """A number as a Vietnamese user types it ("1.234", "12,5", " 7 "); None when blank.

    Raises ValueError for anything else.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueError(raw)
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")  # "1.234" is one thousand two hundred and thirty-four
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def is_proportion(indicator: Indicator) -> bool:
    return indicator.unit.strip() == "%"


def validate_entries(
    indicators: dict[int, Indicator], entries: list[Entry], *, complete: bool = False
) -> list[CellError]:
    """Every problem, one per cell, in Vietnamese. `complete` also checks required values."""
    errors: list[CellError] = []
    by_indicator: dict[int, list[Entry]] = {}
    for entry in entries:
        by_indicator.setdefault(entry.indicator_id, []).append(entry)
        indicator = indicators[entry.indicator_id]
        code = indicator.code

        def err(message, cell=None, code=code, entry=entry):
            errors.append(CellError(code, cell if cell is not None else entry.cell, message))

        if indicator.is_derived and not entry.is_empty:
            err(_("Chỉ tiêu này được tính tự động từ nhật ký hoạt động, không nhập tay."))
            continue
        if entry.value is not None and entry.value < 0:
            err(_("Giá trị không được âm."))
            continue
        if entry.den is not None and entry.den < 0:
            err(_("Mẫu số không được âm."), entry.den_cell)
            continue
        if indicator.kind == Indicator.Kind.COUNT:
            if entry.value is not None and entry.value != int(entry.value):
                err(_("Số đếm phải là số nguyên."))
        elif indicator.kind == Indicator.Kind.RATIO:
            value, den = entry.value, entry.den
            if value is not None and den is None:
                err(_("Thiếu mẫu số (%(label)s).") % {"label": indicator.denominator_label or _("mẫu số")},
                    entry.den_cell)
            elif value is None and den is not None:
                err(_("Thiếu tử số (%(label)s).") % {"label": indicator.numerator_label or _("tử số")})
            elif value is not None and den == 0:
                err(_("Mẫu số phải lớn hơn 0."), entry.den_cell)
            elif value is not None and den is not None and is_proportion(indicator) and value > den:
                err(_("Tử số (%(num)s) không được lớn hơn mẫu số (%(den)s).")
                    % {"num": _fmt(value), "den": _fmt(den)})
        elif indicator.kind == Indicator.Kind.AVERAGE:
            value, den = entry.value, entry.den
            if value is not None and den is None:
                err(_("Thiếu quy mô (số người, đơn vị) để tính bình quân có trọng số."), entry.den_cell)
            elif value is None and den is not None:
                err(_("Thiếu giá trị bình quân."))
            elif value is not None and den == 0:
                err(_("Quy mô phải lớn hơn 0."), entry.den_cell)
            elif value is not None and is_proportion(indicator) and value > 100:
                err(_("Tỷ lệ phải nằm trong khoảng 0–100."))
    for indicator_id, group in by_indicator.items():
        indicator = indicators[indicator_id]
        typed_totals = [(e.total_typed, e.total_cell) for e in group if e.total_typed is not None]
        if indicator.by_sex and typed_totals and indicator.kind == Indicator.Kind.COUNT:
            total, cell = typed_totals[0]
            female = next((e.value for e in group if e.sex == "F"), None) or 0
            male = next((e.value for e in group if e.sex == "M"), None) or 0
            if female > total:
                errors.append(CellError(indicator.code, cell, _("Số nữ (%(f)s) lớn hơn tổng số (%(t)s).")
                                        % {"f": _fmt(female), "t": _fmt(total)}))
            elif female + male != total:
                errors.append(CellError(indicator.code, cell, _(
                    "Tổng số (%(t)s) khác nữ + nam (%(s)s); tổng được tính từ nữ và nam, "
                    "hãy để trống hoặc sửa lại.") % {"t": _fmt(total), "s": _fmt(female + male)}))
    if complete:
        for indicator in indicators.values():
            if not indicator.required or indicator.is_derived:
                continue
            group = by_indicator.get(indicator.pk, [])
            for sex in indicator.sexes:
                found = next((e for e in group if e.sex == sex), None)
                if found is None or found.value is None:
                    errors.append(CellError(indicator.code, found.cell if found else sex, _("Bắt buộc nhập.")))
    return errors


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def modified_z(value: float, history: list[float]) -> float | None:
    """Iglewicz–Hoaglin modified z-score of `value` against earlier periods; None when fewer
    than 3 earlier values. With no spread (MAD = 0) any change counts as far out."""
    if len(history) < 3:
        return None
    median = statistics.median(history)
    mad = statistics.median(abs(x - median) for x in history)
    if mad == 0:
        return 0.0 if value == median else math.copysign(math.inf, value - median)
    return 0.6745 * (value - median) / mad


OUTLIER_Z = 3.5
