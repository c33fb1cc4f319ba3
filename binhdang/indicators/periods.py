"""Indicator periods: "2017-H1" (15/12/2016–14/06/2017), "2017-H2" (15/06–14/12/2017) and
"2017" (15/12/2016–14/12/2017), the data cut-offs of NĐ 09/2019 Art. 12."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError
from binhdang.core.periods import cutoff_window

_KEY = re.compile(r"^\s*(?P<year>\d{4})(?:-(?P<half>[hH][12]))?\s*$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int  # 1, 2, or 0 for the whole year
    key: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        if self.half == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": self.year}
        if self.half == 2:
            return _("6 tháng cuối năm %(year)s") % {"year": self.year}
        return _("Năm %(year)s") % {"year": self.year}

    @property
    def is_year(self) -> bool:
        return self.half == 0

    def earlier(self, count: int) -> list["Period"]:
        """The `count` periods of the same kind before this one, nearest first."""
        if self.half == 0:
            return [period_parse(str(self.year - i)) for i in range(1, count + 1)]
        out, year, half = [], self.year, self.half
        for _i in range(count):
            year, half = (year, 1) if half == 2 else (year - 1, 2)
            out.append(period_parse(f"{year}-H{half}"))
        return out


def period_parse(key: str) -> Period:
    """Raises DomainError with a Vietnamese message for a bad key."""
    match = _KEY.match(key or "")
    if not match or not 1990 <= int(match["year"]) <= 2100:
        raise DomainError(
            _("Kỳ “%(key)s” không hợp lệ. Dùng 2017-H1 (6 tháng đầu năm), 2017-H2 (6 tháng cuối "
              "năm) hoặc 2017 (cả năm).") % {"key": key},
            code="bad_period",
        )
    year = int(match["year"])
    half = int(match["half"][1]) if match["half"] else 0
    key = f"{year}-H{half}" if half else str(year)
    return Period(year, half, key, *cutoff_window(year, half))


def periods_containing(day: datetime.date) -> list[Period]:
    """The half-year and the year whose data cut-off windows contain `day`."""
    year = day.year + 1 if (day.month, day.day) >= (12, 15) else day.year
    half = 1 if (day.month, day.day) >= (12, 15) or (day.month, day.day) <= (6, 14) else 2
    return [period_parse(f"{year}-H{half}"), period_parse(str(year))]


def half_year_keys(first_year: int, count: int) -> list[str]:
    """`count` consecutive half-year keys from `first_year`-H1."""
    return [f"{first_year + i // 2}-H{i % 2 + 1}" for i in range(count)]
