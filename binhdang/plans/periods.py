"""Obligations in the one period model (`binhdang.core.periods`): which obligations a
period holds, and the period an obligation belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.periods import Period, PeriodKind, period_parse
from binhdang.plans.models import ObligationKind

if TYPE_CHECKING:
    from binhdang.plans.models import Obligation

__all__ = ["Period", "ReportingPeriod", "obligation_kind", "obligations_q", "period_key_of",
           "period_parse", "report_title"]

ReportingPeriod = Period  # the name reporting used before the model was one


def obligation_kind(period: Period) -> str | None:
    """The kind of obligation due in `period` (None for a second half-year: the seed plan
    asks for no report of its own; the annual report covers it)."""
    if period.kind == PeriodKind.ADHOC:
        return ObligationKind.ADHOC
    if period.kind == PeriodKind.PLAN:
        return ObligationKind.UNIT_PLAN
    if period.kind == PeriodKind.YEAR:
        return ObligationKind.REPORT_ANNUAL
    return ObligationKind.REPORT_SEMIANNUAL if period.half == 1 else None


def obligations_q(period: Period, prefix: str = "") -> Q:
    """Filter selecting the obligations of `period` (rows of plans.Obligation)."""
    p = f"{prefix}__" if prefix else ""
    if period.adhoc_id is not None:
        return Q(**{f"{p}adhoc_requests__pk": period.adhoc_id})
    kind = obligation_kind(period)
    if kind is None:
        return Q(pk__in=[])
    return Q(**{f"{p}kind": kind, f"{p}due_date__year": period.year})


def report_title(period: Period) -> str:
    """'Báo cáo 6 tháng đầu năm 2017', 'Báo cáo năm 2017', …"""
    if period.kind == PeriodKind.HALF:
        return _("Báo cáo %(period)s") % {"period": period.phrase}
    if period.kind == PeriodKind.YEAR:
        return _("Báo cáo năm %(year)s") % {"year": period.year}
    return period.label


def period_key_of(obligation: Obligation) -> str:
    """The period key an obligation belongs to."""
    if obligation.kind == ObligationKind.ADHOC:
        request = obligation.adhoc_requests.first()
        return request.period_key if request else f"{obligation.due_date.year}"
    year = obligation.due_date.year
    return {
        ObligationKind.REPORT_SEMIANNUAL: f"{year}-H1",
        ObligationKind.REPORT_ANNUAL: str(year),
        ObligationKind.UNIT_PLAN: f"{year}-plan",
    }[ObligationKind(obligation.kind)]
