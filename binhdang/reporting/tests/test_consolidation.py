"""The consolidated report a leader signs: one source for every figure (page, DOCX, API,
XLSX), a real synthesis (I–IV, no sentence more than three times), each unit's own report
with its NĐ 30/2020 header, the value link (accept counts, reopen takes out), issuing."""

import collections
import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from binhdang.core.errors import AccessDenied, DomainError
from binhdang.exports.documents import issuer_symbol, report_document_build
from binhdang.exports.official.docx import render_docx
from binhdang.indicators.models import IndicatorValue
from binhdang.plans.models import Obligation
from binhdang.reporting import issuing, services
from binhdang.reporting.models import Submission
from binhdang.reporting.synthesis import synthesis_build

from .conftest import at

pytestmark = pytest.mark.django_db

TOWN = "Ủy ban nhân dân thị xã Bỉm Sơn"


@pytest.fixture
def demo(demo_tree, full_demo):
    return demo_tree


def _docx(unit, period="2017-H1", **options):
    return Document(io.BytesIO(render_docx(report_document_build(unit, period, **options))))


def _paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def _cells(document) -> list[str]:
    return [c.text for t in document.tables for r in t.rows for c in r.cells]


def _number(text: str) -> int:
    return int(text.replace(".", "")) if text else 0


def _training_sentence_total(paragraphs: list[str]) -> tuple[int, int]:
    sentence = next(p for p in paragraphs if p.startswith("Trong 6 tháng đầu năm 2017, toàn thị xã Bỉm Sơn đã"))
    match = re.search(r"tập huấn về bình đẳng giới cho ([\d.]+) người, trong đó nữ ([\d.]+) người", sentence)
    assert match, sentence
    return _number(match[1]), _number(match[2])


