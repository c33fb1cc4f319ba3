"""Small units: dates, recurrences, header and issuer formatting, citations."""

from __future__ import annotations

import datetime as dt

import pytest

from binhdang.documents.parsing.citations import find_citations, legal_basis
from binhdang.documents.parsing.dates import find_dates, find_recurrences
from binhdang.documents.parsing.header import format_issuer
from binhdang.documents.parsing.normalize import clean_text, join_paragraphs


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("ngày 20 tháng 02 năm 2017", dt.date(2017, 2, 20), "day"),
        ("20/02/2017", dt.date(2017, 2, 20), "day"),
        ("20-02-2017", dt.date(2017, 2, 20), "day"),
        ("trước ngày 15/6", dt.date(2017, 6, 15), "day"),
        ("Quý II/2026", dt.date(2026, 6, 30), "quarter"),
        ("quý 4 năm 2025", dt.date(2025, 12, 31), "quarter"),
        ("trong tháng 11", dt.date(2017, 11, 30), "month"),
        ("Tháng 02/2024", dt.date(2024, 2, 29), "month"),
    ],
)
def test_dates(text: str, date: dt.date, precision: str) -> None:
    hits = find_dates(text, 2017)
    assert [(h.date, h.precision) for h in hits] == [(date, precision)]


def test_invalid_dates_are_skipped_with_a_warning() -> None:
    warnings: list[str] = []
    assert find_dates("trước ngày 31/02/2017 và ngày 30 tháng 02 năm 2018", 2017, warnings) == []
    assert len(warnings) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tổ chức hằng năm", [("yearly", None, None)]),
        ("giao ban hàng quý", [("quarterly", None, None)]),
        ("sinh hoạt hằng tháng", [("monthly", None, None)]),
        ("định kỳ 6 tháng và cả năm", [("semiannual", None, None)]),
        ("kỷ niệm ngày Quốc tế phụ nữ 8/3", [("yearly", 3, 8)]),
        ("nhân dịp 20/10", [("yearly", 10, 20)]),
        ("làm theo quy định hiện hành", []),
    ],
)
def test_recurrences(text: str, expected: list[tuple]) -> None:
    found, _ = find_recurrences(text)
    assert [(r.freq, r.month, r.day) for r in found] == expected


@pytest.mark.parametrize(
    ("written", "formatted"),
    [
        ("ỦY BAN NHÂN DÂN THỊ XÃ BỈM SƠN", "Ủy ban nhân dân thị xã Bỉm Sơn"),
        ("UBND TỈNH THANH HÓA", "Ủy ban nhân dân tỉnh Thanh Hóa"),
        ("UBND PHƯỜNG QUANG TRUNG", "Ủy ban nhân dân phường Quang Trung"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ THANH HÓA", "Ủy ban nhân dân thành phố Thanh Hóa"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Phòng Lao động - Thương binh và Xã hội".replace("Phòng", "Sở")),
        ("HỘI LIÊN HIỆP PHỤ NỮ", "Hội Liên hiệp Phụ nữ"),
    ],
)
def test_issuer_format(written: str, formatted: str) -> None:
    assert format_issuer(written) == formatted


def test_typos_are_corrected_from_the_table() -> None:
    text = clean_text("THỊ XÃ BÌM SƠN\nỦy ban Mật trận tổ quốc; tham gia gữ chức vụ; bối trí cán bộ; BanVSTBPN Tỉnh")
    assert "BỈM SƠN" in text and "Mặt trận" in text and "giữ chức" in text and "bố trí" in text
    assert "Ban VSTBPN Tỉnh" in text


def test_page_numbers_and_markdown_are_dropped() -> None:
    pars = join_paragraphs(clean_text("**Tiêu đề**\n\n12\n\n- 3 -\n\nTrang 4/7\n\n- Một việc\ncần làm.").split("\n"))
    assert pars == ["Tiêu đề", "- Một việc cần làm."]


def test_citations() -> None:
    text = ("Nghị quyết số 11-NQ/TW ngày 27/4/2007 của Bộ Chính trị, Nghị quyết số 57/NQ-CP ngày 01/12/2009 "
            "của Chính phủ về công tác phụ nữ; Luật Bình đẳng giới, các nghị quyết của Thị ủy")
    found = find_citations(text)
    assert [(c.number, c.date, c.issuer) for c in found] == [
        ("11-NQ/TW", "2007-04-27", "Bộ Chính trị"), ("57/NQ-CP", "2009-12-01", "Chính phủ"), (None, None, None)]
    assert found[2].text == "Luật Bình đẳng giới"


def test_legal_basis_ignores_theo_de_nghi() -> None:
    basis = legal_basis([
        "Căn cứ Nghị định số 70/2008/NĐ-CP ngày 04/6/2008 và Nghị định số 48/2009/NĐ-CP ngày 19/5/2009 của Chính phủ;",
        "Theo đề nghị của Trưởng phòng Nội vụ tại Tờ trình số 12/TTr-NV ngày 01/3/2024.",
    ])
    assert [c.number for c in basis] == ["70/2008/NĐ-CP", "48/2009/NĐ-CP"]
