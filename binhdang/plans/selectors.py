"""Reads of plans, tasks, obligations and their calendar, always filtered to what the
user may see; also the Plan JSON (CONTRACTS §3) serialisation and the iCalendar feed."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac

from binhdang.core.permissions import Action, policy
from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit

from .models import (
    CitedDocument,
    Group,
    Obligation,
    ObligationKind,
    Plan,
    Recurrence,
    Task,
    TaskAssignment,
    TaskComment,
    TaskEvidence,
    TaskUpdate,
)
from .permissions import plan_visible_q

DEFAULT_DAY = 15  # undated recurrences fall on the 15th, the reporting cut-off day

# --- groups -------------------------------------------------------------------------------

GROUP_KINDS: dict[str, list[str]] = {
    Group.COMMUNES: [OrgUnit.Kind.ADMINISTRATIVE],
    Group.AGENCIES: [OrgUnit.Kind.AGENCY],
    Group.ORGANISATIONS: [OrgUnit.Kind.ORGANISATION],
    Group.ALL_UNITS: [OrgUnit.Kind.AGENCY, OrgUnit.Kind.ORGANISATION],
}


def group_from_label(label: str) -> str | None:
    """The group a collective name stands for ("UBND các xã, phường" → communes), else None."""
    key = f" {search_key(label)} "
    if " cac xa " in key or " cac phuong " in key or "xa phuong" in key:
        return Group.COMMUNES
    if " doan the " in key and (" cac " in key or key.strip().startswith("doan the")):
        return Group.ORGANISATIONS
    if " cac phong " in key or " ban nganh " in key:
        return Group.AGENCIES
    if " cac co quan " in key or " cac don vi " in key:
        return Group.ALL_UNITS
    return None


def group_units(*, issuer: OrgUnit, group: str, on: datetime.date | None) -> list[OrgUnit]:
    """The units directly under `issuer` that a group names, valid on `on`."""
    queryset = OrgUnit.objects.filter(
        path__startswith=issuer.path, depth=issuer.depth + 1, kind__in=GROUP_KINDS[group]
    )
    if on is not None:
        queryset = queryset.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )
    return list(queryset.order_by("path"))


def _plan_group_units(plan: Plan, group: str) -> list[OrgUnit]:
    cache = plan.__dict__.setdefault("_group_units", {})
    if group not in cache:
        cache[group] = group_units(issuer=plan.issuer, group=group, on=plan.date)
    return cache[group]


def assignment_units(assignment: TaskAssignment, plan: Plan) -> list[OrgUnit]:
    if assignment.org_unit_id:
        return [assignment.org_unit]
    return _plan_group_units(plan, assignment.group)


def task_units(*, task: Task, role: str) -> list[OrgUnit]:
    """The task's units of one role, groups expanded to the units under the issuer."""
    units: list[OrgUnit] = []
    for assignment in task.assignments.all():
        if assignment.role == role:
            for unit in assignment_units(assignment, task.plan):
                if unit not in units:
                    units.append(unit)
    return units


# --- status -------------------------------------------------------------------------------


def task_final_due(task: Task) -> datetime.date:
    """The last due date, or the end of the plan's year when the text gives none."""
    dates = [d.date for d in task.dues.all()]
    return max(dates) if dates else datetime.date(task.plan.year, 12, 31)


def task_status_on(task: Task, today: datetime.date) -> str:
    """The stored status, or "overdue" once the final due date passed without completion."""
    if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
        return task.status
    if task_final_due(task) < today:
        return Task.Status.OVERDUE
    return task.status


def task_status_label(status: str) -> str:
    return str(Task.Status(status).label)


# --- plans --------------------------------------------------------------------------------


def plan_list_visible(*, user) -> QuerySet[Plan]:
    return Plan.objects.filter(plan_visible_q(user)).select_related("issuer").distinct()


def plan_get_visible(*, user, pk: int) -> Plan:
    """Raises Plan.DoesNotExist when missing or not visible."""
    return plan_list_visible(user=user).get(pk=pk)


def plan_by_number(*, number: str, year: int | None = None) -> Plan | None:
    """A plan by its number; without a year, the issued one of the earliest year."""
    queryset = Plan.objects.filter(number=number.strip()).select_related("issuer")
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.order_by("year", "pk").first()


def _task_prefetch() -> list:
    return [
        Prefetch(
            "assignments",
            queryset=TaskAssignment.objects.select_related("org_unit").order_by("role", "order", "id"),
        ),
        "dues",
        "recurrences",
    ]


