"""`binhdang restore DIR`: check every checksum, then restore onto an empty database."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from binhdang.core.cli import activate_cli_language
from binhdang.core.errors import DomainError
from binhdang.ops.backup import restore_apply


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu rỗng (kiểm tra mã của từng tệp trước)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục do `binhdang backup` tạo")

    def handle(self, *args, **options):
        activate_cli_language()
        try:
            summary = restore_apply(folder=Path(options["folder"]))
        except DomainError as error:
            sys.stderr.write(error.message + "\n")
            sys.exit(2)
        self.stdout.write(summary.text())