def test_town_report_is_a_synthesis_with_one_source_for_its_figures(demo, client, demo_user, tmp_path):
    town = demo["TH-BS"]
    document = _docx(town)
    paragraphs = _paragraphs(document)
    text = "\n".join(paragraphs + _cells(document))
    # no Python lists printed anywhere
    for bad in ("[(", "['", "[]"):
        assert bad not in text
    # the four parts of a lead agency's Báo cáo, in order
    headings = [p for p in paragraphs if re.match(r"^(I|II|III|IV)\. ", p)]
    assert [h.split(" ", 1)[1] for h in headings] == [
        "KẾT QUẢ THỰC HIỆN", "HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2017",
        "KIẾN NGHỊ, ĐỀ XUẤT"]
    # no sentence of the text more than three times; no two rows of a table alike (a status
    # column may repeat "Chưa bắt đầu (0%)", a row may not repeat another)
    counts = collections.Counter(
        s.strip() for t in paragraphs for s in re.split(r"(?<=[.;!?])\s+|\n", t)
        if len(s.strip()) >= 12)
    assert max(counts.values()) <= 3, counts.most_common(3)
    for table in document.tables:
        rows = [tuple(c.text for c in row.cells[1:]) for row in table.rows]
        assert len(rows) == len(set(rows)), collections.Counter(rows).most_common(2)
    # Bảng 3: one row per task, its lead units and their state in columns of their own
    tasks = next(t for t in document.tables if [c.text for c in t.rows[0].cells][1:] == [
        "Nhiệm vụ", "Đơn vị chủ trì", "Tình trạng, tiến độ"])
    row = {re.match(r"([IVX]+\.\d+(?:\.[a-z])?)\. ", r.cells[1].text)[1]: r for r in tasks.rows[1:]}
    assert [c.text for c in row["III.1.e"].cells[2:]] == ["Phòng LĐ-TB&XH", "Đang thực hiện (30%)"]
    # a task the plan gives no lead unit: its own state, the one the bullet above counts it in
    assert [c.text for c in row["II.1.b"].cells[2:]] == ["Kế hoạch không giao đơn vị chủ trì", "Chưa bắt đầu (0%)"]
    assert any(p.startswith("- Chưa bắt đầu (") and "II.1.b" in p for p in paragraphs)
    # the town total for trainings: the text, Bảng 2's totals row, the API, the XLSX, the page
    total, female = _training_sentence_total(paragraphs)
    s = synthesis_build(town, "2017-H1")
    figure = s.figure("DP-TH-NGUOI")
    assert (total, female) == (figure.total, figure.female) == (1003, 674)
    by_unit = next(t for t in document.tables if t.rows[0].cells[1].text == "Đơn vị")
    last = [c.text for c in by_unit.rows[-1].cells]
    assert last[1] == "Tổng cộng toàn thị xã Bỉm Sơn" and [_number(x) for x in last[-3:]] == [674, 329, 1003]
    assert sum(_number(r.cells[-1].text) for r in by_unit.rows[1:-1]) == 1003
    client.force_login(demo_user("ldtbxh"))
    api = client.get("/api/reporting/consolidation/", {"unit": "TH-BS", "period": "2017-H1"}).json()
    assert next(f for f in api["figures"] if f["code"] == "DP-TH-NGUOI") == {
        "code": "DP-TH-NGUOI", "name": "Số người được tập huấn về bình đẳng giới", "female": 674, "male": 329,
        "total": 1003}
    out = tmp_path / "values.xlsx"
    call_command("export", "values", "--format", "xlsx", "--unit", TOWN, "--period", "2017-H1", "-o", str(out))
    sheet = load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    code_col, female_col, total_col = header.index("Mã chỉ tiêu"), header.index("Nữ"), header.index("Tổng")
    training = [r for r in rows[1:] if r[code_col] == "DP-TH-NGUOI"]
    assert (sum(r[female_col] for r in training), sum(r[total_col] for r in training)) == (674, 1003)
    page = client.get("/reports/consolidation/", {"period": "2017-H1"}).content.decode()
    assert re.search(r'data-code="DP-TH-NGUOI">.*?<td class="num" data-total>1003</td>', page, re.S)
    # late, returned and missing units are named; a returned report is not "on time"
    assert "- Bị trả lại để bổ sung (1): Ủy ban nhân dân phường Lam Sơn." in paragraphs
    assert "- Chưa gửi (3): Công an, Hội Cựu chiến binh, Ủy ban nhân dân xã Hà Lan." in paragraphs
    assert "- Gửi muộn (4): Phòng Kinh tế, Đoàn Thanh niên Cộng sản Hồ Chí Minh, Liên đoàn Lao động, " \
           "Ủy ban nhân dân xã Quang Trung." in paragraphs
    # the difficulties are merged, each with the number of units that raised it
    assert any(re.fullmatch(r"- Kinh phí bố trí cho công tác bình đẳng giới còn hạn hẹp \(\d+ đơn vị nêu\)\.", p)
               for p in paragraphs)
    assert "Ủy ban nhân dân thị xã Bỉm Sơn kiến nghị Ủy ban nhân dân tỉnh Thanh Hóa:" in paragraphs


def test_pending_reports_only_with_a_mark(demo):
    town = demo["TH-BS"]
    accepted = synthesis_build(town, "2017-H1")
    pending = synthesis_build(town, "2017-H1", include_pending=True)
    assert (len(accepted.counted), len(pending.counted)) == (14, 19)
    paragraphs = _paragraphs(_docx(town, include_pending=True))
    assert "(*) Nội dung từ báo cáo đã gửi nhưng chưa được tiếp nhận." in paragraphs
    assert "(*) Nội dung từ báo cáo đã gửi nhưng chưa được tiếp nhận." not in _paragraphs(_docx(town))


