"""Background jobs (django-tasks, database backend): the daily reminder digest.

`binhdang db_worker` runs them. `reminders_daily` reschedules itself for the next morning,
so a worker that stays up sends the digest every day; `binhdang reminders schedule` puts
the first one in the queue (and does nothing when one is already waiting).
"""

import datetime
import zoneinfo

from django.utils import timezone
from django_tasks import task

from binhdang.core import clock

from . import services

SEND_HOUR = 7  # local time: the digest is in the inbox when the office opens


@task()
def reminders_send_day(day: str) -> dict:
    """Reminders and digests of one day (ISO date); safe to run more than once."""
    return services.reminders_run(day=datetime.date.fromisoformat(day))


@task()
def reminders_daily() -> dict:
    """Today's reminders, then the same job again tomorrow morning."""
    result = services.reminders_run(day=clock.today())
    reminders_schedule(force=True)
    return result


def next_run_at(now: datetime.datetime | None = None) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    local = (now or timezone.now()).astimezone(tz)
    run = local.replace(hour=SEND_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        run += datetime.timedelta(days=1)
    return run


def reminders_schedule(*, force: bool = False, now: datetime.datetime | None = None) -> str | None:
    """Queue the next daily run unless one is already waiting; returns its id or None."""
    from django_tasks_db.models import DBTaskResult

    path = f"{reminders_daily.func.__module__}.{reminders_daily.func.__qualname__}"
    waiting = DBTaskResult.objects.filter(task_path=path, status__in=["READY", "RUNNING"])
    if force:
        waiting = waiting.exclude(status="RUNNING")
    if waiting.exists():
        return None
    result = reminders_daily.using(run_after=next_run_at(now)).enqueue()
    return str(result.id)
