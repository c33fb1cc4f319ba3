"""Reporting periods: the keys people type ("2017-H1", "2017", "2017-plan", "adhoc-3") and
the data cut-off windows of NĐ 09/2019 Art. 12 behind them."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError
from binhdang.core.periods import cutoff_window
from binhdang.plans.models import ObligationKind

_KEY = re.compile(r"^\s*(?:(?P<year>\d{4})(?:-(?P<suffix>h1|plan))?|adhoc-(?P<adhoc>\d+))\s*$", re.I)


@dataclass(frozen=True)
class ReportingPeriod:
    key: str
    kind: str  # an ObligationKind
    year: int | None
    start: datetime.date | None  # data cut-off window, when the period has one
    end: datetime.date | None
    default_due: datetime.date | None  # the plan's obligations may say otherwise
    adhoc_id: int | None = None

    @property
    def label(self) -> str:
        if self.kind == ObligationKind.REPORT_SEMIANNUAL:
            return _("Báo cáo 6 tháng đầu năm %(year)s") % {"year": self.year}
        if self.kind == ObligationKind.REPORT_ANNUAL:
            return _("Báo cáo năm %(year)s") % {"year": self.year}
        if self.kind == ObligationKind.UNIT_PLAN:
            return _("Kế hoạch năm %(year)s của các đơn vị") % {"year": self.year}
        return _("Báo cáo đột xuất số %(id)s") % {"id": self.adhoc_id}

    def obligations_q(self, prefix: str = "") -> Q:
        """Filter selecting the obligations of this period (rows of plans.Obligation)."""
        p = f"{prefix}__" if prefix else ""
        if self.adhoc_id is not None:
            return Q(**{f"{p}adhoc_requests__pk": self.adhoc_id})
        return Q(**{f"{p}kind": self.kind, f"{p}due_date__year": self.year})


def period_parse(key: str) -> ReportingPeriod:
    """The period of a key. Raises DomainError with a Vietnamese message for a bad key."""
    match = _KEY.match(key or "")
    if not match:
        raise DomainError(
            _("Kỳ báo cáo “%(key)s” không hợp lệ. Dùng 2017-H1 (6 tháng), 2017 (cả năm), "
              "2017-plan (kế hoạch của đơn vị, hạn 25/02) hoặc adhoc-SỐ (đột xuất).") % {"key": key},
            code="bad_period",
        )
    if match["adhoc"]:
        return ReportingPeriod(
            key=f"adhoc-{int(match['adhoc'])}", kind=ObligationKind.ADHOC, year=None, start=None,
            end=None, default_due=None, adhoc_id=int(match["adhoc"]),
        )
    year = int(match["year"])
    if not 1990 <= year <= 2100:
        raise DomainError(_("Năm của kỳ báo cáo “%(key)s” không hợp lệ.") % {"key": key}, code="bad_period")
    suffix = (match["suffix"] or "").lower()
    if suffix == "h1":
        start, end = cutoff_window(year, 1)
        return ReportingPeriod(
            key=f"{year}-H1", kind=ObligationKind.REPORT_SEMIANNUAL, year=year,
            start=start, end=end, default_due=datetime.date(year, 6, 15),
        )
    if suffix == "plan":
        return ReportingPeriod(
            key=f"{year}-plan", kind=ObligationKind.UNIT_PLAN, year=year, start=None, end=None,
            default_due=datetime.date(year, 2, 25),
        )
    start, end = cutoff_window(year)
    return ReportingPeriod(
        key=str(year), kind=ObligationKind.REPORT_ANNUAL, year=year,
        start=start, end=end, default_due=datetime.date(year, 12, 15),
    )


def period_key_of(obligation) -> str:
    """The period key an obligation belongs to."""
    if obligation.kind == ObligationKind.ADHOC:
        request = obligation.adhoc_requests.first()
        return request.period_key if request else f"{obligation.due_date.year}"
    year = obligation.due_date.year
    return {
        ObligationKind.REPORT_SEMIANNUAL: f"{year}-H1",
        ObligationKind.REPORT_ANNUAL: str(year),
        ObligationKind.UNIT_PLAN: f"{year}-plan",
    }[obligation.kind]
