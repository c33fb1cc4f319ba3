"""The business date: what "today" is for deadlines, due lists, lateness and reminders.

Everything that asks "what day is it?" for the domain calls `today()` (or `now()` for a
business timestamp such as a submission's), never `date.today()` or `timezone.localdate()`.

In production this is the real local date. The demo (settings.DEMO) instead runs "as of" a
chosen date per demo cycle, held in `DemoClock` rows that `seed-demo` creates from
settings.BINHDANG_DEMO_DATES (10/06/2017 for the 2017 cycle, 10/06/2026 for the 2026 wards)
and that the banner's switch changes. A page follows the cycle of the user who asks (a user
working only in units created by the 2025 reorganisation is in the 2026 cycle); a command
line follows the 2017 cycle. Without DemoClock rows (a test database, a demo not seeded yet)
the real date applies.
"""

from __future__ import annotations

import contextvars
import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

DEFAULT_CYCLE = "2017"
REFORM_DAY = datetime.date(2025, 7, 1)  # units valid from this day on belong to the 2026 cycle

# The date the current request runs at, set once per request by ClockMiddleware.
_request_day: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar(
    "binhdang_clock_day", default=None)


def enabled() -> bool:
    return bool(getattr(settings, "DEMO", False))


def cycle_for(user: Any) -> str:
    """The demo cycle a user works in: 2026 when every unit they work in dates from the
    reorganisation, else 2017 (anonymous users and administrators: 2017)."""
    if not getattr(user, "is_authenticated", False):
        return DEFAULT_CYCLE
    starts = [m.org_unit.valid_from for m in user.memberships.select_related("org_unit")]
    if starts and all(start is not None and start >= REFORM_DAY for start in starts):
        return "2026"
    return DEFAULT_CYCLE


def demo_day(cycle: str = DEFAULT_CYCLE) -> datetime.date | None:
    """The demo date of `cycle`, or None when the demo clock is off or not set."""
    if not enabled():
        return None
    from .models import DemoClock

    try:
        row = DemoClock.objects.filter(cycle=cycle).only("on").first()
    except Exception:
        return None
    return row.on if row else None


def today() -> datetime.date:
    """The business date: the request's demo date, else the 2017 cycle's, else the real one."""
    day = _request_day.get()
    if day is not None:
        return day
    return demo_day() or timezone.localdate()


def now() -> datetime.datetime:
    """A business timestamp: the real time of day on `today()` (the real moment in production)."""
    real = timezone.localtime()
    day = today()
    if day == real.date():
        return timezone.now()
    return real.replace(year=day.year, month=day.month, day=day.day)


class ClockMiddleware:
    """Fixes `today()` for one request, from the demo cycle of the user asking."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        day = None
        if enabled():
            cycle = cycle_for(getattr(request, "user", None))
            day = demo_day(cycle)
            request.demo_clock = {"cycle": cycle, "on": day} if day else None
        else:
            request.demo_clock = None
        token = _request_day.set(day)
        try:
            return self.get_response(request)
        finally:
            _request_day.reset(token)
