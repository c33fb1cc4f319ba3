"""The documents' serif, checked for what it is (family, Vietnamese letters, Times New Roman's
metrics; decision 0352), in the PDF and the chart; PDF and DOCX metadata name the issuing body
and the document number."""

import datetime
import io
from pathlib import Path

import pytest

from binhdang.core.errors import DomainError
from binhdang.exports.official import fonts
from binhdang.exports.official.charts import CHART_FONT, font_path
from binhdang.exports.official.docx import render_docx
from binhdang.exports.official.model import OfficialDocument, Paragraph, Signer
from binhdang.exports.official.pdf import render_pdf

DOCUMENT_FAMILIES = {"Liberation Serif", "Tinos", "Times New Roman"}


def _document() -> OfficialDocument:
    return OfficialDocument(
        issuer="Ủy ban nhân dân thị xã Bỉm Sơn", type_code="BC", date=datetime.date(2017, 6, 20),
        title="Kết quả công tác bình đẳng giới 6 tháng đầu năm 2017", number="15", place="Bỉm Sơn",
        body=[Paragraph("Nội dung báo cáo.")], signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Mai Đình Lâm"))


def test_the_chart_draws_in_the_documents_serif():
    path = font_path(CHART_FONT)
    assert path == str(fonts.document_font().regular)
    assert fonts.font_problems(Path(path), fonts.document_font().family) == []


def test_the_documents_serif_covers_vietnamese_with_times_new_roman_s_metrics():
    chosen = fonts.document_font()
    assert chosen.family in DOCUMENT_FAMILIES and set(chosen.files) == set(fonts.STYLES)
    for style, path in chosen.files.items():
        assert fonts.font_problems(path, chosen.family, style=style) == [], path
    letters = fonts.vietnamese_letters()
    assert len(letters) == 2 * (12 * 6 + 1 + 16) and "ỹ" in letters and "Đ" in letters


def test_a_font_without_vietnamese_or_with_other_metrics_is_refused(tmp_path):
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    if not dejavu.exists():
        pytest.skip("DejaVu Serif is not installed")
    problems = fonts.font_problems(dejavu, "Liberation Serif")
    assert any("family" in p for p in problems) and any("advance widths" in p for p in problems)


def test_no_font_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("BINHDANG_DOCUMENT_FONT_DIR", str(tmp_path))
    fonts.document_font.cache_clear()
    try:
        with pytest.raises(DomainError, match="fonts-liberation2"):
            fonts.document_font()
    finally:
        monkeypatch.delenv("BINHDANG_DOCUMENT_FONT_DIR")
        fonts.document_font.cache_clear()


def test_a_configured_folder_of_the_family_s_files_is_taken(monkeypatch, tmp_path):
    chosen = fonts.document_font()
    for path in chosen.files.values():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("BINHDANG_DOCUMENT_FONT_DIR", str(tmp_path))
    fonts.document_font.cache_clear()
    try:
        assert fonts.document_font().regular.parent == tmp_path
    finally:
        monkeypatch.delenv("BINHDANG_DOCUMENT_FONT_DIR")
        fonts.document_font.cache_clear()


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
    assert_embeds_the_documents_serif(render_pdf(_document()))


def assert_embeds_the_documents_serif(pdf: bytes) -> None:
    """Every font the PDF uses is embedded and is the documents' serif, by its own tables:
    its family, a glyph for every Vietnamese letter of the text, Times New Roman's widths."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    used = {c for c in text if c in fonts.vietnamese_letters()}
    assert {"ệ", "ộ", "ớ"} & used, text[:200]  # the page really has Vietnamese text
    covered: set[int] = set()
    families = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            families.add(program["name"].getDebugName(1))
            cmap = program.getBestCmap()
            covered |= set(cmap)
            if "Bold" not in str(font["/BaseFont"]) and "Italic" not in str(font["/BaseFont"]):
                scale = 2048 / program["head"].unitsPerEm
                widths = {c: round(program["hmtx"][cmap[ord(c)]][0] * scale)
                          for c in fonts.TNR_ADVANCES if ord(c) in cmap}
                assert widths and all(w == fonts.TNR_ADVANCES[c] for c, w in widths.items()), widths
    assert families == {fonts.document_font().family}, families
    assert families <= DOCUMENT_FAMILIES
    assert {ord(c) for c in used} <= covered, sorted(c for c in used if ord(c) not in covered)
