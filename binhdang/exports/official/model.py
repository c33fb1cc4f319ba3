"""A state-format document (Nghị định 30/2020/NĐ-CP) as plain data; renderers read only this.

Selectors fill an OfficialDocument from the database; `render_docx` and `render_pdf` turn
the same object into a Word file and a PDF, so both formats always say the same thing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from binhdang.core.numbers import format_number as core_format_number
from binhdang.exports.tables import TableData

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# Phụ lục III, NĐ 30/2020: abbreviations of the types this system generates.
TYPE_NAMES = {"KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "TB": "Thông báo",
              "HD": "Hướng dẫn", "CTr": "Chương trình", "TTr": "Tờ trình"}


@dataclass
class Heading:
    """A numbered heading: level 1 "I.", level 2 "1.", level 3 "a)"."""

    label: str
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True  # first-line indent, as the body of NĐ 30 documents
    align: str = "justify"  # "justify", "center", "left", "right"


@dataclass
class Bullet:
    """A "- " item; `note` prints in italics after the text (e.g. "Chủ trì: …")."""

    text: str
    note: str = ""


@dataclass
class Table:
    data: TableData


@dataclass
class Image:
    png: bytes
    caption: str = ""
    width_mm: float = 150
    title: str = ""  # "Biểu đồ 1. …", above the figure as a table's "Bảng 1. …"


Block = Heading | Paragraph | Bullet | Table | Image


@dataclass
class Signer:
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"…
    title: str = ""  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str = ""


@dataclass
class OfficialDocument:
    issuer: str  # "Ủy ban nhân dân thị xã Bỉm Sơn"; printed upper case
    type_code: str  # "KH", "BC"
    date: datetime.date | None
    title: str  # trích yếu
    parent_issuer: str = ""
    number: str = ""  # the sequence, "268"; blank leaves room to write it in
    issuer_code: str = "UBND"  # the symbol after the type: 268/KH-UBND
    type_name: str = ""
    place: str = ""
    body: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    year: int | None = None  # printed in the date line when `date` is left blank

    def __post_init__(self) -> None:
        if not self.type_name:
            self.type_name = TYPE_NAMES.get(self.type_code, self.type_code)

    @property
    def number_line(self) -> str:
        """"Số: 268/KH-UBND"; with no sequence the number is left blank to be filled in."""
        symbol = f"{self.type_code}-{self.issuer_code}" if self.issuer_code else self.type_code
        sequence = self.number.strip() if self.number else ""
        if sequence:
            return f"Số: {sequence}/{symbol}"
        return f"Số:      /{symbol}"

    @property
    def place_date_line(self) -> str:
        return place_date(self.place, self.date, self.year)

    @property
    def title_lines(self) -> list[str]:
        return balance_title(self.title)

    @property
    def issuer_lines(self) -> list[str]:
        """The issuer upper case over two balanced lines when long ("ỦY BAN NHÂN DÂN / THỊ XÃ BỈM SƠN")."""
        return split_issuer(self.issuer)


def viet_upper(text: str) -> str:
    return text.upper()


def place_date(place: str, date: datetime.date | None, year: int | None = None) -> str:
    """"Bỉm Sơn, ngày 20 tháng 02 năm 2017": a leading zero for days 1–9 and months 1–2.

    Without a date the day and month are left blank for the office to write in.
    """
    if date is None:
        core = f"ngày      tháng      năm {year or ''}".rstrip()
    else:
        day = f"{date.day:02d}" if date.day < 10 else str(date.day)
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        core = f"ngày {day} tháng {month} năm {date.year}"
    return f"{place}, {core}" if place else core.capitalize()


def balance_title(title: str, limit: int = 62) -> list[str]:
    """The trích yếu on one line, or two broken after the comma nearest the middle."""
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    if len(title) <= limit:
        return [title]
    middle = len(title) / 2
    commas = [i for i, ch in enumerate(title) if ch == ","]
    if commas:
        cut = min(commas, key=lambda i: abs(i - middle))
        if abs(cut - middle) < len(title) / 4:
            return [title[: cut + 1].strip(), title[cut + 1:].strip()]
    return [title]


_SPLIT_AFTER = ("ủy ban nhân dân", "hội đồng nhân dân", "ủy ban mặt trận tổ quốc việt nam")


def split_issuer(issuer: str) -> list[str]:
    upper = viet_upper(issuer.strip())
    lower = issuer.strip().lower()
    for prefix in _SPLIT_AFTER:
        if lower.startswith(prefix) and len(lower) > len(prefix) + 1:
            return [upper[: len(prefix)], upper[len(prefix):].strip()]
    if len(upper) <= 32:
        return [upper]
    words = upper.split()
    best, best_gap = 1, len(upper)
    for i in range(1, len(words)):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        gap = abs(len(left) - len(right))
        if gap < best_gap:
            best, best_gap = i, gap
    return [" ".join(words[:best]), " ".join(words[best:])]


def format_number(value) -> str:
    """Vietnamese grouping, whatever the reader's language: 1.234.567 and 12,5 (official
    documents are Vietnamese; binhdang.core.numbers is the one formatter)."""
    if isinstance(value, bool):
        return str(value)
    return core_format_number(value, None, lang="vi", empty="")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | int) or hasattr(value, "as_tuple"):
        number = float(value)
        if number.is_integer():
            return f"{int(number):,}".replace(",", ".")
        text = f"{number:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return str(value)