def plan_tasks(*, plan: Plan) -> list[Task]:
    tasks = list(
        plan.tasks.select_related("section").prefetch_related(*_task_prefetch()).order_by("order", "id")
    )
    for task in tasks:
        task.plan = plan  # share the plan (and its group cache) between tasks
    return tasks


@dataclass
class SectionNode:
    section: object
    children: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


def plan_outline(*, plan: Plan, today: datetime.date) -> list[SectionNode]:
    """The plan's sections as a tree, each with its tasks (status computed for `today`)."""
    sections = list(plan.sections.order_by("order", "id"))
    nodes = {s.pk: SectionNode(s) for s in sections}
    roots = []
    for s in sections:
        (nodes[s.parent_id].children if s.parent_id in nodes else roots).append(nodes[s.pk])
    loose = []
    for task in plan_tasks(plan=plan):
        _decorate(task, today)
        (nodes[task.section_id].tasks if task.section_id in nodes else loose).append(task)
    if loose:
        roots.append(SectionNode(None, [], loose))
    return roots


def plan_purpose_lines(plan: Plan) -> list[str]:
    """The purpose items as text (stored as strings or as {"label", "text"} objects)."""
    lines = []
    for item in plan.purpose or []:
        text = item.get("text") if isinstance(item, dict) else item
        if text:
            lines.append(str(text))
    return lines


def _has_tasks(node: SectionNode) -> bool:
    return bool(node.tasks) or any(_has_tasks(c) for c in node.children)


def plan_document_body(*, plan: Plan, today: datetime.date) -> list[SectionNode]:
    """The outline for the document view; part I is printed from the purpose instead when
    the plan has one and no task sits under it."""
    outline = plan_outline(plan=plan, today=today)
    if not plan_purpose_lines(plan):
        return outline
    return [n for n in outline if not (n.section and n.section.label == "I" and not _has_tasks(n))]


def _decorate(task: Task, today: datetime.date) -> Task:
    task.effective_status = task_status_on(task, today)
    task.effective_status_label = task_status_label(task.effective_status)
    task.final_due = task_final_due(task)
    task.lead_assignments = [a for a in task.assignments.all() if a.role == TaskAssignment.Role.LEAD]
    task.coordinating_assignments = [
        a for a in task.assignments.all() if a.role == TaskAssignment.Role.COORDINATING
    ]
    return task


def _cited(doc: CitedDocument) -> dict:
    return {
        "text": doc.text,
        "type_name": doc.type_name or None,
        "number": doc.number or None,
        "date": doc.date.isoformat() if doc.date else None,
        "issuer": doc.issuer or None,
    }


def _assignment_names(task: Task, role: str) -> list[str]:
    return [a.display_name for a in task.assignments.all() if a.role == role]


def plan_to_contract_json(plan: Plan, *, today: datetime.date | None = None) -> dict:
    """The plan as Plan JSON (CONTRACTS.md §3), with status/progress added to tasks."""
    today = today or datetime.date.today()  # noqa: DTZ011
    cited = list(plan.cited_documents.order_by("order", "id"))
    sections = list(plan.sections.order_by("order", "id"))
    by_parent: dict[int | None, list] = defaultdict(list)
    for s in sections:
        by_parent[s.parent_id].append(s)

    def nest(parent_id):
        return [
            {"label": s.label, "title": s.title, "children": nest(s.pk)} for s in by_parent[parent_id]
        ]

    tasks = []
    for task in plan_tasks(plan=plan):
        tasks.append(
            {
                "id": task.code,
                "section": task.section.label if task.section else None,
                "text": task.text,
                "lead": _assignment_names(task, TaskAssignment.Role.LEAD),
                "coordinating": _assignment_names(task, TaskAssignment.Role.COORDINATING),
                "due": [{"date": d.date.isoformat(), "text": d.text} for d in task.dues.all()],
                "recurrence": [
                    {"freq": r.freq, "month": r.month, "day": r.day, "text": r.text}
                    for r in task.recurrences.all()
                ],
                "status": task_status_on(task, today),
                "progress": task.progress,
            }
        )
    return {
        "document": {
            "issuer": plan.issuer.name,
            "parent_issuer": plan.parent_issuer or None,
            "number": plan.number or None,
            "type": plan.doc_type,
            "type_name": plan.type_name,
            "place": plan.place or None,
            "date": plan.date.isoformat(),
            "title": plan.title,
            "status": plan.status,
            "year": plan.year,
        },
        "purpose": list(plan.purpose or []),
        "preamble": list(plan.preamble or []),
        "legal_basis": [_cited(d) for d in cited if d.role == CitedDocument.Role.LEGAL_BASIS],
        "references": [_cited(d) for d in cited if d.role == CitedDocument.Role.REFERENCE],
        "sections": nest(None),
        "tasks": tasks,
        "deadlines": [
            {
                "date": d.date.isoformat(),
                "text": d.text,
                "what": d.what,
                "from": list(d.from_labels or []),
                "to": d.to_label or (d.receiver.name if d.receiver_id else None),
                "kind": d.kind,
            }
            for d in plan.deadlines.select_related("receiver").order_by("date", "order", "id")
        ],
        "recipients": [{"text": r.text, "purpose": r.purpose or None} for r in plan.recipients.all()],
        "signer": {
            "name": plan.signer_name or None,
            "title": plan.signer_title or None,
            "authority": plan.signer_authority or None,
        },
    }


