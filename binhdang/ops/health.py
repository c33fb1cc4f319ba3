"""Health checks (django-health-check) beyond its database and cache probes: the worker's
heartbeat and the free disk space where the database and the uploads live."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

WORKER_SILENCE = datetime.timedelta(minutes=3)


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """Queues a heartbeat job (one at a time) and fails when none finished lately."""

    silence: datetime.timedelta = WORKER_SILENCE

    def run(self) -> None:
        from django_tasks_db.models import DBTaskResult

        from .tasks import HEARTBEAT_PATH, heartbeat

        results = DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH)
        if not results.filter(status="READY").exists():
            heartbeat.enqueue()
        last = results.filter(status="SUCCESSFUL").order_by("-finished_at").values_list("finished_at", flat=True).first()
        if last is None or timezone.now() - last > self.silence:
            since = "never" if last is None else last.isoformat(timespec="seconds")
            raise ServiceUnavailable(f"no background worker heartbeat (last: {since})")


@dataclasses.dataclass
class DiskSpace(HealthCheck):
    """Warns under `min_free_percent` free, fails under half of it."""

    path: str = ""
    min_free_percent: float = 10.0

    def run(self) -> None:
        path = Path(self.path)
        while not path.exists() and path != path.parent:
            path = path.parent
        usage = shutil.disk_usage(path)
        free = 100.0 * usage.free / usage.total
        if free < self.min_free_percent / 2:
            raise ServiceUnavailable(f"{free:.1f}% free disk")
        if free < self.min_free_percent:
            raise ServiceWarning(f"{free:.1f}% free disk")


class BinhdangHealthView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        WorkerHeartbeat,
        (DiskSpace, {"path": str(settings.MEDIA_ROOT)}),
        (DiskSpace, {"path": str(settings.VAR_DIR)}),
    )
