"""Times New Roman (or the metric-compatible Tinos / Liberation Serif 2) everywhere, the chart
included; PDF and DOCX metadata name the issuing body and the document number."""

import datetime
import io
import re
from pathlib import Path

from binhdang.exports.official.charts import CHART_FONT, font_path
from binhdang.exports.official.docx import render_docx
from binhdang.exports.official.model import OfficialDocument, Paragraph, Signer
from binhdang.exports.official.pdf import render_pdf

METRIC_COMPATIBLE = re.compile(r"(TimesNewRoman|Times New Roman|Tinos|LiberationSerif|Liberation Serif)")


def _document() -> OfficialDocument:
    return OfficialDocument(
        issuer="Ủy ban nhân dân thị xã Bỉm Sơn", type_code="BC", date=datetime.date(2017, 6, 20),
        title="Kết quả công tác bình đẳng giới 6 tháng đầu năm 2017", number="15", place="Bỉm Sơn",
        body=[Paragraph("Nội dung báo cáo.")], signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Mai Đình Lâm"))


def test_the_chart_draws_in_times_new_roman_or_a_metric_compatible_font():
    path = font_path(CHART_FONT)
    assert path is not None and METRIC_COMPATIBLE.search(Path(path).name.replace("-", ""))


def test_docx_metadata_names_the_issuer_and_the_number():
    from docx import Document

    core = Document(io.BytesIO(render_docx(_document()))).core_properties
    assert core.author == "Ủy ban nhân dân thị xã Bỉm Sơn" != "python-docx"
    assert core.last_modified_by == "Ủy ban nhân dân thị xã Bỉm Sơn"
    assert core.identifier == "15/BC-UBND"
    assert core.title == "Báo cáo 15/BC-UBND: Kết quả công tác bình đẳng giới 6 tháng đầu năm 2017"
    assert core.created == datetime.datetime(2017, 6, 20, 1, 0, tzinfo=datetime.UTC)  # 08:00 +07:00


def test_pdf_metadata_and_fonts():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf(_document())))
    meta = reader.metadata
    assert meta.author == "Ủy ban nhân dân thị xã Bỉm Sơn"
    assert meta.title == "Báo cáo Số: 15/BC-UBND – Kết quả công tác bình đẳng giới 6 tháng đầu năm 2017"
    assert "Số: 15/BC-UBND" in meta.subject and "Ủy ban nhân dân thị xã Bỉm Sơn" in meta.subject
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts and all(METRIC_COMPATIBLE.search(name) for name in fonts), fonts
