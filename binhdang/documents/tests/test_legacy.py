"""TCVN3 (ABC) and VNI-Windows text is converted to Unicode: every letter, and the seed plan."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from binhdang.documents.parsing import parse_file, parse_text
from binhdang.documents.parsing.readers import decode_bytes, legacy_encoding, read_docx

from .helpers import ROOT, SEED_TXT

DATA = ROOT / "binhdang" / "documents" / "parsing" / "data"
TCVN3 = json.loads((DATA / "tcvn3.json").read_text(encoding="utf-8"))["letters"]
VNI = json.loads((DATA / "vni.json").read_text(encoding="utf-8"))["letters"]
SEED = unicodedata.normalize("NFC", SEED_TXT.read_text(encoding="utf-8"))
# A few lines of ordinary text so that detection has something to go on.
CONTEXT = "Cộng hòa xã hội chủ nghĩa Việt Nam, độc lập tự do hạnh phúc. " * 3


def to_tcvn3(text: str) -> str:
    """Encode as an ABC user would: capitals with a tone take the lower-case code ('.VnTimeH')."""
    return "".join(TCVN3.get(c) or (TCVN3.get(c.lower()) if c.isupper() else None) or c for c in text)


def to_vni(text: str) -> str:
    return "".join(VNI.get(c, c) for c in text)


LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"


def every_letter() -> list[str]:
    """The 67 Vietnamese letters with diacritics and their capitals."""
    return sorted(set(LOWER) | set(LOWER.upper()))


def test_tables_cover_every_vietnamese_letter() -> None:
    letters = every_letter()
    assert len(letters) == 134 and all(unicodedata.normalize("NFC", c) == c for c in letters)
    assert set(VNI) == set(letters)
    lower = {c for c in letters if c.islower()}
    assert {c for c in TCVN3 if c.islower()} == lower
    assert {c for c in TCVN3 if c.isupper()} == set("ĂÂĐÊÔƠƯ")
    # one byte each, all distinct, none in ASCII
    assert len(set(TCVN3.values())) == len(TCVN3) == 74
    assert all(len(code) == 1 and ord(code) >= 0xA1 for code in TCVN3.values())
    assert len(set(VNI.values())) == len(VNI)


def test_table_spot_checks() -> None:
    assert [TCVN3[c] for c in "áàảãạăâđĐêôơư"] == list("¸µ¶·¹¨©®§ª«¬\xad")
    assert VNI["ộ"] == "oä" and VNI["ĩ"] == "ó" and VNI["đ"] == "ñ" and VNI["Ấ"] == "AÁ" and VNI["ớ"] == "ôù"


@pytest.mark.parametrize("letter", every_letter())
def test_every_letter_round_trips(letter: str) -> None:
    # VNI encodes capitals; TCVN3 has no code for a capital with a tone and gets it back
    # from an upper-case word, so it is checked in lower case and inside a capital word.
    text = CONTEXT + f"bx{letter}x {letter}."
    assert decode_bytes(to_vni(text).encode("cp1252")) == text
    low = CONTEXT + f"bx{letter.lower()}x {letter.lower()}."
    assert decode_bytes(to_tcvn3(low).encode("cp1252")) == low
    capital = CONTEXT + f"\nCHỮ X{letter.upper()}X HOA\n"
    assert decode_bytes(to_tcvn3(capital).encode("cp1252")) == capital


@pytest.mark.parametrize(("encode", "kind"), [(to_tcvn3, "tcvn3"), (to_vni, "vni")])
def test_seed_in_a_legacy_encoding_gives_the_same_facts(tmp_path: Path, encode, kind: str) -> None:
    data = encode(SEED).encode("cp1252")
    assert legacy_encoding(data.decode("cp1252")) == kind
    path = tmp_path / f"seed-{kind}.txt"
    path.write_bytes(data)
    # when
    got = parse_file(path).to_json_dict()
    # then every fact equals the Unicode original's, texts included
    expected = parse_text(SEED).to_json_dict()
    for key in ("document", "legal_basis", "references", "sections", "tasks", "deadlines", "recipients",
                "signer", "units", "unmatched"):
        assert got[key] == expected[key], key
    assert len(got["tasks"]) == 30


def test_unicode_texts_are_not_taken_for_legacy() -> None:
    for path in [SEED_TXT, *sorted((ROOT / "binhdang/documents/tests/samples").glob("*.txt"))]:
        assert legacy_encoding(path.read_text(encoding="utf-8")) is None, path.name
    # a few symbols that are also TCVN3 codes do not make a Unicode text legacy
    assert legacy_encoding(SEED + " © ® § « » · µ ¼ ½ ¾ " * 3) is None


def test_tcvn3_in_a_word_document_is_converted(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in SEED.splitlines():
        document.add_paragraph(to_tcvn3(line))
    path = tmp_path / "seed-vntime.docx"
    document.save(str(path))
    text = read_docx(path)
    assert "Ủy ban nhân dân thị xã Bỉm Sơn" in parse_text(text).document.issuer
    assert "Phòng Lao động - Thương binh và Xã hội" in text
