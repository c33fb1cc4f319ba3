"""`binhdang reminders run --date YYYY-MM-DD [--enqueue]` and `binhdang reminders schedule`."""

import datetime
import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandError

from binhdang.core import clock
from binhdang.core.cli import bilingual
from binhdang.reporting import services, tasks

_MESSAGES = {
    "bad_date": ("Ngày “{value}” không hợp lệ; dùng dạng YYYY-MM-DD.", "Invalid date “{value}”; use YYYY-MM-DD."),
    "usage": ("Dùng: binhdang reminders run [--date YYYY-MM-DD] [--enqueue] | binhdang reminders schedule",
              "Usage: binhdang reminders run [--date YYYY-MM-DD] [--enqueue] | binhdang reminders schedule"),
}


def _message(key: str, **kwargs) -> str:
    return bilingual(_MESSAGES, key, **kwargs)


class Command(BaseCommand):
    help = "Send the day's reminder digests (idempotent), or queue the daily job for the worker."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand")
        run = sub.add_parser("run", help="reminders of one day (default: today)")
        run.add_argument("--date", dest="day")
        run.add_argument("--enqueue", action="store_true", help="queue it for `binhdang db_worker` instead")
        sub.add_parser("schedule", help="queue the self-rescheduling daily job unless one is waiting")

    def handle(self, *args, **options):
        subcommand = options.get("subcommand")
        if subcommand == "schedule":
            task_id = tasks.reminders_schedule()
            self.stdout.write(task_id or "đã có lịch chạy hằng ngày")
            return
        if subcommand != "run":
            self._fail(_message("usage"))
        day = clock.today()
        if options.get("day"):
            try:
                day = datetime.date.fromisoformat(options["day"])
            except ValueError:
                self._fail(_message("bad_date", value=options["day"]))
        if options["enqueue"]:
            result = tasks.reminders_send_day.enqueue(day.isoformat())
            self.stdout.write(str(result.id))
            return
        summary = services.reminders_run(day=day)
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _fail(self, message: str) -> NoReturn:
        if getattr(self, "_called_from_command_line", False):  # set by run_from_argv
            sys.stderr.write(message + "\n")
            sys.exit(1)
        raise CommandError(message, returncode=1)
