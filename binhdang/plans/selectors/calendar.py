"""The calendar: deadlines and recurring tasks as events, a month grid, the iCalendar feed."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.crypto import constant_time_compare, salted_hmac

from binhdang.accounts.types import AnyUser
from binhdang.core import clock
from binhdang.orgunits.models import OrgUnit

from ..assignees import (  # noqa: F401  (re-exported: callers read them here)
    GROUP_KINDS,
    assignment_units,
    group_from_label,
    group_units,
    task_units,
)
from ..models import (
    Obligation,
    Plan,
    Recurrence,
    Task,
)
from .plans import DEFAULT_DAY, plan_list_visible, plan_tasks, task_status_on
from .tasks import task_list_for_units
from .work import user_units

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


def _task_events(task: Task, start: datetime.date, end: datetime.date, today: datetime.date) -> list[Event]:
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
    user: AnyUser,
    start: datetime.date,
    end: datetime.date,
    unit: OrgUnit | None = None,
    today: datetime.date | None = None,
) -> list[Event]:
    """Task due dates, expanded recurrences and obligation deadlines between start and end.

    With `unit`: only that unit's tasks and obligations. Without: every task of the visible
    plans, the user's own units' obligations, and one line per plan deadline.
    """
    today = today or clock.today()
    plans = plan_list_visible(user=user).filter(year__gte=start.year, year__lte=end.year)
    events: list[Event] = []
    if unit is not None:
        tasks: list[Task] = list({r.task.pk: r.task for r in task_list_for_units(units=[unit], plans=plans)}.values())
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


_RRULE: dict[str, dict[str, object]] = {
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

    def add(uid: str, day: datetime.date, summary: str, description: str, url: str,
            rrule: dict[str, object] | None = None) -> None:
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
