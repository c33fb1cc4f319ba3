"""One number format per language: the only place that turns a count or a share into text.

Vietnamese groups thousands with "." and writes decimals with "," (1.047; 76,9%); English
the other way round (1,047; 76.9%). Pages follow the reader's language; official documents
(DOCX, PDF) always pass ``lang="vi"``; spreadsheets keep numbers as numbers and use
``XLSX_INT_FORMAT`` / ``XLSX_DECIMAL_FORMAT``, which Excel and LibreOffice localise.
"""

from __future__ import annotations

import decimal
import math
from typing import Any

from django.utils import translation

XLSX_INT_FORMAT = "#,##0"
XLSX_DECIMAL_FORMAT = "#,##0.0"
XLSX_PERCENT_FORMAT = "0.0%"

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def _separators(lang: str | None) -> tuple[str, str]:
    code = (lang or translation.get_language() or "vi").split("-")[0].lower()
    return _SEPARATORS.get(code, _SEPARATORS["vi"])


def _as_float(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float | decimal.Decimal):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
    return None if math.isnan(number) or math.isinf(number) else number


def format_number(value: Any, digits: int | None = 1, *, lang: str | None = None, empty: str = "–") -> str:
    """1047 → "1.047" (vi) / "1,047" (en); 12.5 → "12,5" / "12.5".

    Whole numbers print without decimals; others with at most `digits` decimals, trailing
    zeros dropped (``digits=None`` keeps up to 2). Text that is not a number comes back as it is.
    """
    number = _as_float(value)
    if number is None:
        return empty if value is None or value == "" else str(value)
    thousands, point = _separators(lang)
    places = 2 if digits is None else int(digits)
    rounded = round(number, places)
    if rounded.is_integer():
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{places}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", point).replace("\x00", thousands)


def format_percent(value: Any, digits: int = 1, *, lang: str | None = None, empty: str = "–") -> str:
    """76.94 → "76,9%" (vi) / "76.9%" (en): `value` is already in percent."""
    number = _as_float(value)
    if number is None:
        return empty
    return f"{format_number(number, digits, lang=lang)}%"


def format_share(part: Any, whole: Any, digits: int = 1, *, lang: str | None = None, empty: str = "–") -> str:
    """part/whole as a percentage: (769, 1000) → "76,9%"."""
    a, b = _as_float(part), _as_float(whole)
    if a is None or not b:
        return empty
    return format_percent(100 * a / b, digits, lang=lang)
