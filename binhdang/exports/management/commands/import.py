"""`binhdang import values --format dhis2-json|adx|xlsx FILE [--dry-run] [--user NAME]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.management.base import BaseCommand, CommandParser

from binhdang.exports import cli
from binhdang.exports.adapters import indicators_installed

if TYPE_CHECKING:
    from binhdang.exports.services import ImportResult

FORMATS = ("dhis2-json", "adx", "xlsx")


class Command(BaseCommand):
    help = "Nhập số liệu chỉ tiêu từ tệp DHIS2 JSON, ADX hoặc XLSX; có lỗi thì không lưu gì."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what")
        values = sub.add_parser("values", help="số liệu chỉ tiêu")
        values.add_argument("file")
        values.add_argument("--format", required=True, dest="fmt", help="dhis2-json, adx hoặc xlsx")
        values.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")
        values.add_argument("--user", default="", help="nhập với quyền của người dùng này (mặc định: hệ thống)")
        values.add_argument("--json", action="store_true", dest="as_json", help="in kết quả dạng JSON")

    def handle(self, *args, **options) -> None:
        cli.activate()
        if options.get("what") != "values":
            cli.fail(cli.message("usage_import"), 2)
        fmt = options["fmt"].lower()
        if fmt not in FORMATS:
            cli.fail(cli.message("bad_format", fmt=options["fmt"], allowed=", ".join(FORMATS)))
        if not indicators_installed():
            cli.fail(cli.message("no_indicators"))
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            cli.fail(cli.message("unreadable", path=str(path), reason=exc.strerror or str(exc)))
        actor = None
        if options["user"]:
            from binhdang.accounts.models import User

            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                cli.fail(cli.message("unknown_user", name=options["user"]))
        from binhdang.exports.dhis2 import FileFormatError
        from binhdang.exports.services import (
            ImportInvalidError,
            do_values_import_file,
            values_import_file,
        )

        # With --user the import is that user's (every row's unit checked); without, the system's.
        run_import = values_import_file if actor is not None else do_values_import_file
        try:
            result = run_import(data, fmt, actor=actor, dry_run=options["dry_run"], source=path.name)
        except FileFormatError as exc:
            cli.fail(str(exc))
        except ImportInvalidError as exc:
            lines = [cli.message("import_invalid", n=len(exc.errors)), *exc.errors]
            if exc.result is not None:
                lines.append(self._summary(exc.result))
            cli.fail("\n".join(lines))
        summary = result.as_dict()
        if options["as_json"]:
            out = json.dumps(summary, ensure_ascii=False) + "\n"
        else:
            out = self._summary(result) + "\n"
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()

    @staticmethod
    def _summary(result: ImportResult) -> str:
        if cli.english():
            verb = "Checked (dry run, nothing saved)" if result.dry_run else "Imported"
            return (f"{verb} {result.rows} values: {result.created} new, {result.updated} changed, "
                    f"{result.unchanged} unchanged, {result.refused} refused.")
        verb = "Đã kiểm tra (chưa lưu)" if result.dry_run else "Đã nhập"
        return (f"{verb} {result.rows} giá trị: {result.created} mới, {result.updated} thay đổi, "
                f"{result.unchanged} không đổi, {result.refused} bị từ chối.")
