"""`binhdang check --deploy --fail-level WARNING` passes with the documented production
variables (deploy/production.env.example, a random key in place of CHANGE-ME): issue 14's
"check --deploy prints no warning", kept from coming back (a new enum named "kind" in the
API once brought drf_spectacular.W001)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BINHDANG_", "DATABASE_URL"))}
    for line in (ROOT / "deploy" / "production.env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"  # the check needs no server
    env["BINHDANG_VAR_DIR"] = str(tmp_path)
    env["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    return env


def test_check_deploy_prints_no_warning_with_the_documented_variables(tmp_path):
    done = subprocess.run([sys.executable, "-m", "binhdang", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
