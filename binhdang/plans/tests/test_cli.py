import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

SEEDFACTS = Path(settings.BASE_DIR).parent / "shared/tools/seedfacts.py"


def _show(number: str) -> dict:
    out = io.StringIO()
    call_command("plan", "show", number, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_plan_show_json_gives_the_seed_facts(seed_plan):
    # when
    data = _show("268/KH-UBND")
    # then the key facts, checked directly
    doc = data["document"]
    assert (doc["number"], doc["type"], doc["date"], doc["issuer"]) == (
        "268/KH-UBND", "KH", "2017-02-20", "Ủy ban nhân dân thị xã Bỉm Sơn"
    )
    assert doc["parent_issuer"] is None
    assert data["legal_basis"][0]["number"] == "2351/QĐ-TTg"
    assert {d["number"] for d in data["references"]} >= {
        "11-NQ/TW", "57/NQ-CP", "191/2009/TT-BTC", "56/2012/TTLT-BTC-BLĐTBXH"
    }
    assert len(data["tasks"]) == 30
    assert [d["date"] for d in data["deadlines"]] == ["2017-02-25", "2017-06-15", "2017-12-15"]
    assert data["deadlines"][0]["to"] == "Phòng Lao động - Thương binh và Xã hội"
    recurrences = {(r["freq"], r["month"], r["day"]) for t in data["tasks"] for r in t["recurrence"]}
    assert {("yearly", 3, 8), ("yearly", 10, 20)} <= recurrences
    assert any(r[0] == "semiannual" for r in recurrences)
    assert len(data["recipients"]) == 7
    assert data["signer"] == {"name": "Mai Đình Lâm", "title": None, "authority": None}
    for key in ("id", "section", "text", "lead", "coordinating", "due", "recurrence"):
        assert key in data["tasks"][0]
    # and, when ../shared is there, the outside check itself
    if SEEDFACTS.exists():
        spec = importlib.util.spec_from_file_location("seedfacts", SEEDFACTS)
        seedfacts = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(seedfacts)
        assert seedfacts.check_seed(data) == []


def test_plan_show_of_an_unknown_number_fails_with_a_vietnamese_message(seed_plan):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("plan", "show", "999/KH-UBND", "--json", stdout=out)
    assert str(error.value) == "Không tìm thấy kế hoạch số “999/KH-UBND”."
    assert error.value.returncode == 1
    assert out.getvalue() == ""


def test_plan_show_in_english_when_language_is_en(seed_plan, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en_US:en")
    with pytest.raises(CommandError) as error:
        call_command("plan", "show", "999/KH-UBND", "--json", stdout=io.StringIO())
    assert str(error.value) == "No plan numbered “999/KH-UBND”."


def test_plan_list_json(seed_plan):
    out = io.StringIO()
    call_command("plan", "list", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["number"], r["year"], r["tasks"], r["status"]) for r in rows] == [("268/KH-UBND", 2017, 30, "issued")]


def test_plan_list_table(seed_plan):
    out = io.StringIO()
    call_command("plan", "list", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "268/KH-UBND" in lines[1] and "Ủy ban nhân dân thị xã Bỉm Sơn" in lines[1]


def test_command_line_error_goes_to_stderr_with_exit_1(tmp_path, sqlite_file):
    # a freshly migrated, empty database: the real console script, as the outside checks call it
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{sqlite_file(tmp_path)}", "LANGUAGE": "vi"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "binhdang", "plan", "show", "268/KH-UBND", "--json"],
                            env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "Không tìm thấy kế hoạch số “268/KH-UBND”."
