"""The one period model of binhdang: every key people type, in every page, API and command.

Grammar (case-insensitive, surrounding spaces ignored):

- ``2017-plan``: the units' own plans of 2017, due 25/02 (a local rule, no data window);
- ``2017-H1``: the first half-year, data cut-off 15/12/2016–14/06/2017, report due 15/06;
- ``2017-H2``: the second half-year, data 15/06–14/12/2017 (no report of its own in the
  seed plan: the annual report covers it);
- ``2017``: the whole year, data 15/12/2016–14/12/2017, report due 15/12;
- ``adhoc-3``: ad-hoc request number 3 (đột xuất), with the deadline the request sets.

The windows are those of Nghị định 09/2019/NĐ-CP Art. 12. A bad key raises DomainError
with one Vietnamese message, the same everywhere.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .errors import DomainError

FIRST_YEAR = 1990
LAST_YEAR = 2100

_KEY = re.compile(
    r"^\s*(?:(?P<year>\d{4})(?:-(?P<suffix>h1|h2|plan))?|adhoc-(?P<adhoc>\d{1,12}))\s*$", re.I
)


class PeriodKind(StrEnum):
    PLAN = "plan"  # the units' plans, due 25/02
    HALF = "half"  # a half-year (H1 or H2)
    YEAR = "year"  # the whole year
    ADHOC = "adhoc"  # an ad-hoc request


def cutoff_window(year: int, half: int = 0) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of the data of `year`: half 1 or 2, or 0 for the whole year."""
    if half == 1:
        return datetime.date(year - 1, 12, 15), datetime.date(year, 6, 14)
    if half == 2:
        return datetime.date(year, 6, 15), datetime.date(year, 12, 14)
    return datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14)


