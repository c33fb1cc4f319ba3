"""Reads of the reporting cycle: visible submissions, completeness and timeliness per
period and unit (rolled up the tree), resubmission diffs, consolidation, indicator values."""

import datetime
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from binhdang.core.periods import period_choices
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind, Plan, Task
from binhdang.plans.permissions import obligations as obligations_policy

from . import permissions
from .models import (
    Attachment,
    Notification,
    ReportTemplate,
    SectionKind,
    Submission,
    SubmissionRevision,
)
from .periods import ReportingPeriod, obligation_kind, obligations_q, period_parse

STATUSES = ("missing", "draft", "submitted", "returned", "accepted")


# --- lists ----------------------------------------------------------------------------------


def submission_list_visible(*, user, period_key: str | None = None, status: str | None = None) -> QuerySet[Submission]:
    """Submissions the user may read: a reporter sees its own unit only."""
    queryset = Submission.objects.filter(permissions.submission_visible_q(user)).select_related(
        "obligation__receiver", "org_unit"
    )
    if period_key:
        queryset = queryset.filter(obligations_q(period_parse(period_key), "obligation"))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.distinct().order_by("obligation__due_date", "org_unit__path", "id")


def submission_get_visible(*, user, pk: int) -> Submission:
    """Raises Submission.DoesNotExist when missing or not visible to the user."""
    return submission_list_visible(user=user).get(pk=pk)


def obligation_list_visible(*, user, period_key: str | None = None) -> QuerySet[Obligation]:
    """Obligations the user may see: the one rule of `plans.permissions.obligations`."""
    queryset = obligations_policy.filter(user, "view")
    if period_key:
        queryset = queryset.filter(obligations_q(period_parse(period_key)))
    return (
        queryset.select_related("org_unit", "receiver", "plan", "submission")
        .distinct()
        .order_by("due_date", "org_unit__path", "id")
    )


def receiver_list_coordinated(*, user: Any) -> list[OrgUnit]:
    """The units that receive reports and that the user coordinates (consolidation picker)."""
    from binhdang.core.permissions import Action, policy

    ids = Obligation.objects.values("receiver_id")
    return list(OrgUnit.objects.filter(policy.units_q(user, Action.COORDINATE), pk__in=ids)
                .order_by("path"))


def plan_list_coordinated(*, user: Any, with_obligations: bool = False) -> QuerySet[Plan]:
    """Plans the user may edit (coordinates the issuer), newest first."""
    from binhdang.plans.permissions import plans

    queryset = plans.filter(user, "edit").select_related("issuer")
    if with_obligations:
        queryset = queryset.filter(pk__in=Obligation.objects.values("plan_id"))
    return queryset.order_by("-year", "number")


def obligation_units(*, plans: QuerySet[Plan]) -> QuerySet[OrgUnit]:
    """The units that have obligations under `plans` (who an ad-hoc request may go to)."""
    return OrgUnit.objects.filter(
        pk__in=Obligation.objects.filter(plan__in=plans).values("org_unit")).order_by("path")


def template_for_kind(kind: str | None) -> ReportTemplate:
    """The stored form of a report kind, or (never stored yet) its default, unsaved: a read
    creates nothing; the data migration stores the defaults."""
    from .defaults import default_template

    template = ReportTemplate.objects.filter(kind=kind).first() if kind else None
    if template is not None:
        return template
    name, sections = default_template(kind or ObligationKind.REPORT_SEMIANNUAL)
    return ReportTemplate(kind=kind or ObligationKind.REPORT_SEMIANNUAL, name=name, sections=sections)


def template_list() -> list[ReportTemplate]:
    """Every report kind's form, stored or default, in the order of the kinds."""
    return [template_for_kind(kind) for kind in ObligationKind.values]


def obligation_get_visible(*, user, pk: int) -> Obligation:
    return obligation_list_visible(user=user).get(pk=pk)


def attachment_get_visible(*, user, pk: int) -> Attachment:
    """Raises Attachment.DoesNotExist unless the user may read its report."""
    return Attachment.objects.filter(permissions.submission_visible_q(user, "submission__org_unit")).distinct().get(pk=pk)


def revision_list(*, submission: Submission) -> list[SubmissionRevision]:
    return list(submission.revisions.select_related("submitted_by").order_by("number"))


