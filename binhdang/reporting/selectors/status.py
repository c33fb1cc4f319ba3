"""Completeness and timeliness per period and unit, rolled up the tree (the status page,
the Status JSON), and the obligations the reminders are about."""

import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Prefetch, Q
from django.utils import timezone

from binhdang.accounts.types import AnyUser
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind
from binhdang.plans.permissions import obligations as obligations_policy

from ..models import (
    Submission,
)
from ..periods import ReportingPeriod, obligations_q, period_parse

STATUSES = ("missing", "draft", "submitted", "returned", "accepted")


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
    # "as is" only: the unit of today the obligation's unit went into (its largest share)
    today_unit: OrgUnit | None = None
    split: bool = False

    @property
    def unit(self) -> OrgUnit:
        return self.obligation.org_unit

    @property
    def days_late(self) -> int | None:
        if self.on_time is not False or self.submitted_at is None:
            return None
        return (timezone.localtime(self.submitted_at).date() - self.obligation.due_date).days


class _HasState(Protocol):
    """A row the totals count: its state and whether it came on time."""

    status: str
    on_time: bool | None


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

    def add(self, row: "_HasState") -> None:
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
    from ..models import due_end_of_day

    if submitted_at is None:
        return None
    return submitted_at <= due_end_of_day(obligation.due_date)


def status_report(*, period_key: str, user: AnyUser | None = None, root: OrgUnit | None = None,
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
    view: str = "as_was"

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.page_size, self.count)


def status_page(*, period_key: str, user: AnyUser, root: OrgUnit | None = None, status: str | None = None,
                province: OrgUnit | None = None, unit_kind: str | None = None,
                page: int = 1, page_size: int = STATUS_PAGE_SIZE, view: str = "as_was") -> StatusPage:
    """The status page: totals and per-child roll-ups over every obligation of the period
    visible to `user` under `root` (narrowed to `province`'s subtree and to units of
    `unit_kind`), and one page of rows (narrowed by `status` as well).

    The totals are computed from one narrow query (column values, no model instances); only
    the rows of the page are loaded as objects, so the page costs the same for a ward and for
    the whole country. Raises DomainError for a bad period key; bad filters are ignored by
    the view before they get here, a page beyond the last gives the last.

    `view="as_is"` shows the period on today's tree: each obligation is grouped under the unit
    of today its unit went into (phường Ba Đình's 2017 report under phường Bỉm Sơn), the
    roll-ups are by today's children of `root`, and a root of today also counts the
    obligations of the units that went into it (status_today_units).
    """
    from ..models import due_end_of_day

    period = period_parse(period_key)
    page_size = max(1, min(int(page_size), STATUS_PAGE_SIZE_MAX))
    as_is = view == "as_is"
    queryset = obligations_policy.filter(user, "view", Obligation.objects.filter(obligations_q(period)))
    if root is not None:
        queryset = queryset.filter(_under(root, as_is))
    if province is not None:
        queryset = queryset.filter(org_unit__path__startswith=province.path)
    if unit_kind:
        queryset = queryset.filter(org_unit__kind=unit_kind)
    values = list(queryset.distinct().order_by("due_date", "org_unit__path", "id")
                  .values_list("id", "org_unit__path", "due_date", "fulfilled_by_plan_id", "submitted_at",
                               "submission__status", "submission__first_submitted_at", "org_unit_id"))
    today_of: dict[int, tuple[int, str, bool]] = {}
    if as_is:
        today_of = status_today_units(sorted({v[7] for v in values}))
        if root is not None and root.valid_to is None:  # only what lies in root's area today
            values = [v for v in values if v[7] in today_of and today_of[v[7]][1].startswith(root.path)]
        values.sort(key=lambda v: (today_of[v[7]][1] if v[7] in today_of else "", v[2], v[1], v[0]))
    totals = Totals()
    children = ([(child, Totals()) for child in _sorted_children(root)
                 if not as_is or child.valid_to is None] if root is not None else [])
    child_totals_by_path = {child.path: child_totals for child, child_totals in children}
    prefix = len(root.path) + OrgUnit.steplen if root is not None else 0
    matching: list[int] = []
    for pk, unit_path, due, fulfilled, submitted, sub_status, sub_first, unit_id in values:
        path = today_of[unit_id][1] if unit_id in today_of else unit_path
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
    today_units = OrgUnit.objects.in_bulk(
        {today_of[o.org_unit_id][0] for o in by_pk.values() if o.org_unit_id in today_of}) if as_is else {}
    rows = []
    for pk in wanted:
        obligation = by_pk[pk]
        state, submitted_at = obligation_status(obligation)
        today = today_of.get(obligation.org_unit_id)
        rows.append(StatusRow(obligation, state, submitted_at, _on_time(obligation, submitted_at),
                              _submission_of(obligation), today_units.get(today[0]) if today else None,
                              bool(today and today[2])))
    return StatusPage(
        period=period, rows=rows, totals=totals, root=root,
        ancestors=list(OrgUnit.objects.get_ancestors(root)) if root is not None and root.depth > 1 else [],
        children=[StatusNode(c, t, c.numchild > 0) for c, t in children if t.expected],
        provinces=_provinces_under(root), page=page, pages=pages, page_size=page_size,
        count=len(matching), view="as_is" if as_is else "as_was",
    )


