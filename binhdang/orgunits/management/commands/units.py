"""`binhdang units load-national | count | lineage` (CONTRACTS §2 and §6)."""

import datetime
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from binhdang.core.cli import activate_cli_language, bilingual
from binhdang.core.errors import DomainError

_MESSAGES = {
    "usage": ("Dùng: binhdang units load-national | count --on NGÀY [--json] | lineage --code MÃ --on NGÀY [--json]",
              "Usage: binhdang units load-national | count --on DATE [--json] | lineage --code CODE --on DATE [--json]"),
    "bad_date": ("Ngày “{value}” không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2026-01-01.",
                 "Invalid date “{value}”: use YYYY-MM-DD, e.g. 2026-01-01."),
    "no_date": ("Thiếu --on (ví dụ: --on 2026-01-01).", "Missing --on (e.g. --on 2026-01-01)."),
    "no_code": ("Thiếu --code (mã GSO, ví dụ: --code 14812).", "Missing --code (a GSO code, e.g. --code 14812)."),
}


class Command(BaseCommand):
    help = "The national administrative tree of both eras: load it, count it on a day, show a unit's lineage."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand")
        load = sub.add_parser("load-national", help="load both eras and the 2025 lineage (idempotent)")
        load.add_argument("--province", action="append", dest="provinces",
                          help="only this new-era province (GSO code, e.g. 38); repeatable")
        load.add_argument("--json", action="store_true", dest="as_json")
        count = sub.add_parser("count", help="Units JSON")
        count.add_argument("--on")
        count.add_argument("--json", action="store_true", dest="as_json")
        lineage = sub.add_parser("lineage", help="Lineage JSON")
        lineage.add_argument("--code")
        lineage.add_argument("--on")
        lineage.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        activate_cli_language()
        sub = options.get("subcommand")
        if sub == "load-national":
            from binhdang.orgunits.national_load import load_national
            from binhdang.orgunits.national_report import report_lines

            report = load_national(provinces=options.get("provinces"))
            if options["as_json"]:
                self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
            else:
                self.stdout.write("\n".join(report_lines(report)))
            return
        if sub not in ("count", "lineage"):
            self._fail(bilingual(_MESSAGES, "usage"))
        day = self._date(options.get("on"))
        from binhdang.orgunits.lineage import lineage_json, units_count

        if sub == "count":
            data = units_count(on=day)
        else:
            if not options.get("code"):
                self._fail(bilingual(_MESSAGES, "no_code"))
            try:
                data = lineage_json(gso_code=options["code"].strip(), on=day)
            except DomainError as error:
                self._fail(str(error.message))
        if options["as_json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(json.dumps(data, ensure_ascii=False))

    def _date(self, value: str | None) -> datetime.date:
        if not value:
            self._fail(bilingual(_MESSAGES, "no_date"))
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self._fail(bilingual(_MESSAGES, "bad_date", value=value))

    def _fail(self, message: str) -> NoReturn:
        if getattr(self, "_called_from_command_line", False):  # set by run_from_argv
            sys.stderr.write(message + "\n")
            sys.exit(1)
        raise CommandError(message, returncode=1)
