"""The `binhdang` command: Django's management entry point (`binhdang migrate`, `binhdang demo`, …)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "binhdang"
    # Commands that run on a fresh checkout without configuration (the demo, the parser,
    # the checks' CLI) work in demo mode unless production settings were given.
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ.setdefault("BINHDANG_DEMO", "1")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(argv)
    except DatabaseError as error:
        # A database that is missing, unreachable or not migrated: say so plainly, not with
        # a traceback.
        from binhdang.core.cli import wants_english

        english = wants_english()
        message = (
            f"Database error: {error}. If the software was just installed or updated, run "
            "“binhdang migrate” (or “./dev demo”)."
            if english
            else f"Lỗi cơ sở dữ liệu: {error}. Nếu vừa cài đặt hoặc cập nhật phần mềm, hãy chạy "
            "“binhdang migrate” (hoặc “./dev demo”)."
        )
        sys.stderr.write(message + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
