"""The indicators step of the demo: the indicators demo, told which 2017 reports the
reporting demo accepted (indicators sits below reporting and cannot ask it)."""

from typing import Any

from binhdang.indicators.demo import demo_load_indicators as _load
from binhdang.plans.models import ObligationKind
from binhdang.reporting.models import Submission


def accepted_reports_2017() -> set[tuple[int, str]]:
    """(unit id, period key) of every accepted 2017 six-month or annual report."""
    periods: dict[str, str] = {ObligationKind.REPORT_SEMIANNUAL: "2017-H1", ObligationKind.REPORT_ANNUAL: "2017"}
    found: set[tuple[int, str]] = set()
    rows = Submission.objects.filter(status=Submission.Status.ACCEPTED, obligation__due_date__year=2017)
    for unit_id, kind in rows.values_list("org_unit_id", "obligation__kind"):
        if kind in periods:
            found.add((unit_id, periods[kind]))
    return found


def demo_load_indicators() -> dict[str, Any]:
    return _load(accepted_reports=accepted_reports_2017())