# --- tasks --------------------------------------------------------------------------------


def task_get_visible(*, user, pk: int) -> Task:
    """Raises Task.DoesNotExist when missing or not visible."""
    task = (
        Task.objects.filter(plan_visible_q(user, "plan"))
        .select_related("plan__issuer", "section")
        .prefetch_related(*_task_prefetch())
        .distinct()
        .get(pk=pk)
    )
    return task


def task_history(*, task: Task) -> list[TaskUpdate]:
    return list(
        task.updates.select_related("author", "org_unit").prefetch_related("evidence").order_by(
            "-created_at", "-id"
        )
    )


def task_comments(*, task: Task) -> list[TaskComment]:
    return list(task.comments.select_related("author", "org_unit").order_by("created_at", "id"))


def evidence_get_visible(*, user, pk: int) -> TaskEvidence:
    """Raises TaskEvidence.DoesNotExist when missing, its plan is not visible, or the user is
    none of: the uploading unit, a lead unit of the task, a coordinator over the uploading
    unit (evidence may name victims of violence: it stays with those who need it)."""
    evidence = (
        TaskEvidence.objects.filter(plan_visible_q(user, "update__task__plan"))
        .select_related("update__task", "update__org_unit")
        .distinct()
        .get(pk=pk)
    )
    if not evidence_may_download(user, evidence):
        raise TaskEvidence.DoesNotExist
    return evidence


def evidence_may_download(user, evidence: TaskEvidence) -> bool:
    update = evidence.update
    if update.author_id is not None and update.author_id == getattr(user, "pk", None):
        return True
    unit = update.org_unit
    if unit is not None and (policy.has(user, Action.SUBMIT, unit) or policy.has(user, Action.COORDINATE, unit)):
        return True
    leads = OrgUnit.objects.filter(task_assignments__task_id=update.task_id,
                                   task_assignments__role=TaskAssignment.Role.LEAD)
    return any(policy.has(user, Action.SUBMIT, lead) for lead in leads)


def _groups_naming(unit: OrgUnit) -> list[str]:
    return [g for g, kinds in GROUP_KINDS.items() if unit.kind in kinds]


def _assignments_touching(units: list[OrgUnit]) -> QuerySet[TaskAssignment]:
    """Assignments naming one of `units` directly or through a group of their parent."""
    q = Q(org_unit__in=[u.pk for u in units])
    for unit in units:
        if unit.depth > 1:
            parent_path = unit.path[: -OrgUnit.steplen]
            q |= Q(group__in=_groups_naming(unit), task__plan__issuer__path=parent_path)
    return TaskAssignment.objects.filter(q).select_related("task__plan__issuer", "org_unit")


@dataclass
class UnitTask:
    task: Task
    unit: OrgUnit
    role: str

    @property
    def role_label(self) -> str:
        return str(TaskAssignment.Role(self.role).label)


