"""TableData: one table as plain data, shared by the official documents and the XLSX export.

Other apps build a TableData in a selector and hand it to `exports.xlsx.xlsx_response` or
put it in an OfficialDocument; neither renderer queries anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Number = int | float | Decimal

# Lazy: column titles follow the active language when a table is built. The official
# documents build their tables under translation.override("vi"), so they stay Vietnamese.
SEX_COLUMNS = (_("Nữ"), _("Nam"), _("Tổng"))


@dataclass
class Column:
    title: str
    width_mm: float | None = None  # None: share the remaining width
    numeric: bool = False
    align: str = ""  # "", "left", "center", "right"; numeric columns default to right


@dataclass
class TableData:
    """Header rows (the last one names the columns), body rows and an optional totals row.

    `header_rows` beyond the last are group headers given as (text, span) pairs, e.g.
    [("Chỉ tiêu", 2), ("Số liệu theo giới tính", 3)] above ["STT", "Tên", "Nữ", "Nam", "Tổng"].
    """

    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    totals: list[Any] | None = None
    group_headers: list[list[tuple[str, int]]] = field(default_factory=list)
    title: str = ""
    caption: str = ""
    sheet_name: str = ""

    @property
    def titles(self) -> list[str]:
        return [c.title for c in self.columns]

    @classmethod
    def simple(cls, titles: list[str], rows: list[list[Any]], **kwargs: Any) -> TableData:
        columns = []
        for i, title in enumerate(titles):
            numeric = bool(rows) and all(
                isinstance(r[i], Number) and not isinstance(r[i], bool) for r in rows if r[i] is not None
            ) and any(r[i] is not None for r in rows)
            columns.append(Column(title, numeric=numeric))
        return cls(columns=columns, rows=rows, **kwargs)


def sum_columns(rows: list[list[Any]], columns: list[Column], label: str | None = None,
                label_index: int = 0) -> list[Any]:
    """A totals row: the sum of every numeric column, `label` (default "Tổng cộng" in the
    active language) in `label_index`, blanks elsewhere."""
    if label is None:
        label = gettext("Tổng cộng")
    totals: list[Any] = [""] * len(columns)
    for i, column in enumerate(columns):
        if column.numeric:
            totals[i] = sum((r[i] or 0) for r in rows if isinstance(r[i], Number))
    totals[label_index] = label
    return totals


def _add(a: Number, b: Number) -> Number:
    """a + b, in Decimal when either is one (float + Decimal is a TypeError)."""
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(str(a)) + Decimal(str(b))
    return a + b


def sex_table(
    *,
    label_title: str,
    rows: list[tuple[str, Number | None, Number | None]],
    title: str = "",
    unit_title: str = "",
    units: list[str] | None = None,
    with_totals: bool = True,
    caption: str = "",
) -> TableData:
    """A table with STT, a label column (and optionally a unit column) then Nữ / Nam / Tổng.

    Tổng is Nữ + Nam for each row; the totals row sums each column.
    """
    columns = [Column(gettext("STT"), 12, align="center"), Column(label_title)]
    if units is not None:
        columns.append(Column(unit_title or gettext("Đơn vị tính"), 25, align="center"))
    columns += [Column(str(t), 22, numeric=True) for t in SEX_COLUMNS]
    body = []
    for i, (label, female, male) in enumerate(rows, start=1):
        total = None if female is None and male is None else _add(female or 0, male or 0)
        row: list[Any] = [i, label]
        if units is not None:
            row.append(units[i - 1])
        row += [female, male, total]
        body.append(row)
    totals = sum_columns(body, columns, label_index=1) if with_totals else None
    if totals is not None:
        totals[0] = ""
        if units is not None:
            totals[2] = ""
    return TableData(columns=columns, rows=body, totals=totals, title=title, caption=caption)
