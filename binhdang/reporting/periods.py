"""Reporting uses the one period model (`binhdang.core.periods`); which obligations a period
holds is the plans app's business (`binhdang.plans.periods`)."""

from binhdang.plans.periods import (
    Period,
    ReportingPeriod,
    obligation_kind,
    obligations_q,
    period_key_of,
    period_parse,
    report_title,
)

__all__ = ["Period", "ReportingPeriod", "obligation_kind", "obligations_q", "period_key_of",
           "period_parse", "report_title"]
