"""Zip bombs against `binhdang parse` and the plan-import upload: time and peak memory.

    uv run python bench/upload_bench.py

Builds a 0.7 MB DOCX holding 211 MB of XML, runs `binhdang parse bomb.docx` in a child
process (wall time, peak RSS of the child) and posts it to the import page through
Django's test client in this process (wall time, growth of the peak RSS).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from binhdang.core.tests.bombs import docx_bomb

    folder = Path(tempfile.mkdtemp())
    bomb = docx_bomb(folder / "bomb.docx")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "binhdang", "parse", str(bomb), "--json"], capture_output=True,
                         check=False, cwd=ROOT)
    cli_s = time.monotonic() - started
    cli_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["BINHDANG_VAR_DIR"] = str(folder)
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed-demo", verbosity=0)
    from binhdang.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="ldtbxh"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    response = client.post("/documents/import/", {"file": SimpleUploadedFile("bomb.docx", bomb.read_bytes())})
    upload_s = time.monotonic() - started
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    print(json.dumps({
        "bomb_bytes": bomb.stat().st_size, "cli_exit": run.returncode, "cli_s": round(cli_s, 2),
        "cli_peak_rss_mb": round(cli_rss, 1), "cli_stderr": run.stderr.decode().strip(),
        "upload_status": response.status_code, "upload_s": round(upload_s, 3),
        "upload_rss_growth_mb": round(growth, 1),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