def task_list_for_units(*, units: list[OrgUnit], plans: QuerySet[Plan] | None = None) -> list[UnitTask]:
    """(task, unit, role) for every task that names one of `units`, groups expanded."""
    rows: list[UnitTask] = []
    seen: set[tuple[int, int, str]] = set()
    plan_cache: dict[int, Plan] = {}
    assignments = _assignments_touching(units)
    if plans is not None:
        assignments = assignments.filter(task__plan__in=plans)
    unit_ids = {u.pk for u in units}
    for a in assignments:
        plan = plan_cache.setdefault(a.task.plan_id, a.task.plan)
        for unit in assignment_units(a, plan):
            key = (a.task_id, unit.pk, a.role)
            if unit.pk in unit_ids and key not in seen:
                seen.add(key)
                rows.append(UnitTask(a.task, unit, a.role))
    tasks = {
        t.pk: t
        for t in Task.objects.filter(pk__in={r.task.pk for r in rows})
        .select_related("plan__issuer", "section")
        .prefetch_related(*_task_prefetch())
    }
    for row in rows:
        row.task = tasks[row.task.pk]
        row.task.plan = plan_cache[row.task.plan_id]
    return sorted(rows, key=lambda r: (r.task.plan.date, r.task.order, r.task.pk, r.role))


def task_list_visible(
    *,
    user,
    unit: OrgUnit | None = None,
    status: str | None = None,
    plan: Plan | None = None,
    today: datetime.date | None = None,
) -> list[Task]:
    """Visible tasks, optionally those naming `unit` and having effective `status`."""
    today = today or datetime.date.today()  # noqa: DTZ011
    plans = plan_list_visible(user=user)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    if unit is not None:
        tasks = list({r.task.pk: r.task for r in task_list_for_units(units=[unit], plans=plans)}.values())
    else:
        tasks = list(
            Task.objects.filter(plan__in=plans)
            .select_related("plan__issuer", "section")
            .prefetch_related(*_task_prefetch())
        )
    tasks = [_decorate(t, today) for t in tasks]
    if status:
        tasks = [t for t in tasks if t.effective_status == status]
    return sorted(tasks, key=lambda t: (-t.plan.year, t.plan.pk, t.order, t.pk))


# --- obligations --------------------------------------------------------------------------


def period_filter(period: str) -> Q:
    """`2017-H1` (6-month reports), `2017` (annual), `2017-plan` (unit plans due 25/02)."""
    from django.utils.translation import gettext as _

    from binhdang.core.errors import DomainError

    parts = period.strip().split("-")
    try:
        year = int(parts[0])
    except ValueError:
        raise DomainError(_("Kỳ không hợp lệ: %(period)s") % {"period": period}) from None
    if len(parts) == 1:
        return Q(kind=ObligationKind.REPORT_ANNUAL, due_date__year=year)
    suffix = parts[1].lower()
    if suffix == "h1":
        return Q(kind=ObligationKind.REPORT_SEMIANNUAL, due_date__year=year)
    if suffix == "plan":
        return Q(kind=ObligationKind.UNIT_PLAN, due_date__year=year)
    raise DomainError(_("Kỳ không hợp lệ: %(period)s") % {"period": period})


def obligation_list_visible(
    *, user, unit: OrgUnit | None = None, period: str | None = None
) -> QuerySet[Obligation]:
    """Obligations the user may see: of visible plans, for units in VIEW/SUBMIT reach or,
    for those who coordinate the issuer, every unit."""
    from binhdang.core.permissions import Action, policy

    queryset = Obligation.objects.filter(plan_visible_q(user, "plan"))
    if not user.is_superuser:
        queryset = queryset.filter(
            policy.units_q(user, Action.VIEW, "org_unit")
            | policy.units_q(user, Action.SUBMIT, "org_unit")
            | policy.units_q(user, Action.COORDINATE, "plan__issuer")
        )
    if unit is not None:
        queryset = queryset.filter(org_unit=unit)
    if period:
        queryset = queryset.filter(period_filter(period))
    return queryset.select_related("plan", "org_unit", "receiver").distinct().order_by(
        "due_date", "org_unit__path", "id"
    )


# --- "Việc của tôi" -----------------------------------------------------------------------


@dataclass
class MyWork:
    units: list
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    later: list = field(default_factory=list)
    done: list = field(default_factory=list)
    obligations_overdue: list = field(default_factory=list)
    obligations_due_soon: list = field(default_factory=list)
    obligations_later: list = field(default_factory=list)
    obligations_done: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            [self.overdue, self.due_soon, self.later, self.done, self.obligations_overdue,
             self.obligations_due_soon, self.obligations_later, self.obligations_done]
        )


def user_units(*, user) -> list[OrgUnit]:
    from binhdang.accounts.models import Membership

    units = []
    for m in Membership.objects.filter(user=user).select_related("org_unit").order_by("org_unit__path"):
        if m.org_unit not in units:
            units.append(m.org_unit)
    return units


