"""`binhdang plan show NUMBER --json` and `binhdang plan list [--json]`."""

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from binhdang.core.cli import activate_cli_language, bilingual
from binhdang.plans.models import Plan
from binhdang.plans.selectors import plan_by_number, plan_to_contract_json

_MESSAGES = {
    "not_found": ("Không tìm thấy kế hoạch số “{number}”.", "No plan numbered “{number}”."),
    "usage": ("Dùng: binhdang plan show SỐ --json | binhdang plan list [--json]",
              "Usage: binhdang plan show NUMBER --json | binhdang plan list [--json]"),
}


def _message(key: str, **kwargs) -> str:
    return bilingual(_MESSAGES, key, **kwargs)


class Command(BaseCommand):
    help = "Show a stored plan as Plan JSON, or list the plans."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand")
        show = sub.add_parser("show", help="one plan as Plan JSON (CONTRACTS §3)")
        show.add_argument("number")
        show.add_argument("--json", action="store_true", dest="as_json")
        show.add_argument("--year", type=int)
        listing = sub.add_parser("list", help="every stored plan")
        listing.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, **options):
        subcommand = options.get("subcommand")
        if subcommand == "show":
            return self._show(options)
        if subcommand == "list":
            return self._list(options)
        self._fail(_message("usage"))

    def _fail(self, message: str) -> NoReturn:
        # Called from the command line: a plain message on stderr, exit 1, nothing on stdout.
        if getattr(self, "_called_from_command_line", False):  # set by run_from_argv
            sys.stderr.write(message + "\n")
            sys.exit(1)
        raise CommandError(message, returncode=1)

    def _show(self, options):
        plan = plan_by_number(number=options["number"], year=options.get("year"))
        if plan is None:
            self._fail(_message("not_found", number=options["number"]))
        data = plan_to_contract_json(plan)
        if options["as_json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        doc = data["document"]
        self.stdout.write(f"{doc['number']} · {plan.date:%d/%m/%Y} · {doc['issuer']}\n{doc['title']}")
        for task in data["tasks"]:
            self.stdout.write(f"  {task['id']:<8} {task['status']:<12} {'; '.join(task['lead'])}")

    def _list(self, options):
        activate_cli_language()
        plans = (
            Plan.objects.select_related("issuer", "parent")
            .annotate(n_tasks=Count("tasks"))
            .order_by("-year", "issuer__path", "number")
        )
        rows: list[dict[str, Any]] = [
            {
                "id": p.pk, "number": p.number or None, "date": p.date.isoformat(), "year": p.year,
                "issuer": p.issuer.name, "title": p.title, "status": p.status,
                "status_label": str(p.get_status_display()), "tasks": p.n_tasks,
                "parent": p.parent.number if p.parent else None, "day": f"{p.date:%d/%m/%Y}",
            }
            for p in plans
        ]
        if options["as_json"]:
            for r in rows:
                del r["day"], r["status_label"]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        header = f"{'id':>4}  {'số':<16} {'ngày':<10}  {'trạng thái':<10} {'NV':>3}  cơ quan ban hành · trích yếu"
        self.stdout.write(header)
        for r in rows:
            self.stdout.write(
                f"{r['id']:>4}  {(r['number'] or '—'):<16} {r['day']:<10}  {r['status_label']:<10} "
                f"{r['tasks']:>3}  {r['issuer']} · {r['title'][:60]}"
            )
