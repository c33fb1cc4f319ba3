"""`binhdang parse FILE [--json]`: Plan JSON on stdout, errors on stderr, no database needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from .helpers import ROOT, SEED_JSON, SEED_TXT


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LANGUAGE"))}
    # A database that cannot be opened proves the command never touches one.
    base["DATABASE_URL"] = "sqlite:////nonexistent-dir/never.sqlite3"
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "binhdang", "parse", *args], cwd=ROOT, env=base,
                          capture_output=True, timeout=120, check=False)


def test_json_output_is_the_golden_plan() -> None:
    run = run_cli(str(SEED_TXT.relative_to(ROOT)), "--json")
    assert run.returncode == 0, run.stderr.decode()
    data = json.loads(run.stdout.decode("utf-8"))
    # How sure the parser is of each field, and how the text was read, come on top of the plan.
    assert data.pop("text_source") == "text"
    assert data.pop("confidence") == {"number": 0.95, "type": 0.95, "date": 0.95, "issuer": 0.9, "title": 0.9,
                                      "legal_basis": 0.75, "tasks": 0.84, "deadlines": 0.85,
                                      "recipients": 0.9, "signer": 0.7}
    assert data == json.loads(SEED_JSON.read_text(encoding="utf-8"))
    assert "Ủy ban nhân dân thị xã Bỉm Sơn".encode() in run.stdout  # ensure_ascii=False


def test_summary_without_json() -> None:
    run = run_cli(str(SEED_TXT))
    assert run.returncode == 0
    out = run.stdout.decode("utf-8")
    assert "268/KH-UBND" in out and "Nhiệm vụ: 30" in out and "2017-06-15" in out


@pytest.mark.parametrize(("language", "needle"), [("", "Tệp rỗng"), ("en_US:en", "The file is empty")])
def test_errors_go_to_stderr_in_the_right_language(tmp_path: Path, language: str, needle: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    run = run_cli(str(empty), "--json", env={"LANGUAGE": language} if language else None)
    assert run.returncode != 0
    assert run.stdout == b""
    assert needle in run.stderr.decode("utf-8")


def test_not_a_plan_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Ghi chú: mua thêm giấy in.\n", encoding="utf-8")
    run = run_cli(str(path), "--json")
    assert run.returncode != 0 and run.stdout == b""
    assert "Không nhận ra văn bản" in run.stderr.decode("utf-8")


def test_call_command(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    call_command("parse", str(SEED_TXT), "--json")
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert len(data["tasks"]) == 30 and data["signer"]["name"] == "Mai Đình Lâm"


def test_call_command_error_exits_non_zero(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as info:
        call_command("parse", str(tmp_path / "missing.pdf"), "--json")
    assert info.value.code != 0
    captured = capsysbinary.readouterr()
    assert captured.out == b"" and "Không mở được tệp" in captured.err.decode("utf-8")