def my_work(*, user, today: datetime.date, soon_days: int = 30) -> MyWork:
    """The tasks and obligations of the user's units, in buckets: overdue, due within
    `soon_days`, later, done."""
    units = user_units(user=user)
    work = MyWork(units=units)
    if not units:
        return work
    soon = today + datetime.timedelta(days=soon_days)
    plans = plan_list_visible(user=user)
    for row in task_list_for_units(units=units, plans=plans):
        _decorate(row.task, today)
        status = row.task.effective_status
        if status in (Task.Status.DONE, Task.Status.CANCELLED):
            work.done.append(row)
        elif status == Task.Status.OVERDUE:
            work.overdue.append(row)
        elif row.task.final_due <= soon:
            work.due_soon.append(row)
        else:
            work.later.append(row)
    obligations = (
        Obligation.objects.filter(org_unit__in=units, plan__in=plans)
        .select_related("plan", "org_unit", "receiver", "fulfilled_by_plan")
        .order_by("due_date", "org_unit__path")
    )
    for ob in obligations:
        if ob.is_done:
            work.obligations_done.append(ob)
        elif ob.due_date < today:
            work.obligations_overdue.append(ob)
        elif ob.due_date <= soon:
            work.obligations_due_soon.append(ob)
        else:
            work.obligations_later.append(ob)
    return work


# --- calendar -----------------------------------------------------------------------------


def _clamp(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def recurrence_dates(recurrence: Recurrence, year: int) -> list[datetime.date]:
    """The occurrences of a recurrence in one year (29/02 falls on 28/02 in common years)."""
    day = recurrence.day or DEFAULT_DAY
    freq = recurrence.freq
    if freq == Recurrence.Freq.YEARLY:
        months = [recurrence.month or 12]
    elif freq == Recurrence.Freq.SEMIANNUAL:
        first = ((recurrence.month or 6) - 1) % 6 + 1
        months = [first, first + 6]
    elif freq == Recurrence.Freq.QUARTERLY:
        first = ((recurrence.month or 3) - 1) % 3 + 1
        months = [first, first + 3, first + 6, first + 9]
    else:
        months = list(range(1, 13))
    return [_clamp(year, m, day) for m in months]


@dataclass
class Event:
    date: datetime.date
    title: str
    kind: str  # "due" | "recurring" | "obligation" | "deadline"
    url: str = ""
    plan: Plan | None = None
    task: Task | None = None
    detail: str = ""
    status: str = ""
    units: list = field(default_factory=list)

    @property
    def unit_count(self) -> int | None:
        """For a plan deadline: how many units it concerns (kept as text in `units`)."""
        if self.kind == "deadline" and len(self.units) == 1 and str(self.units[0]).isdecimal():
            return int(self.units[0])
        return None

    @property
    def kind_label(self) -> str:
        from django.utils.translation import gettext as _

        return {
            "due": _("Hạn nhiệm vụ"),
            "recurring": _("Sự kiện định kỳ"),
            "obligation": _("Hạn gửi"),
            "deadline": _("Hạn gửi"),
        }[self.kind]


def _task_events(task: Task, start: datetime.date, end: datetime.date, today) -> list[Event]:
    events = []
    status = task_status_on(task, today)
    for due in task.dues.all():
        if start <= due.date <= end:
            events.append(
                Event(due.date, f"{task.code} {task.text}", "due", task.get_absolute_url(),
                      task.plan, task, due.text, status)
            )
    for rec in task.recurrences.all():
        for day in recurrence_dates(rec, task.plan.year):
            if start <= day <= end:
                events.append(
                    Event(day, f"{rec.text} ({task.code})" if rec.text else f"{task.code} {task.text}",
                          "recurring",
                          task.get_absolute_url(), task.plan, task, f"{task.code} · {task.text}",
                          status)
                )
    return events


def calendar_events(
    *,
    user,
    start: datetime.date,
    end: datetime.date,
    unit: OrgUnit | None = None,
    today: datetime.date | None = None,
) -> list[Event]:
    """Task due dates, expanded recurrences and obligation deadlines between start and end.

    With `unit`: only that unit's tasks and obligations. Without: every task of the visible
    plans, the user's own units' obligations, and one line per plan deadline.
    """
    today = today or datetime.date.today()  # noqa: DTZ011
    plans = plan_list_visible(user=user).filter(year__gte=start.year, year__lte=end.year)
    events: list[Event] = []
    if unit is not None:
        tasks = {r.task.pk: r.task for r in task_list_for_units(units=[unit], plans=plans)}.values()
        obligations = Obligation.objects.filter(plan__in=plans, org_unit=unit)
    else:
        tasks = []
        for plan in plans:
            tasks.extend(plan_tasks(plan=plan))
        obligations = Obligation.objects.filter(plan__in=plans, org_unit__in=user_units(user=user))
        for plan in plans:
            for d in plan.deadlines.filter(date__gte=start, date__lte=end):
                count = d.obligations.count()
                events.append(
                    Event(d.date, d.what or d.text, "deadline", plan.get_absolute_url(), plan,
                          None, d.text, "", [f"{count}"])
                )
    for task in tasks:
        events.extend(_task_events(task, start, end, today))
    for ob in obligations.filter(due_date__gte=start, due_date__lte=end).select_related(
        "plan", "org_unit", "receiver"
    ):
        events.append(
            Event(ob.due_date, ob.title, "obligation", ob.plan.get_absolute_url(), ob.plan, None,
                  ob.get_kind_display(), "done" if ob.is_done else "", [ob.org_unit.name])
        )
    return sorted(events, key=lambda e: (e.date, e.kind, e.title))


def month_grid(year: int, month: int, events: list[Event]) -> list[list[dict]]:
    """Weeks (Monday first) of day cells {date, in_month, events} for the month view."""
    by_day: dict[datetime.date, list[Event]] = defaultdict(list)
    for e in events:
        by_day[e.date].append(e)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"date": d, "in_month": d.month == month, "events": by_day.get(d, [])} for d in week])
    return weeks


