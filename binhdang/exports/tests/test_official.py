"""The renderers, read back: python-docx for the DOCX, poppler for the PDF (no database)."""

import datetime
import io
import subprocess

import pytest
from docx import Document
from PIL import Image as PILImage

from binhdang.conftest import require_program
from binhdang.exports.official import (
    QUOC_HIEU,
    TIEU_NGU,
    Bullet,
    Heading,
    Image,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    place_date,
)
from binhdang.exports.official.charts import bar_chart_by_sex
from binhdang.exports.official.docx import render_docx
from binhdang.exports.official.pdf import render_pdf
from binhdang.exports.tables import sex_table
from binhdang.exports.tests.test_fonts_metadata import assert_embeds_the_documents_serif


def _document() -> OfficialDocument:
    table = sex_table(label_title="Chỉ tiêu", rows=[("Số người được tập huấn", 120, 80), ("Số cán bộ nữ", 1234, 6)])
    chart = bar_chart_by_sex(["Tập huấn", "Cán bộ"], [120, 1234], [80, 6], title="Theo giới tính")
    body = [Paragraph("Thực hiện Kế hoạch số 268/KH-UBND, Ủy ban nhân dân thị xã báo cáo như sau:"),
            Heading("I.", "Kết quả thực hiện"), Heading("1.", "Công tác tuyên truyền", 2),
            Bullet("Phòng Lao động - Thương binh và Xã hội tổ chức 5 buổi tuyên truyền.")]
    body += [Paragraph("Nội dung chi tiết của báo cáo, đủ dài để sang trang thứ hai. " * 12)] * 4
    body += [Table(table), Image(chart, "Biểu đồ 1. Theo giới tính")]
    return OfficialDocument(
        issuer="Ủy ban nhân dân thị xã Bỉm Sơn", type_code="BC", number="", place="Bỉm Sơn",
        date=datetime.date(2017, 2, 5), title="Kết quả thực hiện công tác bình đẳng giới 6 tháng đầu năm 2017",
        body=body, recipients=["UBND tỉnh (để báo cáo)", "Lưu: VT, LĐ"],
        signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Mai Đình Lâm"),
    )


def test_place_date_has_leading_zeros_for_days_below_10_and_months_1_2():
    assert place_date("Bỉm Sơn", datetime.date(2017, 2, 20)) == "Bỉm Sơn, ngày 20 tháng 02 năm 2017"
    assert place_date("Bỉm Sơn", datetime.date(2017, 6, 5)) == "Bỉm Sơn, ngày 05 tháng 6 năm 2017"
    assert place_date("Bỉm Sơn", datetime.date(2017, 12, 15)) == "Bỉm Sơn, ngày 15 tháng 12 năm 2017"


def test_number_line_leaves_the_sequence_blank_unless_given():
    doc = _document()
    assert doc.number_line == "Số:      /BC-UBND"
    doc.number = "268"
    assert doc.number_line == "Số: 268/BC-UBND"


def test_docx_page_fonts_header_and_table():
    document = Document(io.BytesIO(render_docx(_document())))
    section = document.sections[0]
    def mm(length):
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin),
            mm(section.right_margin)] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    rfonts = normal.element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "Times New Roman"
    header_table = document.tables[0]
    left, right = (c.text for c in header_table.rows[0].cells)
    assert "ỦY BAN NHÂN DÂN\nTHỊ XÃ BỈM SƠN" in left
    assert "Số:      /BC-UBND" in left
    assert QUOC_HIEU in right and TIEU_NGU in right
    assert "Bỉm Sơn, ngày 05 tháng 02 năm 2017" in right
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    # Page numbers: a PAGE field in the header, with a different (empty) first page.
    assert section.different_first_page_header_footer is True
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    data = document.tables[1]
    assert [c.text for c in data.rows[0].cells] == ["STT", "Chỉ tiêu", "Nữ", "Nam", "Tổng"]
    assert [c.text for c in data.rows[1].cells][2:] == ["120", "80", "200"]
    assert [c.text for c in data.rows[-1].cells][1:] == ["Tổng cộng", "1.354", "86", "1.440"]
    assert len(document.inline_shapes) == 1
    signer = document.tables[-1].rows[0].cells[1].text
    assert "TM. ỦY BAN NHÂN DÂN" in signer and "CHỦ TỊCH" in signer and "Mai Đình Lâm" in signer
    recipients = document.tables[-1].rows[0].cells[0].text
    assert recipients.startswith("Nơi nhận:") and recipients.endswith("- Lưu: VT, LĐ.")


def test_chart_is_a_png():
    png = bar_chart_by_sex(["Tập huấn nữ"], [3], [5])
    image = PILImage.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1500, 800)


def _pdf_checks(pdf: bytes, tmp_path, expected: list[str]) -> None:
    pdftoppm = require_program("pdftoppm", "poppler-utils renders the PDF to check it")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "60", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "page")],
                   check=True, timeout=60)
    page = next(tmp_path.glob("page*.png"))
    image = PILImage.open(page).convert("L")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.02
    dark = sum(image.histogram()[:128])
    assert dark > 0.005 * width * height  # not blank
    assert_embeds_the_documents_serif(pdf)
    text = subprocess.run([require_program("pdftotext", "poppler-utils"), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    for phrase in expected:
        assert phrase in text, phrase


def test_pdf_first_page_is_a4_with_vietnamese_text(tmp_path):
    pdf = render_pdf(_document())
    assert pdf.startswith(b"%PDF")
    _pdf_checks(pdf, tmp_path, [QUOC_HIEU, TIEU_NGU, "Bỉm Sơn", "BÁO CÁO", "Mai Đình Lâm", "Tổng cộng"])


@pytest.mark.parametrize("family", ["DejaVu Sans"])
def test_chart_font_found_through_fontconfig(family):
    from binhdang.exports.official.charts import font_path

    path = font_path(family)
    assert path is None or path.endswith((".ttf", ".otf"))
