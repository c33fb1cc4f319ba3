"""The only place where the exports read other apps: plans, reporting and indicators.

Each function calls the owning app's selector when it exists and otherwise reads the
models directly, returning plain dataclasses of this package. The builders in
`documents.py` depend on these shapes only.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from binhdang.core import clock
from binhdang.core.errors import DomainError
from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit


def _optional(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


# --- plans ----------------------------------------------------------------------------------

@dataclass
class TaskView:
    code: str
    text: str
    lead: list[tuple[str, list[str]]]  # (name, search keys of its names and aliases)
    coordinating: list[str]
    status: str = ""
    progress: int = 0


@dataclass
class SectionView:
    label: str
    title: str
    tasks: list[TaskView] = field(default_factory=list)
    children: list[SectionView] = field(default_factory=list)


@dataclass
class DeadlineView:
    date: datetime.date
    text: str
    what: str
    to: str


@dataclass
class PlanOutline:
    legal_basis: list[str]
    purpose: list[str]
    sections: list[SectionView]
    deadlines: list[DeadlineView]
    recipients: list[str]


def _assignment_keys(assignment) -> list[str]:
    unit = assignment.org_unit
    names = [assignment.display_name, assignment.label]
    if unit is not None:
        names += [unit.name, unit.short_name, *unit.aliases]
    return sorted({search_key(n) for n in names if n}, key=len, reverse=True)


def plan_outline(plan, *, today: datetime.date | None = None) -> PlanOutline:
    """The plan's sections, tasks (status as of `today`), deadlines and recipients."""
    from binhdang.plans import selectors as plan_selectors
    from binhdang.plans.models import CitedDocument

    today = today or clock.today()
    nodes = plan_selectors.plan_outline(plan=plan, today=today)

    def convert(node) -> SectionView:
        section = node.section
        tasks = [
            TaskView(
                code=t.code,
                text=t.text,
                lead=[(a.display_name, _assignment_keys(a)) for a in t.lead_assignments],
                coordinating=[a.display_name for a in t.coordinating_assignments],
                status=t.effective_status,
                progress=t.progress,
            )
            for t in node.tasks
        ]
        return SectionView(
            label=section.label if section else "",
            title=section.title if section else "",
            tasks=tasks,
            children=[convert(c) for c in node.children],
        )

    cited = plan.cited_documents.filter(role=CitedDocument.Role.LEGAL_BASIS).order_by("order", "id")
    deadlines = [
        DeadlineView(d.date, d.text, d.what, d.to_label or (d.receiver.name if d.receiver_id else ""))
        for d in plan.deadlines.select_related("receiver").order_by("date", "order", "id")
    ]
    recipients = [f"{r.text} ({r.purpose})" if r.purpose else r.text for r in plan.recipients.all()]
    return PlanOutline(
        legal_basis=[c.text for c in cited],
        purpose=plan_selectors.plan_purpose_lines(plan),
        sections=[convert(n) for n in nodes],
        deadlines=deadlines,
        recipients=recipients,
    )


def plan_can_view(user, plan) -> bool:
    helper = _optional("binhdang.plans.permissions", "plan_can_view")
    if helper is not None:
        return helper(user, plan)
    from binhdang.core.permissions import Action, policy

    return policy.has(user, Action.VIEW, plan.issuer)


# --- reporting ------------------------------------------------------------------------------

@dataclass
class Contribution:
    unit: str
    text: str


@dataclass
class NarrativeSection:
    title: str
    contributions: list[Contribution] = field(default_factory=list)


@dataclass
class IndicatorRow:
    code: str
    name: str
    unit: str
    female: float | None
    male: float | None


@dataclass
class CompletenessRow:
    unit: str
    due: datetime.date | None
    submitted: datetime.date | None
    state: str  # on_time | late | missing


@dataclass
class PlanRef:
    number: str
    date: datetime.date
    issuer: str
    title: str


@dataclass
class ReportData:
    unit: OrgUnit
    period_key: str
    period_phrase: str  # "6 tháng đầu năm 2017", "năm 2017"
    year: int | None = None
    parent_issuer: str = ""
    narrative: list[NarrativeSection] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    tasks: list[TaskView] = field(default_factory=list)
    completeness: list[CompletenessRow] = field(default_factory=list)
    plans: list[PlanRef] = field(default_factory=list)
    units_reported: int = 0
    default_recipients: list[str] = field(default_factory=list)


def report_period(period_key: str):
    """The reporting app's period (2017-H1, 2017); DomainError for anything else."""
    from binhdang.core.periods import PeriodKind, period_parse

    period = period_parse(period_key)
    if not (period.kind == PeriodKind.YEAR or (period.kind == PeriodKind.HALF and period.half == 1)):
        raise DomainError(
            _("Kỳ “%(key)s” không phải kỳ báo cáo 6 tháng hoặc năm. Dùng ví dụ 2017-H1 hoặc 2017.")
            % {"key": period_key},
            code="bad_period",
        )
    return period


def period_phrase(period) -> str:
    """The period as the texts say it, "6 tháng đầu năm 2017" or "năm 2017", in the active
    language (the official documents are built under translation.override("vi"))."""
    if period.half == 1:
        return pgettext("period in a sentence", "6 tháng đầu năm %(year)s") % {"year": period.year}
    return pgettext("period in a sentence", "năm %(year)s") % {"year": period.year}


