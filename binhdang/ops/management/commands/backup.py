"""`binhdang backup -o DIR`: the database, the media and a manifest with checksums."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from binhdang.core.cli import activate_cli_language
from binhdang.core.errors import DomainError
from binhdang.ops.backup import backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, tệp đính kèm và bảng kê có mã kiểm tra vào một thư mục mới."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="thư mục mới (hoặc rỗng)")

    def handle(self, *args, **options):
        activate_cli_language()
        try:
            summary = backup_create(folder=Path(options["output"]))
        except DomainError as error:
            sys.stderr.write(error.message + "\n")
            sys.exit(2)
        self.stdout.write(summary.text())