def _under(root: OrgUnit, as_is: bool) -> Q:
    """Obligations under `root`; "as is", a root of today also takes those of the units that
    went into it (phường Bỉm Sơn: phường Ba Đình, Lam Sơn, Đông Sơn, xã Hà Lan, xã Hà Vinh)."""
    q = Q(org_unit__path__startswith=root.path)
    if as_is and root.valid_to is None:
        from binhdang.orgunits.lineage import predecessor_graph

        graph = predecessor_graph([root])
        for shares in graph.values():
            for share in shares:
                if not share.unit.path.startswith(root.path):
                    q |= Q(org_unit__path__startswith=share.unit.path)
    return q


def status_today_units(unit_ids: list[int]) -> dict[int, tuple[int, str, bool]]:
    """{unit id: (id and path of the unit of today it went into, whether by a split share)}:
    a unit in force is its own; an ended one its successor with the largest share; an ended
    unit without successor (an office of an abolished district) that of its nearest ancestor
    that has one (the district's → the province). Units with none are left out.

    Units in force are read as plain (id, path) values; only ended ones become objects, and
    lineage is read once per generation for all of them together.
    """
    from binhdang.orgunits.lineage import current_successors

    rows = list(OrgUnit.objects.filter(pk__in=unit_ids).values_list("id", "path", "valid_to"))
    ended_ids = [pk for pk, _path, valid_to in rows if valid_to is not None]
    fields = ("id", "code", "name", "short_name", "path", "depth", "numchild", "kind", "level", "valid_from",
              "valid_to")
    ended = list(OrgUnit.objects.filter(pk__in=ended_ids).only(*fields)) if ended_ids else []
    successors = current_successors(ended)
    # Only an ended unit without successor looks up its ancestors (the town's offices).
    orphans = [u for u in ended if not successors.get(u.pk)]
    prefixes = {u.path[:n] for u in orphans for n in range(OrgUnit.steplen, len(u.path), OrgUnit.steplen)}
    ancestors = {a.path: a for a in OrgUnit.objects.filter(path__in=prefixes).only(*fields)} if prefixes else {}
    successors.update(current_successors([a for a in ancestors.values()
                                          if a.valid_to is not None and a.pk not in successors]))

    def today(unit: OrgUnit) -> tuple[int, str, bool] | None:
        if unit.valid_to is None:
            return unit.pk, unit.path, False
        found = successors.get(unit.pk) or []
        if not found:
            return None
        return found[0].unit.pk, found[0].unit.path, len(found) > 1 or found[0].weight < 1

    out: dict[int, tuple[int, str, bool]] = {pk: (pk, path, False) for pk, path, valid_to in rows
                                             if valid_to is None}
    for unit in ended:
        answer = today(unit)
        for n in range(len(unit.path) - OrgUnit.steplen, 0, -OrgUnit.steplen):
            if answer is not None:
                break
            ancestor = ancestors.get(unit.path[:n])
            answer = today(ancestor) if ancestor is not None else None
        if answer is not None:
            out[unit.pk] = answer
    return out


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


def status_json(*, period_key: str, user: AnyUser | None = None) -> dict[str, Any]:
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


def default_status_root(*, user: AnyUser) -> OrgUnit | None:
    """The top of the user's reach (a coordinator's scope, a viewer's town, a reporter's unit)."""
    from binhdang.core.permissions import Action, is_superuser, policy

    if is_superuser(user):
        return OrgUnit.objects.filter(depth=1).order_by("path").first()
    grants = [g for g in policy.grants(user) if g.action in (Action.VIEW, Action.COORDINATE)]
    if not grants:
        return None
    best = min(grants, key=lambda g: len(g.path))
    return OrgUnit.objects.filter(pk=best.unit_id).first()


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
