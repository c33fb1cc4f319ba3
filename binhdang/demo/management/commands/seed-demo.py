import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from binhdang.core.services import demo_clock_ensure
from binhdang.demo.steps import DEMO_STEPS, STEP_LABELS


class Command(BaseCommand):
    help = "Migrate the database if needed, then load the demo data (idempotent), saying each step."

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()  # shown at once, even through a pipe

    def handle(self, *args, **options):
        started = time.monotonic()
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        if pending:
            self._say(_("Tạo cơ sở dữ liệu: %(count)d bước cập nhật cấu trúc …") % {"count": pending})
            call_command("migrate", interactive=False, verbosity=0)
            self._say(_("  xong (%(seconds).1f giây).") % {"seconds": time.monotonic() - started})
        # The demo runs "as of" its cycles' dates (10/06/2017 by default; a date chosen with
        # the banner's switch since is kept), and its 2017 events are played up to that date.
        totals: dict[str, int] = dict(demo_clock_ensure())
        for number, dotted in enumerate(DEMO_STEPS, start=1):
            step_started = time.monotonic()
            self._say(_("Nạp dữ liệu trình diễn %(n)d/%(total)d: %(what)s …") % {
                "n": number, "total": len(DEMO_STEPS), "what": STEP_LABELS.get(dotted, dotted)})
            for key, value in (import_string(dotted)() or {}).items():
                totals[key] = totals.get(key, 0) + value
            self._say(_("  xong (%(seconds).1f giây).") % {"seconds": time.monotonic() - step_started})
        parts = ", ".join(f"{k}={v}" for k, v in totals.items())
        self._say(_("Dữ liệu trình diễn đã sẵn sàng sau %(seconds).0f giây (%(parts)s).") % {
            "seconds": time.monotonic() - started, "parts": parts})
