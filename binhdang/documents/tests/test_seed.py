"""The seed plan 268/KH-UBND parses to exactly the hand-checked golden JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from binhdang.documents.parsing import parse_file, parse_text

from .helpers import ROOT, SEED_JSON, SEED_TXT, json_diff

SEEDFACTS = "/work/shared/tools/seedfacts.py"


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed() -> dict:
    return parse_file(SEED_TXT).to_json_dict()


@pytest.mark.parametrize(
    "key",
    ["document", "year", "purpose", "legal_basis", "references", "sections", "tasks", "deadlines",
     "recipients", "signer", "units", "unmatched", "warnings"],
)
def test_seed_matches_golden(parsed: dict, golden: dict, key: str) -> None:
    diff = json_diff(parsed[key], golden[key], key)
    assert not diff, "\n".join(diff[:40])


def test_seed_whole_document_equals_golden(parsed: dict, golden: dict) -> None:
    # The reviewed plan has no parse confidence; the parser adds it on top.
    assert {k: v for k, v in parsed.items() if k not in ("confidence", "text_source")} == golden
    assert parsed["text_source"] == "text" and min(parsed["confidence"].values()) >= 0.7


def test_golden_has_the_contract_shape(golden: dict) -> None:
    for key in ["document", "legal_basis", "references", "sections", "tasks", "deadlines", "recipients", "signer"]:
        assert key in golden
    assert len(golden["tasks"]) == 30
    ids = [t["id"] for t in golden["tasks"]]
    assert ids[:2] == ["II.1.a", "II.1.b"] and "III.1.e" in ids and "III.3" in ids and ids[-1] == "III.8"
    assert len(set(ids)) == 30


def test_golden_file_is_pretty_printed_utf8() -> None:
    raw = SEED_JSON.read_text(encoding="utf-8")
    assert "Ủy ban nhân dân thị xã Bỉm Sơn" in raw  # ensure_ascii=False
    assert raw.startswith('{\n  "document": {\n    "issuer"')


def test_task_rules_on_the_seed(parsed: dict) -> None:
    tasks = {t["id"]: t for t in parsed["tasks"]}
    assert tasks["III.1.b"]["lead"] == ["Phòng Lao động - Thương binh và Xã hội"]
    assert tasks["III.1.e"]["coordinating"] == ["Hội Liên hiệp Phụ nữ"]
    assert all(tasks[f"II.5.{x}"]["lead"] == ["Ban Vì sự tiến bộ của phụ nữ"] for x in "abcdefg")
    assert tasks["II.5.g"]["coordinating"] == ["Phòng Tài chính - Kế hoạch"]
    assert [(r["freq"], r["month"], r["day"]) for r in tasks["III.2.d"]["recurrence"]] == [
        ("yearly", 3, 8), ("yearly", 10, 20)]
    assert tasks["II.5.d"]["recurrence"][0]["freq"] == "semiannual"
    assert "giữ chức vụ" in tasks["II.2.a"]["text"] and "bố trí đủ" in tasks["II.3.a"]["text"]
    assert "Mặt trận" in tasks["III.7"]["text"]
    assert "bình đẳng giới và vì sự tiến bộ của phụ nữ (BĐG&VSTBPN)" in tasks["II.1.b"]["text"]


def test_seedfacts_accepts_the_golden_and_the_parse(tmp_path, parsed: dict) -> None:
    if not os.path.exists(SEEDFACTS):
        pytest.skip("the shared seedfacts.py check is not available here")
    for data in (SEED_JSON.read_text(encoding="utf-8"), json.dumps(parsed, ensure_ascii=False)):
        f = tmp_path / "plan.json"
        f.write_text(data, encoding="utf-8")
        run = subprocess.run([sys.executable, SEEDFACTS, str(f)], capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stdout
        assert "all facts hold" in run.stdout


def test_parse_text_equals_parse_file(parsed: dict) -> None:
    again = parse_text(SEED_TXT.read_text(encoding="utf-8"), source_name="268-KH-UBND-2017.txt").to_json_dict()
    assert again == parsed


def test_fixture_copy_of_the_seed_is_unchanged() -> None:
    shared = "/work/shared/seed/268-KH-UBND-2017.txt"
    if not os.path.exists(shared):
        pytest.skip("shared seed not present")
    assert (ROOT / "binhdang/fixtures/plans/268-KH-UBND-2017.txt").read_bytes() == Path(shared).read_bytes()