def test_a_phong_and_a_ward_report_their_own_figures_under_their_own_header(demo):
    phong = demo["TH-BS-NV"]
    document = _docx(phong)
    header = document.tables[0].rows[0].cells[0]
    lines = [(p.text, any(r.bold for r in p.runs)) for p in header.paragraphs if p.text.strip()]
    assert lines[0] == ("ỦY BAN NHÂN DÂN THỊ XÃ BỈM SƠN", False)  # cơ quan chủ quản, not bold
    assert lines[1] == ("PHÒNG NỘI VỤ", True)
    assert "Số:      /BC-NV" in header.text
    assert document.tables[0].rows[0].cells[1].text.strip().endswith("Bỉm Sơn, ngày      tháng      năm 2017")
    footer = document.tables[-1]
    assert "TRƯỞNG PHÒNG" in footer.rows[0].cells[1].text and "TRƯỞNG PHÒNG NỘI" not in footer.rows[0].cells[1].text
    assert "- Ủy ban nhân dân thị xã Bỉm Sơn (để báo cáo);" in footer.rows[0].cells[0].text
    assert "- Phòng Lao động - Thương binh và Xã hội (để tổng hợp);" in footer.rows[0].cells[0].text
    paragraphs = _paragraphs(document)
    assert "Phòng Nội vụ đã tập huấn về bình đẳng giới cho 42 người, trong đó 42 nữ, 0 nam." in paragraphs
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    row = next(r for r in table.rows if r.cells[1].text == "Số người được tập huấn về bình đẳng giới")
    assert [c.text for c in row.cells[-3:]] == ["42", "0", "42"]
    assert issuer_symbol(demo["TH-BS-LDTBXH"]) == "LĐTBXH"
    # a ward: its own submission's figures, its own place
    ward = demo["TH-BS-BACSON"]
    submission = Submission.objects.get(org_unit=ward, obligation__kind="report_semiannual")
    mine = next(r for r in submission.content["chi_tieu"] if r["code"] == "DP-TH-NGUOI")
    document = _docx(ward)
    assert "Số:      /BC-UBND" in document.tables[0].rows[0].cells[0].text
    assert document.tables[0].rows[0].cells[1].text.strip().startswith("CỘNG HÒA")
    assert f"cho {mine['female'] + mine['male']} người, trong đó {mine['female']} nữ" in "\n".join(_paragraphs(document))
    assert "Có 0 đơn vị phải báo cáo" not in "\n".join(_paragraphs(document))
    # a sentence starts with a capital; the assigned tasks are named, not only numbered
    assert f"Phường Bắc Sơn đã tập huấn về bình đẳng giới cho {mine['female'] + mine['male']} người" in \
        "\n".join(_paragraphs(document))
    tasks = next(t for t in document.tables if [c.text for c in t.rows[0].cells][1:] == [
        "Nhiệm vụ", "Tình trạng", "Tiến độ (%)"])
    assert [c.text for c in tasks.rows[2].cells] == [
        "2", "III.8. Căn cứ kế hoạch này, xây dựng và tổ chức thực hiện Kế hoạch hoạt động năm 2017 ở đơn vị, "
        "địa phương phù hợp …", "Chưa bắt đầu", "0"]


def _cells_of(unit, code, period="2017-H1"):
    return {v.sex: v.num for v in IndicatorValue.objects.filter(org_unit=unit, period=period, indicator__code=code)}


def test_accepting_counts_the_figures_and_reopening_takes_them_out(demo, demo_user):
    ward = demo["TH-BS-NGOCTRAO"]  # submitted, not accepted in the demo
    submission = Submission.objects.get(org_unit=ward, obligation__kind="report_semiannual")
    row = next(r for r in submission.content["chi_tieu"] if r["code"] == "DP-TH-NGUOI")
    before = synthesis_build(demo["TH-BS"], "2017-H1").figure("DP-TH-NGUOI").total
    assert _cells_of(ward, "DP-TH-NGUOI") == {}
    coordinator = demo_user("ldtbxh")
    submission = services.submission_accept(actor=coordinator, submission=submission, version=submission.version, now=at(2017, 6, 18))
    assert _cells_of(ward, "DP-TH-NGUOI") == {"F": row["female"], "M": row["male"]}
    assert synthesis_build(demo["TH-BS"], "2017-H1").figure("DP-TH-NGUOI").total == before + row["female"] + row["male"]
    services.submission_reopen(actor=coordinator, submission=submission, version=submission.version, reason="Sai số liệu tập huấn.",
                               now=at(2017, 6, 19))
    assert _cells_of(ward, "DP-TH-NGUOI") == {}
    assert synthesis_build(demo["TH-BS"], "2017-H1").figure("DP-TH-NGUOI").total == before
    # a returned report is still to do for the ward
    obligation = Obligation.objects.get(pk=submission.obligation_id)
    assert obligation.is_done is False