def notification_list(*, user, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def period_keys_available() -> list[str]:
    """Period keys that have obligations, newest first (for filters)."""
    from django.db.models.functions import ExtractYear

    suffix = {ObligationKind.REPORT_SEMIANNUAL: "-H1", ObligationKind.REPORT_ANNUAL: "",
              ObligationKind.UNIT_PLAN: "-plan"}
    pairs = (Obligation.objects.exclude(kind=ObligationKind.ADHOC)
             .annotate(year=ExtractYear("due_date")).values_list("kind", "year").distinct())
    keys = {f"{year}{suffix[ObligationKind(kind)]}" for kind, year in pairs}
    requests = (Obligation.objects.filter(kind=ObligationKind.ADHOC)
                .values_list("adhoc_requests__pk", flat=True).distinct())
    keys |= {f"adhoc-{pk}" for pk in requests if pk}
    return [p.key for p in period_choices(sorted(keys))]


# --- completeness and timeliness -----------------------------------------------------------


def obligation_status(obligation: Obligation) -> tuple[str, datetime.datetime | None]:
    """(status, first submission time) of one obligation; submissions are the truth.

    A unit plan sent through the plans app (fulfilled_by_plan) counts as submitted.
    """
    try:
        submission = obligation.submission
    except Submission.DoesNotExist:
        submission = None
    if submission is None:
        if obligation.fulfilled_by_plan_id and obligation.submitted_at:
            return "submitted", obligation.submitted_at
        return "missing", None
    if submission.status == Submission.Status.DRAFT:
        return ("draft", None) if submission.first_submitted_at is None else ("submitted", submission.first_submitted_at)
    return str(submission.status), submission.first_submitted_at


@dataclass
class StatusRow:
    obligation: Obligation
    status: str
    submitted_at: datetime.datetime | None
    on_time: bool | None
    submission: Submission | None

    @property
    def unit(self) -> OrgUnit:
        return self.obligation.org_unit

    @property
    def days_late(self) -> int | None:
        if self.on_time is not False or self.submitted_at is None:
            return None
        return (timezone.localtime(self.submitted_at).date() - self.obligation.due_date).days


@dataclass
class Totals:
    expected: int = 0
    missing: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    accepted: int = 0
    on_time: int = 0
    late: int = 0

    def add(self, row: StatusRow) -> None:
        self.expected += 1
        setattr(self, row.status, getattr(self, row.status) + 1)
        if row.on_time is True:
            self.on_time += 1
        elif row.on_time is False:
            self.late += 1

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in
                ("expected", "missing", "draft", "submitted", "returned", "accepted", "on_time", "late")}

    @property
    def sent(self) -> int:
        return self.on_time + self.late

    @property
    def percent_sent(self) -> int:
        return round(100 * self.sent / self.expected) if self.expected else 0


@dataclass
class StatusNode:
    unit: OrgUnit
    totals: Totals
    has_children: bool


@dataclass
class StatusReport:
    period: ReportingPeriod
    rows: list[StatusRow]
    totals: Totals
    root: OrgUnit | None = None
    ancestors: list[OrgUnit] = field(default_factory=list)
    children: list[StatusNode] = field(default_factory=list)


def _on_time(obligation: Obligation, submitted_at: datetime.datetime | None) -> bool | None:
    from .models import due_end_of_day

    if submitted_at is None:
        return None
    return submitted_at <= due_end_of_day(obligation.due_date)


def status_report(*, period_key: str, user=None, root: OrgUnit | None = None,
                  status: str | None = None, receivers: list[int] | None = None) -> StatusReport:
    """Every obligation of the period (visible to `user`, under `root`, sent to one of
    `receivers` when given) with its status, totals, and the totals of each child of `root`
    (its whole subtree rolled up).

    Raises DomainError for a bad period key.
    """
    period = period_parse(period_key)
    queryset = Obligation.objects.filter(obligations_q(period))
    if user is not None:
        queryset = obligations_policy.filter(user, "view", queryset)
    if root is not None:
        queryset = queryset.filter(org_unit__path__startswith=root.path)
    if receivers is not None:
        queryset = queryset.filter(receiver_id__in=receivers)
    obligations = (
        queryset.select_related("org_unit", "receiver", "plan")
        .prefetch_related(Prefetch("submission", queryset=Submission.objects.all()))
        .distinct()
        .order_by("due_date", "org_unit__path", "id")
    )
    rows = []
    for obligation in obligations:
        state, submitted_at = obligation_status(obligation)
        submission = _submission_of(obligation)
        rows.append(StatusRow(obligation, state, submitted_at, _on_time(obligation, submitted_at), submission))
    totals = Totals()
    for row in rows:
        totals.add(row)
    report = StatusReport(period=period, rows=rows, totals=totals, root=root)
    if root is not None:
        report.ancestors = list(OrgUnit.objects.get_ancestors(root)) if root.depth > 1 else []
        from binhdang.orgunits.selectors import sort_units

        for child in sort_units(OrgUnit.objects.get_children(root)):
            child_totals = Totals()
            for row in rows:
                if row.unit.path.startswith(child.path):
                    child_totals.add(row)
            if child_totals.expected:
                report.children.append(StatusNode(child, child_totals, child.numchild > 0))
    if status:
        report.rows = [r for r in rows if r.status == status or (status == "late" and r.on_time is False)]
    return report