# --- iCalendar ----------------------------------------------------------------------------


def unit_ics_token(unit: OrgUnit) -> str:
    """A per-unit secret for the feed URL, derived from SECRET_KEY (no session needed)."""
    return salted_hmac("binhdang.plans.ics", f"unit:{unit.pk}", algorithm="sha256").hexdigest()[:32]


def unit_ics_token_valid(unit: OrgUnit, token: str) -> bool:
    return constant_time_compare(unit_ics_token(unit), token)


_RRULE = {
    Recurrence.Freq.YEARLY: {"FREQ": "YEARLY"},
    Recurrence.Freq.SEMIANNUAL: {"FREQ": "MONTHLY", "INTERVAL": 6},
    Recurrence.Freq.QUARTERLY: {"FREQ": "MONTHLY", "INTERVAL": 3},
    Recurrence.Freq.MONTHLY: {"FREQ": "MONTHLY"},
}


def unit_calendar_ics(*, unit: OrgUnit, base_url: str = "") -> bytes:
    """The unit's task due dates, recurring events (RRULE until the plan's year end) and
    obligations as an iCalendar file."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", "-//binhdang//Ke hoach BDG//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"binhdang · {unit.short_name or unit.name}")
    stamp = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

    def add(uid: str, day: datetime.date, summary: str, description: str, url: str, rrule=None):
        ev = IcsEvent()
        ev.add("uid", f"{uid}@binhdang")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + datetime.timedelta(days=1))
        ev.add("summary", summary)
        if description:
            ev.add("description", description)
        if url and base_url:
            ev.add("url", base_url.rstrip("/") + url)
        if rrule:
            ev.add("rrule", rrule)
        cal.add_component(ev)

    for row in task_list_for_units(units=[unit]):
        task = row.task
        role = row.role_label
        for due in task.dues.all():
            add(f"task-{task.pk}-due-{due.pk}-unit-{unit.pk}", due.date, f"[{task.code}] {task.text[:120]}",
                f"{role}: {task.text}\n{due.text}", task.get_absolute_url())
        for rec in task.recurrences.all():
            dates = recurrence_dates(rec, task.plan.year)
            if not dates:
                continue
            rule = dict(_RRULE[rec.freq])
            rule["UNTIL"] = datetime.date(task.plan.year, 12, 31)
            add(f"task-{task.pk}-rec-{rec.pk}-unit-{unit.pk}", dates[0],
                rec.text or f"[{task.code}] {task.text[:120]}", f"{role}: {task.text}",
                task.get_absolute_url(), rule)
    for ob in Obligation.objects.filter(org_unit=unit).select_related("plan", "receiver"):
        add(f"obligation-{ob.pk}", ob.due_date, f"{ob.get_kind_display()}: {ob.title[:120]}",
            f"Gửi {ob.receiver.name} · {ob.plan.number}", ob.plan.get_absolute_url())
    return cal.to_ical()
