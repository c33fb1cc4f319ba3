"""Documents generated from the demo data: plan 268/KH-UBND and the town's 2017-H1 report."""

import io

import pytest
from docx import Document

from binhdang.exports.documents import plan_document_build, report_document_build
from binhdang.exports.official.docx import render_docx

pytestmark = pytest.mark.django_db


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_plan_268_reads_like_the_original(full_demo):
    from binhdang.plans.models import Plan

    plan = Plan.objects.get(number="268/KH-UBND")
    document = Document(io.BytesIO(render_docx(plan_document_build(plan))))
    text = _all_text(document)
    assert "Số: 268/KH-UBND" in text
    assert "Bỉm Sơn, ngày 20 tháng 02 năm 2017" in text
    assert "KẾ HOẠCH" in text
    assert "Triển khai thực hiện công tác bình đẳng giới," in text
    assert "vì sự tiến bộ của phụ nữ Bỉm Sơn năm 2017" in text
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN",
                    "1. Phòng Lao động - Thương binh và Xã hội", "8. Ủy ban nhân dân các xã, phường"):
        assert heading in text
    assert "Thực hiện Quyết định số 2351/QĐ-TTg ngày 24/12/2010" in text
    for task in plan.tasks.all():
        assert task.text[:80] in text
    assert "gửi trước ngày 25/02/2017" in text
    # the closing paragraph as issued (not a sentence of ours), the typing fixed as elsewhere
    assert "UBND Thị xã đề nghị Mặt trận tổ quốc và các đoàn thể Thị xã, yêu cầu các đơn vị trên địa bàn " \
           "Thị xã, UBND các xã, phường nghiêm túc triển khai thực hiện Kế hoạch;" in text
    assert "gửi trước ngày 15/12 để tổng hợp báo cáo UBND Thị xã, UBND Tỉnh theo quy định./." in text
    assert "**" not in text and "Ủy ban nhân dân thị xã yêu cầu các cơ quan" not in text
    assert "Nơi nhận:" in text and "- Ban VSTBPN Tỉnh (để báo cáo);" in text and "- Lưu: VT, LĐ." in text
    assert "Mai Đình Lâm" in text


def test_town_report_names_every_unit_and_sums_by_sex(full_demo):
    from binhdang.plans.models import Obligation

    town = full_demo["TH-BS"]
    doc = report_document_build(town, "2017-H1")
    document = Document(io.BytesIO(render_docx(doc)))
    text = _all_text(document)
    assert "Số:      /BC-UBND" in text and "BÁO CÁO" in text
    assert "Bỉm Sơn, ngày      tháng      năm 2017" in text
    units = {o.org_unit.name for o in Obligation.objects.filter(
        kind="report_semiannual", due_date__year=2017, org_unit__path__startswith=town.path)}
    assert len(units) >= 20
    for name in units:
        assert name in text, name
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text
    # Bảng 1: Tổng = Nữ + Nam on every row, and no "Tổng cộng" adding different indicators.
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-3:] == ["Nữ", "Nam", "Tổng"])

    def number(cell):
        return int(cell.text.replace(".", "")) if cell.text else 0

    for row in table.rows[1:]:
        female, male, total = (number(c) for c in row.cells[-3:])
        assert female + male == total
    assert "Tổng cộng" not in [c.text for c in table.rows[-1].cells]
    # Bảng 2 (trainings by unit): its totals row sums each column
    by_unit = next(t for t in document.tables if t.rows[0].cells[1].text == "Đơn vị")
    totals = [number(c) for c in by_unit.rows[-1].cells[-3:]]
    assert totals == [sum(number(r.cells[i]) for r in by_unit.rows[1:-1]) for i in (-3, -2, -1)]
    assert totals[0] > 0


def test_bad_period_is_a_domain_error(full_demo):
    from binhdang.core.errors import DomainError

    with pytest.raises(DomainError):
        report_document_build(full_demo["TH-BS"], "2017-plan")


def test_town_report_charts_draw_the_tables_figures(full_demo, monkeypatch):
    """Biểu đồ 1 is fed Bảng 1's very rows (the figures in people, by sex) and Biểu đồ 2 the
    counts of units the text lists per reporting state; both are numbered, titled and in the
    DOCX and the PDF."""
    from binhdang.exports.official import charts
    from binhdang.exports.official.model import Image, Table
    from binhdang.exports.official.pdf import render_pdf

    drawn: list[tuple[list[str], list]] = []
    real = charts.bar_chart

    def spy(categories, series, **kwargs):
        drawn.append((categories, series))
        return real(categories, series, **kwargs)

    monkeypatch.setattr(charts, "bar_chart", spy)
    doc = report_document_build(full_demo["TH-BS"], "2017-H1")
    images = [b for b in doc.body if isinstance(b, Image)]
    assert [i.title.split(".")[0] for i in images] == ["Biểu đồ 1", "Biểu đồ 2"]
    assert images[0].title == "Biểu đồ 1. Các chỉ tiêu chủ yếu phân theo giới tính của toàn thị xã Bỉm Sơn 6 tháng đầu năm 2017"
    # Biểu đồ 1 = the rows of Bảng 1 in people: same names, same women's and men's figures
    table = next(b.data for b in doc.body if isinstance(b, Table) and b.data.title.startswith("Bảng 1."))
    unit_col = next(i for i, c in enumerate(table.columns) if c.title == "Đơn vị tính")
    label_col = next(i for i, c in enumerate(table.columns) if c.title == "Chỉ tiêu")
    people = [r for r in table.rows if r[unit_col] == "người"]
    (categories, series), (states, counts) = drawn
    assert categories == [r[label_col] for r in people] and len(categories) >= 5
    assert [s[0] for s in series] == ["Nữ", "Nam"]
    assert series[0][1] == [r[unit_col + 1] for r in people] and series[1][1] == [r[unit_col + 2] for r in people]
    assert series[0][1][0] > 0
    # Biểu đồ 2 = the sending bullets' counts, 23 units
    import re

    said = [re.match(r"^(.*) \((\d+)\): ", b.text) for b in doc.body if type(b).__name__ == "Bullet"]
    bullets = {m[1]: int(m[2]) for m in said if m and m[1] in states}
    assert len(bullets) >= 4
    assert dict(zip(states, counts[0][1], strict=True)) == {s: bullets.get(s, 0) for s in states}
    assert counts[0][1][0] == 14 and "của 23 đơn vị" in images[1].title
    # both formats carry the pictures under their titles
    document = Document(io.BytesIO(render_docx(doc)))
    text = _all_text(document)
    assert images[0].title in text and images[1].title in text
    assert len(document.inline_shapes) == 2
    pdf = render_pdf(doc)
    assert pdf.count(b"/Subtype /Image") >= 2