STATUS_PAGE_SIZE = 50
STATUS_PAGE_SIZE_MAX = 200
STATUS_FILTERS = (*STATUSES, "late")


def _status_of_values(sub_status: str | None, sub_first: datetime.datetime | None,
                      fulfilled_by_plan_id: int | None,
                      submitted_at: datetime.datetime | None) -> tuple[str, datetime.datetime | None]:
    """`obligation_status` over plain column values (no model instances): the same rule."""
    if sub_status is None:
        if fulfilled_by_plan_id and submitted_at:
            return "submitted", submitted_at
        return "missing", None
    if sub_status == Submission.Status.DRAFT:
        return ("draft", None) if sub_first is None else ("submitted", sub_first)
    return str(sub_status), sub_first


@dataclass
class StatusPage:
    """One page of the status list, with the totals and roll-ups of everything filtered."""

    period: ReportingPeriod
    rows: list[StatusRow]
    totals: Totals
    root: OrgUnit | None
    ancestors: list[OrgUnit]
    children: list[StatusNode]
    provinces: list[OrgUnit]
    page: int
    pages: int
    page_size: int
    count: int  # rows matching the state filter (all pages)

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.page_size, self.count)


def status_page(*, period_key: str, user, root: OrgUnit | None = None, status: str | None = None,
                province: OrgUnit | None = None, unit_kind: str | None = None,
                page: int = 1, page_size: int = STATUS_PAGE_SIZE) -> StatusPage:
    """The status page: totals and per-child roll-ups over every obligation of the period
    visible to `user` under `root` (narrowed to `province`'s subtree and to units of
    `unit_kind`), and one page of rows (narrowed by `status` as well).

    The totals are computed from one narrow query (column values, no model instances); only
    the rows of the page are loaded as objects, so the page costs the same for a ward and for
    the whole country. Raises DomainError for a bad period key; bad filters are ignored by
    the view before they get here, a page beyond the last gives the last.
    """
    from .models import due_end_of_day

    period = period_parse(period_key)
    page_size = max(1, min(int(page_size), STATUS_PAGE_SIZE_MAX))
    queryset = obligations_policy.filter(user, "view", Obligation.objects.filter(obligations_q(period)))
    if root is not None:
        queryset = queryset.filter(org_unit__path__startswith=root.path)
    if province is not None:
        queryset = queryset.filter(org_unit__path__startswith=province.path)
    if unit_kind:
        queryset = queryset.filter(org_unit__kind=unit_kind)
    values = (queryset.distinct().order_by("due_date", "org_unit__path", "id")
              .values_list("id", "org_unit__path", "due_date", "fulfilled_by_plan_id", "submitted_at",
                           "submission__status", "submission__first_submitted_at"))
    totals = Totals()
    children = ([(child, Totals()) for child in _sorted_children(root)] if root is not None else [])
    child_totals_by_path = {child.path: child_totals for child, child_totals in children}
    prefix = len(root.path) + OrgUnit.steplen if root is not None else 0
    matching: list[int] = []
    for pk, path, due, fulfilled, submitted, sub_status, sub_first in values:
        state, first = _status_of_values(sub_status, sub_first, fulfilled, submitted)
        on_time = None if first is None else first <= due_end_of_day(due)
        row = _TotalsRow(state, on_time)
        totals.add(row)
        child_totals = child_totals_by_path.get(path[:prefix]) if prefix else None
        if child_totals is not None:
            child_totals.add(row)
        if not status or state == status or (status == "late" and on_time is False):
            matching.append(pk)
    pages = max(1, -(-len(matching) // page_size))
    page = max(1, min(int(page), pages))
    wanted = matching[(page - 1) * page_size:page * page_size]
    objects = (Obligation.objects.filter(pk__in=wanted).select_related("org_unit", "receiver", "plan")
               .prefetch_related(Prefetch("submission", queryset=Submission.objects.all())))
    by_pk = {o.pk: o for o in objects}
    rows = []
    for pk in wanted:
        obligation = by_pk[pk]
        state, submitted_at = obligation_status(obligation)
        rows.append(StatusRow(obligation, state, submitted_at, _on_time(obligation, submitted_at),
                              _submission_of(obligation)))
    return StatusPage(
        period=period, rows=rows, totals=totals, root=root,
        ancestors=list(OrgUnit.objects.get_ancestors(root)) if root is not None and root.depth > 1 else [],
        children=[StatusNode(c, t, c.numchild > 0) for c, t in children if t.expected],
        provinces=_provinces_under(root), page=page, pages=pages, page_size=page_size,
        count=len(matching),
    )


@dataclass
class _TotalsRow:
    status: str
    on_time: bool | None


def _sorted_children(root: OrgUnit) -> list[OrgUnit]:
    from binhdang.orgunits.selectors import sort_units

    return list(sort_units(OrgUnit.objects.get_children(root)))


def status_province(*, root: OrgUnit | None, pk: int | None) -> OrgUnit | None:
    """The province `pk` when it lies under `root` (the status page's filter), else None."""
    if pk is None or root is None:
        return None
    return OrgUnit.objects.filter(pk=pk, path__startswith=root.path, level=OrgUnit.Level.PROVINCE,
                                  kind=OrgUnit.Kind.ADMINISTRATIVE).first()


def _provinces_under(root: OrgUnit | None) -> list[OrgUnit]:
    """The provinces a status list under `root` can be narrowed to (none below a province)."""
    if root is None or root.level != OrgUnit.Level.COUNTRY:
        return []
    return list(OrgUnit.objects.filter(path__startswith=root.path, depth__gt=root.depth,
                                       level=OrgUnit.Level.PROVINCE, kind=OrgUnit.Kind.ADMINISTRATIVE)
                .order_by("name"))


def _submission_of(obligation: Obligation) -> Submission | None:
    try:
        return obligation.submission
    except Submission.DoesNotExist:
        return None


def obligation_label(obligation: Obligation) -> str:
    if obligation.kind == ObligationKind.ADHOC:
        return obligation.title
    return str(obligation.get_kind_display())


def status_json(*, period_key: str, user=None) -> dict[str, Any]:
    """The Status JSON of CONTRACTS §4. Raises DomainError for a bad period key."""
    report = status_report(period_key=period_key, user=user)
    return {
        "period": report.period.key,
        "window": report.period.window,
        "obligations": [
            {
                "unit": row.unit.name,
                "obligation": obligation_label(row.obligation),
                "due": row.obligation.due_date.isoformat(),
                "status": row.status,
                "submitted_at": timezone.localtime(row.submitted_at).isoformat(timespec="seconds")
                if row.submitted_at else None,
                "on_time": row.on_time,
            }
            for row in report.rows
        ],
        "totals": report.totals.as_dict(),
    }


def default_status_root(*, user) -> OrgUnit | None:
    """The top of the user's reach (a coordinator's scope, a viewer's town, a reporter's unit)."""
    from binhdang.core.permissions import Action, is_superuser, policy

    if is_superuser(user):
        return OrgUnit.objects.filter(depth=1).order_by("path").first()
    grants = [g for g in policy.grants(user) if g.action in (Action.VIEW, Action.COORDINATE)]
    if not grants:
        return None
    best = min(grants, key=lambda g: len(g.path))
    return OrgUnit.objects.filter(pk=best.unit_id).first()


# --- diffs ------------------------------------------------------------------------------------


@dataclass
class CellChange:
    row: str
    column: str
    old: Any
    new: Any


@dataclass
class SectionDiff:
    key: str
    title: str
    kind: str
    changed: bool
    tokens: list[tuple[str, str]] = field(default_factory=list)  # (equal|insert|delete, text)
    cells: list[CellChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


_WORDS = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff (whitespace kept, so line breaks survive) with difflib."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    tokens: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            tokens.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            tokens.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            tokens.append(("insert", "".join(b[j1:j2])))
    return tokens


# Marked for translation here, translated when a diff is built (`_(title)` in _table_diff).
_TASK_COLUMNS = (("status", gettext_noop("Trạng thái")), ("progress", gettext_noop("Tiến độ (%)")),
                 ("note", gettext_noop("Ghi chú")))
_INDICATOR_COLUMNS = (("female", gettext_noop("Nữ")), ("male", gettext_noop("Nam")))


def _table_diff(old_rows, new_rows, columns, label) -> tuple[list[CellChange], list[str], list[str]]:
    old_by = {r["code"]: r for r in old_rows or []}
    new_by = {r["code"]: r for r in new_rows or []}
    cells = []
    for code, row in new_by.items():
        before = old_by.get(code)
        if before is None:
            continue
        for column, title in columns:
            if before.get(column) != row.get(column):
                cells.append(CellChange(label(row), _(title), before.get(column), row.get(column)))
    added = [label(r) for c, r in new_by.items() if c not in old_by]
    removed = [label(r) for c, r in old_by.items() if c not in new_by]
    return cells, added, removed


def content_diff(*, sections: list[dict], old: dict, new: dict,
                 old_files: list[str] | None = None, new_files: list[str] | None = None) -> list[SectionDiff]:
    """What changed, per section, between two versions of a report's content."""
    result = []
    for section in sections:
        key, kind = section["key"], section["kind"]
        diff = SectionDiff(key=key, title=section["title"], kind=kind, changed=False)
        if kind == SectionKind.NARRATIVE:
            before, after = str(old.get(key) or ""), str(new.get(key) or "")
            diff.changed = before != after
            diff.tokens = text_diff(before, after) if diff.changed else [("equal", after)]
        elif kind == SectionKind.TASK_TABLE:
            diff.cells, diff.added, diff.removed = _table_diff(
                old.get(key), new.get(key), _TASK_COLUMNS, lambda r: f"{r['code']} {r.get('text', '')[:60]}")
        elif kind == SectionKind.INDICATOR_TABLE:
            diff.cells, diff.added, diff.removed = _table_diff(
                old.get(key), new.get(key), _INDICATOR_COLUMNS, lambda r: f"{r['code']} – {r.get('name', '')}")
        elif kind == SectionKind.ATTACHMENTS:
            before_files = old_files if old_files is not None else list(old.get(key) or [])
            after_files = new_files if new_files is not None else list(new.get(key) or [])
            diff.added = [f for f in after_files if f not in before_files]
            diff.removed = [f for f in before_files if f not in after_files]
        diff.changed = diff.changed or bool(diff.cells or diff.added or diff.removed)
        result.append(diff)
    return result


@dataclass
class RevisionDiff:
    previous: SubmissionRevision | None
    current: SubmissionRevision | None
    sections: list[SectionDiff]

    @property
    def changed_count(self) -> int:
        return sum(1 for s in self.sections if s.changed)


def submission_diff(*, submission: Submission, number: int | None = None) -> RevisionDiff:
    """What changed in revision `number` (default: the latest) since the previous one."""
    revisions = revision_list(submission=submission)
    if not revisions:
        return RevisionDiff(None, None, [])
    current = revisions[-1] if number is None else next((r for r in revisions if r.number == number), revisions[-1])
    previous = next((r for r in reversed(revisions) if r.number < current.number), None)
    if previous is None:
        return RevisionDiff(None, current, [])

    def files(revision):
        return [a["name"] for a in revision.attachments]

    sections = content_diff(sections=current.sections, old=previous.content, new=current.content,
                            old_files=files(previous), new_files=files(current))
    return RevisionDiff(previous, current, sections)


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
    accepted_at: datetime.datetime

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


def indicator_rows_with_totals(rows: list[dict]) -> list[dict]:
    """Rows of an indicator table with the derived total (never stored)."""
    out = []
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


def reminder_candidates(*, day: datetime.date) -> list[tuple[Obligation, str, int]]:
    """(obligation, status, days until due) for obligations still waiting on the unit
    (missing, draft or returned) whose due date is within the reminder ladder of `day`."""
    window_start = day - datetime.timedelta(days=60)
    window_end = day + datetime.timedelta(days=7)
    obligations = (
        Obligation.objects.filter(due_date__gte=window_start, due_date__lte=window_end)
        .filter(Q(submission__isnull=True) | Q(submission__status__in=["draft", "returned"]))
        .select_related("org_unit", "receiver", "plan", "submission")
        .order_by("due_date", "org_unit__path", "id")
    )
    result = []
    for obligation in obligations:
        state, _at = obligation_status(obligation)
        if state in ("missing", "draft", "returned"):
            result.append((obligation, state, (obligation.due_date - day).days))
    return result