@dataclass(frozen=True, order=True)
class Period:
    """One period. Ordered by (year, half, key); ``start``/``end`` is the data window."""

    year: int | None
    half: int  # 1 or 2 for a half-year, 0 otherwise
    key: str
    kind: PeriodKind
    start: datetime.date | None = None
    end: datetime.date | None = None
    default_due: datetime.date | None = None  # a plan's obligations may set another
    adhoc_id: int | None = None

    @property
    def has_window(self) -> bool:
        """True for the periods that hold data (half-years and years)."""
        return self.start is not None

    @property
    def is_year(self) -> bool:
        return self.kind == PeriodKind.YEAR

    @property
    def window(self) -> dict[str, str] | None:
        """The cut-off window as ISO dates (Status JSON), or None."""
        if self.start is None or self.end is None:
            return None
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def label(self) -> str:
        """What the period is called on screens and in documents."""
        if self.kind == PeriodKind.HALF:
            if self.half == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": self.year}
            return _("6 tháng cuối năm %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.YEAR:
            return _("Năm %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.PLAN:
            return _("Kế hoạch năm %(year)s của các đơn vị") % {"year": self.year}
        return _("Yêu cầu báo cáo đột xuất số %(id)s") % {"id": self.adhoc_id}

    @property
    def phrase(self) -> str:
        """The period inside a sentence ("Số liệu 6 tháng đầu năm 2017…", "figures of the
        first half of 2017…"): lower case where the language wants it. `label` is the
        period standing alone (a heading, a list, "Kỳ: …")."""
        context = "period in a sentence"
        if self.kind == PeriodKind.HALF:
            if self.half == 1:
                return pgettext(context, "6 tháng đầu năm %(year)s") % {"year": self.year}
            return pgettext(context, "6 tháng cuối năm %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.YEAR:
            return pgettext(context, "năm %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.PLAN:
            return pgettext(context, "kế hoạch năm %(year)s của các đơn vị") % {"year": self.year}
        return pgettext(context, "yêu cầu báo cáo đột xuất số %(id)s") % {"id": self.adhoc_id}

    @property
    def window_label(self) -> str:
        """'từ 15/12/2016 đến 14/06/2017' (NĐ 09/2019), or '' without a window."""
        if self.start is None or self.end is None:
            return ""
        return _("số liệu từ ngày %(start)s đến ngày %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    def earlier(self, count: int) -> list[Period]:
        """The `count` data periods of the same kind before this one, nearest first."""
        if self.year is None or not self.has_window:
            return []
        if self.kind == PeriodKind.YEAR:
            return [period_parse(str(self.year - i)) for i in range(1, count + 1)]
        out: list[Period] = []
        year, half = self.year, self.half
        for _i in range(count):
            year, half = (year, 1) if half == 2 else (year - 1, 2)
            out.append(period_parse(f"{year}-H{half}"))
        return out

    def require_window(self) -> Period:
        """Self, or DomainError for a period that holds no data (a plan or ad-hoc key)."""
        if not self.has_window:
            raise self._no_window()
        return self

    def data_window(self) -> tuple[datetime.date, datetime.date]:
        """(first day, last day) of the data window, or DomainError as `require_window`."""
        if self.start is None or self.end is None:
            raise self._no_window()
        return self.start, self.end

    def _no_window(self) -> DomainError:
        return DomainError(
            _("Kỳ “%(key)s” không có số liệu chỉ tiêu. Dùng 2017-H1, 2017-H2 hoặc 2017.")
            % {"key": self.key},
            code="bad_period",
        )


def bad_period_message(key: str) -> str:
    return _(
        "Kỳ “%(key)s” không hợp lệ. Dùng 2017-plan (kế hoạch của đơn vị, hạn 25/02), "
        "2017-H1 (6 tháng đầu năm), 2017-H2 (6 tháng cuối năm), 2017 (cả năm) hoặc "
        "adhoc-SỐ (yêu cầu đột xuất)."
    ) % {"key": key}


def period_parse(key: str | None) -> Period:
    """The period of a key. Raises DomainError (code ``bad_period``) for a bad key."""
    text = key if isinstance(key, str) else ""
    match = _KEY.match(text)
    if not match:
        raise DomainError(bad_period_message(text[:40]), code="bad_period")
    if match["adhoc"]:
        number = int(match["adhoc"])
        return Period(None, 0, f"adhoc-{number}", PeriodKind.ADHOC, adhoc_id=number)
    year = int(match["year"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(bad_period_message(text.strip()), code="bad_period")
    suffix = (match["suffix"] or "").lower()
    if suffix == "plan":
        return Period(
            year, 0, f"{year}-plan", PeriodKind.PLAN, default_due=datetime.date(year, 2, 25)
        )
    if suffix in ("h1", "h2"):
        half = int(suffix[1])
        start, end = cutoff_window(year, half)
        due = datetime.date(year, 6, 15) if half == 1 else datetime.date(year, 12, 15)
        return Period(year, half, f"{year}-H{half}", PeriodKind.HALF, start, end, due)
    start, end = cutoff_window(year)
    return Period(year, 0, str(year), PeriodKind.YEAR, start, end, datetime.date(year, 12, 15))


def data_period_parse(key: str | None) -> Period:
    """A period that holds indicator data (H1, H2 or year): DomainError otherwise."""
    return period_parse(key).require_window()


def periods_containing(day: datetime.date) -> list[Period]:
    """The half-year and the year whose data cut-off windows contain `day`."""
    year = day.year + 1 if (day.month, day.day) >= (12, 15) else day.year
    half = 1 if (day.month, day.day) >= (12, 15) or (day.month, day.day) <= (6, 14) else 2
    return [period_parse(f"{year}-H{half}"), period_parse(str(year))]


def half_year_keys(first_year: int, count: int) -> list[str]:
    """`count` consecutive half-year keys from `first_year`-H1."""
    return [f"{first_year + i // 2}-H{i % 2 + 1}" for i in range(count)]


def data_period_choices(years: range | list[int]) -> list[Period]:
    """Year, H2 and H1 of each year, newest first (for data pickers)."""
    out: list[Period] = []
    for year in sorted(years, reverse=True):
        out += [period_parse(str(year)), period_parse(f"{year}-H2"), period_parse(f"{year}-H1")]
    return out


_ORDER = {PeriodKind.YEAR: 0, PeriodKind.HALF: 1, PeriodKind.PLAN: 3}


def period_choices(keys: list[str] | set[str] | tuple[str, ...]) -> list[Period]:
    """The periods of `keys` for a picker: newest year first; within a year the whole year,
    then H2, H1 and the plan; ad-hoc requests last, newest first. Bad keys are left out."""
    periods: dict[str, Period] = {}
    for key in keys:
        try:
            period = period_parse(key)
        except DomainError:
            continue
        periods[period.key] = period

    def order(p: Period) -> tuple[int, int, int]:
        if p.kind == PeriodKind.ADHOC:
            return (1, -(p.adhoc_id or 0), 0)
        return (0, -(p.year or 0), _ORDER[p.kind] + (1 - p.half if p.half else 0))

    return sorted(periods.values(), key=order)