def report_data(unit: OrgUnit, period_key: str, *, today: datetime.date | None = None) -> ReportData:
    """Everything the consolidated report prints, for `unit` and every unit below it."""
    from binhdang.plans.models import Obligation, Plan
    from binhdang.reporting.periods import obligations_q

    period = report_period(period_key)
    data = ReportData(unit=unit, period_key=period.key, period_phrase=period_phrase(period),
                      year=period.year)
    ancestors = list(OrgUnit.objects.get_ancestors(unit)) if unit.depth > 1 else []
    parent = ancestors[-1] if ancestors else None
    if parent is not None and search_key(parent.name).startswith("uy ban nhan dan"):
        data.default_recipients.append(f"{parent.name} (để báo cáo)")
    obligations = list(
        Obligation.objects.filter(obligations_q(period), org_unit__path__startswith=unit.path)
        .exclude(org_unit=unit).select_related("org_unit", "receiver", "plan", "plan__issuer")
        .order_by("org_unit__path", "due_date", "id")
    )
    receivers = []
    for obligation in obligations:
        if obligation.receiver not in receivers and obligation.receiver.path.startswith(unit.path):
            receivers.append(obligation.receiver)
    data.narrative, submitted_indicators = _consolidated(receivers, period.key)
    data.completeness = _completeness(obligations)
    data.units_reported = sum(1 for c in data.completeness if c.state != "missing")
    # The indicators app's roll-ups when it has values for the period; otherwise the
    # indicator tables of the submitted reports, summed by the reporting consolidation.
    data.indicators = indicator_rows(unit, period.key) or submitted_indicators
    plans = Plan.objects.filter(issuer=unit, year=period.year).exclude(number="").order_by("date", "id")
    for plan in plans:
        data.plans.append(PlanRef(plan.number, plan.date, plan.issuer.name, plan.title))
        # Task status as it stood at the end of the period's data window, not today.
        as_of = min(period.end, today or clock.today())
        data.tasks += [t for s in plan_outline(plan, today=as_of).sections for t in _all_tasks(s)]
    data.default_recipients += [
        "Thường trực Thị ủy, Thường trực HĐND thị xã (để báo cáo)" if unit.level_title == "thị xã" else
        "Thường trực cấp ủy, HĐND (để báo cáo)",
        "Các cơ quan, đơn vị; UBND các xã, phường",
        "Lưu: VT",
    ]
    return data


def _all_tasks(section: SectionView) -> list[TaskView]:
    tasks = list(section.tasks)
    for child in section.children:
        tasks += _all_tasks(child)
    return tasks


def _consolidated(receivers: list[OrgUnit], period_key: str) -> tuple[list[NarrativeSection], list[IndicatorRow]]:
    """reporting.selectors.consolidation_build for each receiver in the unit's subtree:
    narratives under each heading naming each unit, and the indicator tables summed."""
    build = _optional("binhdang.reporting.selectors", "consolidation_build")
    if build is None:
        return [], []
    merged: dict[str, NarrativeSection] = {}
    totals: dict[str, IndicatorRow] = {}
    for receiver in receivers:
        consolidation = build(receiver, period_key, include_submitted=True)
        for section in consolidation.sections:
            kind = getattr(section, "kind", "narrative")
            if kind == "indicator_table":
                for item in getattr(section, "indicators", []):
                    row = totals.setdefault(item.code, IndicatorRow(item.code, item.name, "", 0, 0))
                    row.female = (row.female or 0) + (item.female or 0)
                    row.male = (row.male or 0) + (item.male or 0)
            if kind != "narrative":
                continue
            target = merged.setdefault(section.title, NarrativeSection(section.title))
            target.contributions += [Contribution(c.unit, c.text) for c in section.contributions]
    return list(merged.values()), list(totals.values())


def _completeness(obligations) -> list[CompletenessRow]:
    status_of = _optional("binhdang.reporting.selectors", "obligation_status")
    rows = []
    for obligation in obligations:
        submitted_at = None
        if status_of is not None:
            state, submitted_at = status_of(obligation)
            if state in ("missing", "draft"):
                submitted_at = None
        elif obligation.submitted_at:
            submitted_at = obligation.submitted_at
        if submitted_at is None:
            rows.append(CompletenessRow(obligation.org_unit.name, obligation.due_date, None, "missing"))
            continue
        day = timezone.localtime(submitted_at).date()
        rows.append(CompletenessRow(obligation.org_unit.name, obligation.due_date, day,
                                    "on_time" if day <= obligation.due_date else "late"))
    return rows


# --- indicators -----------------------------------------------------------------------------

def indicators_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("binhdang.indicators")


def indicator_rows(unit: OrgUnit, period_key: str) -> list[IndicatorRow]:
    """The unit's aggregated values by sex (its whole subtree) for the period.

    Read from the indicators app's roll-up rows; where a selector for a unit's table exists
    it is preferred. Empty when the app is not installed.
    """
    if not indicators_installed():
        return []
    from binhdang.indicators.models import Indicator, IndicatorAggregate

    aggregates = IndicatorAggregate.objects.filter(org_unit=unit, period=period_key, breakdown="")
    cells: dict[int, dict[str, tuple[float, float]]] = {}
    for row in aggregates:
        cells.setdefault(row.indicator_id, {})[row.sex] = (row.num, row.den)
    if not cells:
        return []
    rows = []
    for indicator in Indicator.objects.filter(pk__in=cells).order_by("order", "code"):
        if not indicator.by_sex or indicator.kind != Indicator.Kind.COUNT:
            continue  # ratios and averages do not add up as Nữ + Nam = Tổng
        by_sex = cells[indicator.pk]
        female = by_sex.get("F", (None, None))[0]
        male = by_sex.get("M", (None, None))[0]
        rows.append(IndicatorRow(indicator.code, _plain(indicator.name), indicator.unit,
                                 _int(female), _int(male)))
    return rows


def _plain(name: str) -> str:
    return " ".join(name.split())


def _int(value: Any):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
