"""The consolidation of a period's reports for a receiving unit: each section with the
contributions of the units below, indicator totals by sex."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Task

from ..models import (
    SectionKind,
)
from ..periods import ReportingPeriod, obligation_kind
from .lists import template_for_kind
from .status import Totals, status_report

# --- consolidation ------------------------------------------------------------------------


@dataclass
class UnitContribution:
    unit: str
    text: str
    status: str  # accepted | submitted
    accepted: bool


@dataclass
class IndicatorTotal:
    code: str
    name: str
    female: int = 0
    male: int = 0
    units: int = 0

    @property
    def total(self) -> int:
        return self.female + self.male


@dataclass
class ConsolidatedSection:
    key: str
    title: str
    kind: str
    contributions: list[UnitContribution] = field(default_factory=list)
    indicators: list[IndicatorTotal] = field(default_factory=list)
    task_counts: dict[str, int] = field(default_factory=dict)  # task status → number of rows
    files: list[tuple[str, str]] = field(default_factory=list)  # (unit, file name)


@dataclass
class Consolidation:
    receiver: OrgUnit
    period: ReportingPeriod
    include_submitted: bool
    sections: list[ConsolidatedSection]
    included: list[tuple[str, str]]  # (unit, status) whose report is merged
    not_included: list[tuple[str, str]]  # (unit, status) missing, draft, returned (or submitted)
    totals: Totals

    @property
    def task_status_labels(self) -> dict[str, str]:
        return {s: str(Task.Status(s).label) for s in Task.Status.values}


def consolidation_build(receiver: OrgUnit, period_key: str, include_submitted: bool = False) -> Consolidation:
    """Merge the reports sent to `receiver` for a period: narratives under each heading
    naming each unit, indicator tables summed by sex, task rows counted by status.

    Accepted reports only, unless `include_submitted` (then marked as not yet accepted).
    Raises DomainError for a bad period key.
    """
    # In SQL: only what was sent to this receiver, not the whole country's obligations.
    report = status_report(period_key=period_key, receivers=[receiver.pk])
    rows = report.rows
    wanted = {"accepted", "submitted"} if include_submitted else {"accepted"}
    template = template_for_kind(obligation_kind(report.period))
    sections = {s["key"]: ConsolidatedSection(s["key"], s["title"], s["kind"]) for s in template.sections}
    order = [s["key"] for s in template.sections]
    included, not_included, totals = [], [], Totals()
    for row in rows:
        totals.add(row)
        submission = row.submission
        if row.status not in wanted or submission is None:
            not_included.append((row.unit.name, row.status))
            continue
        included.append((row.unit.name, row.status))
        # An accepted report is read as accepted; a merely submitted one from its last revision.
        for section in submission.sections:
            key = section["key"]
            if key not in sections:
                sections[key] = ConsolidatedSection(key, section["title"], section["kind"])
                order.append(key)
            _merge(sections[key], row.unit.name, row.status, submission.content.get(key))
    return Consolidation(
        receiver=receiver, period=report.period, include_submitted=include_submitted,
        sections=[sections[k] for k in order], included=included, not_included=not_included, totals=totals,
    )


def _merge(target: ConsolidatedSection, unit: str, status: str, value: Any) -> None:
    accepted = status == "accepted"
    if target.kind == SectionKind.NARRATIVE:
        text = str(value or "").strip()
        if text:
            target.contributions.append(UnitContribution(unit, text, status, accepted))
    elif target.kind == SectionKind.INDICATOR_TABLE:
        by_code = {i.code: i for i in target.indicators}
        for row in value or []:
            item = by_code.get(row["code"])
            if item is None:
                item = IndicatorTotal(row["code"], row.get("name", row["code"]))
                target.indicators.append(item)
                by_code[item.code] = item
            item.female += row.get("female") or 0
            item.male += row.get("male") or 0
            item.units += 1
    elif target.kind == SectionKind.TASK_TABLE:
        counts = Counter(target.task_counts)
        counts.update(r.get("status", "not_started") for r in value or [])
        target.task_counts = dict(counts)
    elif target.kind == SectionKind.ATTACHMENTS:
        target.files += [(unit, name) for name in value or []]
