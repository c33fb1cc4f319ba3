"""`binhdang bench aggregate --json [--communes N]`: time the roll-ups against DuckDB."""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from binhdang.orgunits.generator import NATIONAL_COMMUNES


class Command(BaseCommand):
    help = "Đo hiệu năng: bảng số liệu toàn quốc qua các dòng tổng hợp so với DuckDB (CONTRACTS §5)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        aggregate = sub.add_parser("aggregate", help="Bảng toàn quốc, DuckDB, độ tươi số liệu")
        aggregate.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        aggregate.add_argument("--communes", type=int, default=NATIONAL_COMMUNES)
        aggregate.add_argument("--runs", type=int, default=15)
        aggregate.add_argument("--progress", action="store_true", help="In tiến trình ra stderr")

    def handle(self, *args, **options):
        from binhdang.indicators.bench import run_aggregate_bench

        if options["subcommand"] != "aggregate":
            raise CommandError(_("Lệnh con không hợp lệ."))
        if options["communes"] < 34:
            raise CommandError(_("Cần ít nhất 34 xã (mỗi tỉnh một xã)."))
        # A fresh, empty database must work (CONTRACTS §5): migrate it first; a no-op when done.
        call_command("migrate", interactive=False, verbosity=0)
        try:
            result = run_aggregate_bench(communes=options["communes"], runs=options["runs"],
                                         verbose=options["progress"])
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
