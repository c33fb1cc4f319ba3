"""The indicator figures of accepted reports, for the indicators app, and indicator tables
with their derived totals."""

import datetime
from dataclasses import dataclass
from typing import Any

from ..models import (
    SectionKind,
    Submission,
)
from ..periods import obligations_q, period_parse

# --- indicator values for the indicators app -------------------------------------------------


@dataclass(frozen=True)
class IndicatorValue:
    unit_id: int
    unit_code: str
    unit_name: str
    code: str
    name: str
    female: int | None
    male: int | None
    submission_id: int
    accepted_at: datetime.datetime | None  # None only for a report not yet accepted

    @property
    def total(self) -> int | None:
        if self.female is None and self.male is None:
            return None
        return (self.female or 0) + (self.male or 0)


def submission_indicator_values(period_key: str) -> list[IndicatorValue]:
    """Sex-disaggregated values from ACCEPTED reports of a period, one per unit and code."""
    period = period_parse(period_key)
    submissions = (
        Submission.objects.filter(obligations_q(period, "obligation"), status=Submission.Status.ACCEPTED)
        .select_related("org_unit")
        .order_by("org_unit__path", "id")
    )
    values = []
    for submission in submissions:
        for section in submission.sections:
            if section["kind"] != SectionKind.INDICATOR_TABLE:
                continue
            for row in submission.content.get(section["key"]) or []:
                values.append(IndicatorValue(
                    unit_id=submission.org_unit_id, unit_code=submission.org_unit.code,
                    unit_name=submission.org_unit.name, code=row["code"], name=row.get("name", ""),
                    female=row.get("female"), male=row.get("male"), submission_id=submission.pk,
                    accepted_at=submission.accepted_at,
                ))
    return values


def indicator_rows_with_totals(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Rows of an indicator table with the derived total (never stored)."""
    out: list[dict[str, Any]] = []
    for row in rows or []:
        female, male = _number(row.get("female")), _number(row.get("male"))
        total = None if female is None and male is None else (female or 0) + (male or 0)
        out.append({**row, "total": total})
    return out


def _number(value: Any) -> int | None:
    """A figure as a number: the form may hand back what was typed ("300"), which must be
    added, never joined ("300" + "135" is 435, not 300135)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return int(value)
    try:
        return int(str(value).strip().replace(".", "").replace(" ", ""))
    except ValueError:
        return None
