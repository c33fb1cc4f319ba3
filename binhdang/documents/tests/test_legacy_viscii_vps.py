"""VISCII and VPS text is converted to Unicode like TCVN3 and VNI: every letter, the seed plan
as bytes and pasted into a UTF-8 file, and none is taken for another table."""

from __future__ import annotations

import json

import pytest

from binhdang.documents.parsing import parse_file
from binhdang.documents.parsing.legacy import legacy_encoding
from binhdang.documents.parsing.readers import decode_bytes

from .helpers import ROOT
from .test_legacy import SEED, every_letter, to_tcvn3, to_vni

DATA = ROOT / "binhdang" / "documents" / "parsing" / "data"
TABLES = {kind: {letter: int(code, 16) for code, letter in
                 json.loads((DATA / f"{kind}.json").read_text(encoding="utf-8"))["bytes"].items()}
          for kind in ("viscii", "vps")}
# Neither table has curly quotes or en dashes; a document in them is typed with plain ones.
PLAIN = SEED.replace("“", '"').replace("”", '"').replace("–", "-").replace("…", "...")


def encode(kind: str, text: str) -> bytes:
    table = TABLES[kind]
    return bytes(table[c] if c in table else ord(c) for c in text)


@pytest.mark.parametrize("kind", ["viscii", "vps"])
def test_every_vietnamese_letter_has_a_byte(kind: str) -> None:
    latin1_letters = {c for c in every_letter() if ord(c) < 256}
    # VPS, as GNU recode defines it, has no code for the capital Ỗ.
    missing = {"Ỗ"} if kind == "vps" else set()
    assert set(every_letter()) - latin1_letters - set(TABLES[kind]) == missing


@pytest.mark.parametrize("kind", ["viscii", "vps"])
def test_the_seed_in_the_table_reads_back_exactly(kind: str) -> None:
    data = encode(kind, PLAIN)
    assert legacy_encoding(data.decode("latin-1")) == kind
    assert decode_bytes(data) == PLAIN
    # The same bytes pasted into a UTF-8 file as Latin-1 letters.
    assert decode_bytes(data.decode("latin-1").encode("utf-8")) == PLAIN


@pytest.mark.parametrize("kind", ["viscii", "vps"])
def test_a_legacy_file_parses_into_the_seed_facts(tmp_path, kind: str) -> None:
    path = tmp_path / f"ke-hoach-{kind}.txt"
    path.write_bytes(encode(kind, PLAIN))
    plan = parse_file(path).to_json_dict()
    assert plan["document"]["number"] == "268/KH-UBND"
    assert plan["document"]["issuer"] == "Ủy ban nhân dân thị xã Bỉm Sơn"
    assert len(plan["tasks"]) == 30 and plan["signer"]["name"] == "Mai Đình Lâm"


def test_the_four_tables_are_told_apart() -> None:
    sample = PLAIN[:3000]
    assert legacy_encoding(to_tcvn3(sample)) == "tcvn3"
    assert legacy_encoding(to_vni(sample)) == "vni"
    assert legacy_encoding(encode("viscii", sample).decode("latin-1")) == "viscii"
    assert legacy_encoding(encode("vps", sample).decode("latin-1")) == "vps"
    assert legacy_encoding(sample) is None
