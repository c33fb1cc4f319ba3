"""`binhdang signing demo-keys [--force]`: a test CA and PKCS#12 keys for the demo's signatures,
in BINHDANG_SIGNING_DIR (default ./var/signing). Production uses a PKCS#11 token instead."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from binhdang.exports import cli


class Command(BaseCommand):
    help = "Tạo khóa ký số mẫu (CA thử nghiệm, tệp PKCS#12 của người ký và của cơ quan) cho bản demo."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what")
        keys = sub.add_parser("demo-keys", help="tạo khóa mẫu vào BINHDANG_SIGNING_DIR (mặc định ./var/signing)")
        keys.add_argument("--force", action="store_true", help="tạo lại dù đã có")

    def handle(self, *args: Any, **options: Any) -> None:
        cli.activate()
        if options.get("what") != "demo-keys":
            cli.fail("Dùng: binhdang signing demo-keys [--force]", 2)
        from binhdang.exports.signing.config import signing_config
        from binhdang.exports.signing.keys import DEMO_PASSWORD, generate_demo_keys

        config = signing_config()
        folder = config.demo_folder or Path(config.signer_pkcs12).parent
        paths = generate_demo_keys(folder, force=options["force"])
        lines = [
            f"CA: {paths.ca}",
            f"người ký / signer: {paths.signer}",
            f"cơ quan / organisation: {paths.organisation}",
            f"ảnh chữ ký / signature image: {paths.signer_image}",
            f"mật khẩu / password: {DEMO_PASSWORD} (chỉ để thử / demo only)",
        ]
        sys.stdout.write("\n".join(lines) + "\n")