def test_a_changed_prefilled_figure_needs_its_reason(demo, demo_user):
    ward = demo["TH-BS-LAMSON"]  # returned in the demo: editable
    submission = Submission.objects.get(org_unit=ward, obligation__kind="report_semiannual")
    rows = [dict(r) for r in submission.content["chi_tieu"]]
    rows[0].update(prefilled_female=10, prefilled_male=5, female=11, male=5)
    Submission.objects.filter(pk=submission.pk).update(content={**submission.content, "chi_tieu": rows})
    submission.refresh_from_db()
    reporter = demo_user("lamson")
    with pytest.raises(DomainError) as error:
        services.submission_submit(actor=reporter, submission=submission, version=submission.version)
    assert "khác số đã ghi trong sổ hoạt động (10), hãy ghi lý do" in error.value.message
    assert Submission.objects.get(pk=submission.pk).status == "returned"  # nothing half-saved
    saved = services.submission_save(actor=reporter, submission=submission, version=submission.version,
                                     changes={"chi_tieu": [{**rows[0], "reason": "Thêm 1 học viên học bù."}]})
    sent = services.submission_submit(actor=reporter, submission=saved, version=saved.version)
    assert sent.status == "submitted"
    assert sent.content["chi_tieu"][0]["reason"] == "Thêm 1 học viên học bù."


def test_the_town_issues_and_the_province_consolidates_towns_like_communes(demo, demo_user):
    from binhdang.exports.report_document import part_texts

    town, province = demo["TH-BS"], demo["TH"]
    coordinator = demo_user("ldtbxh")
    draft = issuing.draft_save(actor=coordinator, unit=town, period_key="2017-H1", version=None,
                               edits={"III": "- Tổ chức Tháng hành động vì bình đẳng giới năm 2017."})
    assert draft.figures["DP-TH-NGUOI"] == [674, 329]
    document = report_document_build(town, "2017-H1")
    assert "- Tổ chức Tháng hành động vì bình đẳng giới năm 2017." in [
        f"- {b.text}" for b in document.body if type(b).__name__ == "Bullet"]
    submission = issuing.consolidated_issue(actor=coordinator, unit=town, period_key="2017-H1",
                                            parts=part_texts(document), now=at(2017, 6, 20))
    assert (submission.status, submission.obligation.receiver.code) == ("submitted", "TH-BVSTBPN")
    with pytest.raises(DomainError):  # sent once; it waits for the province
        issuing.consolidated_issue(actor=coordinator, unit=town, period_key="2017-H1", parts={})
    with pytest.raises(AccessDenied):  # a ward cannot issue the town's report
        issuing.consolidated_issue(actor=demo_user("badinh"), unit=town, period_key="2017-H1", parts={})
    services.submission_accept(actor=demo_user("tinh"), submission=submission, version=submission.version, now=at(2017, 6, 25))
    s = synthesis_build(province, "2017-H1")
    assert [u.unit for u in s.counted] == [TOWN]
    # the town's figures are the communes' values already rolled up: never counted twice
    assert s.figure("DP-TH-NGUOI").total == 1003
    assert [p.text for p in s.directions] == ["Tổ chức Tháng hành động vì bình đẳng giới năm 2017"]
    paragraphs = _paragraphs(_docx(province))
    assert "Trong 6 tháng đầu năm 2017, toàn tỉnh Thanh Hóa đã tập huấn về bình đẳng giới cho 1.003 người, trong đó nữ " \
           "674 người (67,2%)" in paragraphs[paragraphs.index("1. Kết quả chung") + 1]
