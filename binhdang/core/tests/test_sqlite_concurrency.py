"""On SQLite too, two editors of one record never silently overwrite each other."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent / "scripts" / "sqlite_race.py"
ROOT = Path(__file__).resolve().parents[3]


def test_parallel_edits_on_a_sqlite_file_give_one_winner_per_round(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
           "BINHDANG_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # 10 rounds of two simultaneous edits: exactly one wins each round, the other is told
    assert result == {"won": 10, "conflict": 10, "version": 11}


def test_a_command_on_an_unmigrated_database_says_what_to_do(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
           "BINHDANG_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-m", "binhdang", "plan", "show", "268/KH-UBND", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "binhdang migrate" in done.stderr and "Lỗi cơ sở dữ liệu" in done.stderr
    assert "Traceback" not in done.stderr
