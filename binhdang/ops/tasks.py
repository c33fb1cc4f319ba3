"""The worker's heartbeat: a tiny job the health check queues; its completion time shows
that a `binhdang db_worker` is alive and draining the queue."""

import datetime

from django.utils import timezone
from django_tasks import task


@task()
def heartbeat() -> str:
    """Done by whichever worker picks it up; prunes old heartbeats so the table stays small."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status="SUCCESSFUL",
                                finished_at__lt=timezone.now() - datetime.timedelta(hours=1)).delete()
    return timezone.now().isoformat()


HEARTBEAT_PATH = f"{heartbeat.func.__module__}.{heartbeat.func.__qualname__}"
