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

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
