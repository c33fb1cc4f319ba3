"""The value link between a report's figures and the indicators app.

A report form's indicator table holds the unit's indicator values for the period, by sex
(pre-filled from what the unit already recorded: its values and its activity log). When
the receiver ACCEPTS the report, those figures become the unit's values and so count in
every roll-up; when an accepted report is reopened (sent back), the cells get back what
they held before, so the figures leave the roll-ups. The screen, the documents, the API
and the XLSX export then all read the same roll-up rows.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError

from .models import SectionKind, Submission
from .periods import period_key_of

# Periods with indicator values (a half-year, a year); a unit plan or an ad-hoc request has none.
_VALUE_KINDS = ("report_semiannual", "report_annual")


def _figure_rows(submission: Submission) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for section in submission.sections:
        if section["kind"] == SectionKind.INDICATOR_TABLE:
            # "rollup" rows (an issued consolidated report) restate the units' values below.
            rows += [r for r in submission.content.get(section["key"]) or [] if not r.get("rollup")]
    return rows


def figures_apply(*, submission: Submission) -> list[dict[str, Any]]:
    """Write the accepted report's figures into the unit's values; returns the snapshot."""
    from binhdang.indicators.services import report_values_apply

    rows = _figure_rows(submission)
    if not rows or submission.obligation.kind not in _VALUE_KINDS:
        return []
    return report_values_apply(
        org_unit=submission.org_unit, period=period_key_of(submission.obligation),
        figures=rows, reason=f"submission:{submission.pk}:accept",
    )


def figures_withdraw(*, submission: Submission) -> None:
    """Take a reopened report's figures out of the roll-ups (restore the earlier cells)."""
    from binhdang.indicators.services import report_values_restore

    if not submission.applied_values:
        return
    report_values_restore(
        org_unit=submission.org_unit, period=period_key_of(submission.obligation),
        snapshot=list(submission.applied_values or []), reason=f"submission:{submission.pk}:reopen",
    )


def figures_check(*, submission: Submission) -> None:
    """Refuse figures that cannot be true: a changed pre-filled figure without its reason,
    or an annual figure of a cumulative indicator smaller than the same unit's H1 figure."""
    from binhdang.indicators.models import Indicator, IndicatorValue

    problems: list[str] = []
    rows = _figure_rows(submission)
    for row in rows:
        for sex in ("female", "male"):
            before = row.get(f"prefilled_{sex}")
            if before is not None and row.get(sex) != before and not str(row.get("reason") or "").strip():
                problems.append(_("“%(name)s”: số liệu khác số đã ghi trong sổ hoạt động (%(n)s), hãy ghi lý do.")
                                % {"name": row.get("name") or row.get("code"), "n": before})
                break
    key = period_key_of(submission.obligation)
    if key.isdigit():
        # Activity and result counts ("DP-…") accumulate over the year; head counts do not.
        half = {
            (v.indicator.code, v.sex): v.num
            for v in IndicatorValue.objects.filter(
                org_unit=submission.org_unit, period=f"{key}-H1", breakdown="",
                indicator__code__in=[r.get("code") for r in rows], indicator__kind=Indicator.Kind.COUNT,
                indicator__code__startswith="DP-",
            ).select_related("indicator")
        }
        for row in rows:
            for sex, field in (("F", "female"), ("M", "male")):
                earlier = half.get((str(row.get("code")), sex))
                if earlier is not None and row.get(field) is not None and row[field] < earlier:
                    problems.append(_("“%(name)s”: số cả năm (%(y)s) nhỏ hơn số 6 tháng (%(h)s).")
                                    % {"name": row.get("name"), "y": row[field], "h": int(earlier)})
    if problems:
        raise DomainError(" ".join(problems), code="figures")
