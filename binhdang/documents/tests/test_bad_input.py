"""Input the parser must refuse clearly (Vietnamese and English message) or read despite noise."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from binhdang.documents.parsing import ParseError, needs_ocr, parse_file, parse_text, read_document
from binhdang.documents.parsing.readers import decode_bytes

from .helpers import SEED_TXT, make_pdf


def refused(path: Path, code: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_file(path)
    err = info.value
    assert err.code == code, err.message_en
    assert err.message_vi and err.message_en and err.message_vi != err.message_en
    assert str(err) == err.message_vi
    return err


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "rỗng" in refused(path, "empty").message_vi


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n \t \n", encoding="utf-8")
    refused(path, "empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert "nhị phân" in refused(path, "binary").message_vi


def test_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: takes no disk space and must not be read
        fh.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    err = refused(path, "too_large")
    assert time.perf_counter() - start < 0.5
    assert "20 MB" in err.message_vi


def test_text_that_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "recipe.txt"
    path.write_text("Cách nấu phở bò\n\nNguyên liệu: xương bò, bánh phở, hành, gừng.\nNinh xương trong 6 giờ.\n",
                    encoding="utf-8")
    assert "không tìm thấy số" in refused(path, "not_a_plan").message_vi


def test_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nope.txt", "not_found")


def test_doc_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    refused(path, "doc_unsupported")


def test_broken_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip file")
    refused(path, "docx_invalid")


def test_pdf_without_text_goes_to_ocr_and_says_when_nothing_is_read(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf(None))
    assert needs_ocr(path)
    with pytest.raises(ParseError) as info:
        read_document(path, ocr=False)
    assert info.value.code == "needs_ocr" and "ảnh quét" in info.value.message_vi
    # A page with only a drawing: OCR runs and finds no words.
    assert refused(path, "ocr_no_text").message_vi == "Nhận dạng chữ (OCR) không đọc được chữ nào trong ảnh quét."


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert info.value.code in ("pdf_invalid", "pdf_no_text")


SEED = SEED_TXT.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.encode(encoding))
    plan = parse_file(path)
    assert plan.document.number == "268/KH-UBND" and len(plan.tasks) == 30


def test_windows_1258_is_decoded(tmp_path: Path) -> None:
    import unicodedata

    # Windows-1258 has â, ê, ô, ă, ơ, ư, đ as letters and the five tones as combining marks.
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in SEED:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", d[0] + "".join(m for m in d[1:] if m not in tones))
            out.append((base + "".join(m for m in d[1:] if m in tones)).encode("cp1258"))
    data = b"".join(out)
    path = tmp_path / "seed-cp1258.txt"
    path.write_bytes(data)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    plan = parse_file(path).to_json_dict()
    assert plan["document"]["issuer"] == "Ủy ban nhân dân thị xã Bỉm Sơn"
    assert len(plan["tasks"]) == 30
    assert plan["tasks"][0]["lead"] == ["Các cơ quan, đơn vị"]


# How TCVN3 (ABC) and VNI text looks when its bytes are read as Latin-1.
TCVN3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nKÕ ho¹ch triÓn khai c«ng t¸c b×nh ®¼ng giíi\n"
VNI = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nKeá hoaïch trieån khai coâng taùc bình ñaúng giôùi\n"


UNICODE = "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nKế hoạch triển khai công tác bình đẳng giới\n"


# The TCVN3 sample was typed with the old tone placement ("hoà"); conversion keeps it.
LEGACY = [(TCVN3, UNICODE.replace("hòa", "hoà")), (VNI, UNICODE)]


@pytest.mark.parametrize(("sample", "expected"), LEGACY)
def test_legacy_8bit_encodings_are_converted_to_unicode(sample: str, expected: str) -> None:
    assert decode_bytes((sample * 5).encode("latin-1")) == expected * 5


@pytest.mark.parametrize(("sample", "expected"), LEGACY)
def test_legacy_text_saved_as_utf8_is_converted_too(sample: str, expected: str) -> None:
    assert decode_bytes((sample * 5).encode("utf-8")) == expected * 5


def test_mixed_legacy_encodings_are_refused_clearly() -> None:
    with pytest.raises(ParseError) as info:
        decode_bytes((VNI * 4 + TCVN3 * 2).encode("latin-1"))
    err = info.value
    assert err.code == "legacy_encoding"
    assert "VNI" in err.message_vi and "không chuyển được" in err.message_vi and "Unikey" in err.message_vi


def test_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(SEED, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        parse_file(path, max_bytes=1000)
    assert info.value.code == "too_large"


def test_invalid_dates_warn_instead_of_crashing() -> None:
    text = SEED.replace("gửi trước ngày **15/6**", "gửi trước ngày 31/02/2017")
    plan = parse_text(text)
    assert [d.date for d in plan.deadlines] == ["2017-02-25", "2017-12-15"]
    assert any("31/02/2017" in w for w in plan.warnings)


def test_parse_text_rejects_huge_strings() -> None:
    with pytest.raises(ParseError) as info:
        parse_text("x" * 2_000_001)
    assert info.value.code == "too_large"


@pytest.mark.skipif(not hasattr(os, "truncate"), reason="needs sparse files")
def test_limit_check_does_not_open_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    refused(path, "too_large")
