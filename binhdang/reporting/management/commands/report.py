"""`binhdang report status --period PERIOD --json`: completeness and timeliness (CONTRACTS §4)."""

import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandError

from binhdang.core import cli
from binhdang.core.cli import bilingual
from binhdang.core.errors import DomainError
from binhdang.reporting.selectors import status_json

_MESSAGES = {
    "usage": ("Dùng: binhdang report status --period KỲ [--json]  (KỲ: 2017-H1, 2017, 2017-plan, adhoc-SỐ)",
              "Usage: binhdang report status --period PERIOD [--json]  (PERIOD: 2017-H1, 2017, 2017-plan, adhoc-N)"),
    "no_period": ("Thiếu --period (ví dụ: --period 2017-H1).", "Missing --period (e.g. --period 2017-H1)."),
}


def _message(key: str, **kwargs) -> str:
    return bilingual(_MESSAGES, key, **kwargs)


class Command(BaseCommand):
    help = "Reporting status of a period: every obligation, its status and the totals."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand")
        status = sub.add_parser("status", help="Status JSON (CONTRACTS §4)")
        status.add_argument("--period")
        status.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, **options):
        if options.get("subcommand") != "status":
            self._fail(_message("usage"))
        period = options.get("period")
        if not period:
            self._fail(_message("no_period"))
        cli.activate_cli_language()
        try:
            data = status_json(period_key=period)
        except DomainError as exc:  # the one period message, as the pages and the API say it
            self._fail(exc.message)
        if options["as_json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        totals = data["totals"]
        self.stdout.write(f"{data['period']}: " + ", ".join(f"{k}={v}" for k, v in totals.items()))
        for row in data["obligations"]:
            on_time = {True: "đúng hạn", False: "trễ hạn", None: ""}[row["on_time"]]
            self.stdout.write(f"  {row['status']:<10} {row['due']}  {on_time:<9} {row['unit']}")

    def _fail(self, message: str) -> NoReturn:
        # From the command line: the message on stderr, exit 1, nothing on stdout.
        if getattr(self, "_called_from_command_line", False):  # set by run_from_argv
            sys.stderr.write(message + "\n")
            sys.exit(1)
        raise CommandError(message, returncode=1)
