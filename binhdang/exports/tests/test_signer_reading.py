"""What a signer reads (docs/decisions/0351): table titles and headings never alone at the
foot of a page (DOCX keep_with_next, PDF break-after: avoid), a unit named by its full name
and never by its level title alone, a period inside an English sentence in lower case, the
"as was" report of a unit of today for a period before it existed refused with its
predecessors and the way to the "as is" view, and the values API's `view`."""

import io
import json
import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from binhdang.conftest import require_program
from binhdang.core.periods import period_parse
from binhdang.exports.official.docx import render_docx
from binhdang.exports.official.model import Heading, OfficialDocument, Paragraph, Table
from binhdang.exports.official.pdf import render_pdf
from binhdang.exports.report_document import report_document_build
from binhdang.exports.tables import Column, TableData

pytestmark = pytest.mark.django_db
PERIOD = "2017-H1"
TABLE_TITLE = re.compile(r"^Bảng \d+\.")
LEVEL_ALONE = re.compile(r"(Ủy ban nhân dân|toàn) (thị xã|phường|xã|tỉnh|huyện)(?=$|[^ \w]| [^A-ZĐÀ-Ỹ])")


def _docx_paragraphs(data: bytes) -> list:
    return Document(io.BytesIO(data)).paragraphs


def _pdf_pages(data: bytes, tmp_path) -> list[list[str]]:
    """The non-empty lines of each page, as pdftotext lays them out."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run([require_program("pdftotext", "poppler-utils"), "-layout", str(path), "-"],
                          check=True, capture_output=True).stdout.decode("utf-8")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")
            if page.strip()]


def _heading_lines(document: OfficialDocument) -> list[str]:
    out = []
    for block in document.body:
        if isinstance(block, Heading):
            text = block.text.upper() if block.level == 1 else block.text
            out.append(f"{block.label} {text}".strip())
        if isinstance(block, Table) and block.data.title:
            out.append(block.data.title)
    return out


def _lonely_foot(pages: list[list[str]], document: OfficialDocument) -> list[str]:
    """Pages (but the last) whose last line is a table title or a heading, or the start of one."""
    starts = _heading_lines(document)
    bad = []
    for number, lines in enumerate(pages[:-1], start=1):
        last = " ".join(lines[-1].split())
        two = " ".join(" ".join(lines[-2:]).split())  # a title wrapped over the last two lines
        if TABLE_TITLE.match(last) or any(s.startswith((last, two)) or last.startswith(s) for s in starts):
            bad.append(f"page {number}: {last}")
    return bad


def _filler_document(lines: int) -> OfficialDocument:
    """A report whose table title lands near the foot of page 1 for some `lines`."""
    body = [Paragraph("Nội dung báo cáo, dòng " + str(i) + ".") for i in range(lines)]
    body.append(Heading("I.", "Kết quả thực hiện", 1))
    body.append(Paragraph("Đoạn mở đầu."))
    rows = [[i, f"Chỉ tiêu {i}", i * 10] for i in range(1, 15)]
    body.append(Table(TableData(columns=[Column("STT", 12), Column("Chỉ tiêu"), Column("Số", 25, numeric=True)],
                                rows=rows, title="Bảng 1. Số liệu thử")))
    body.append(Heading("1.", "Tiến độ thực hiện", 2))
    body.append(Paragraph("Kết thúc."))
    return OfficialDocument(issuer="Ủy ban nhân dân thị xã Bỉm Sơn", type_code="BC", date=None, year=2017,
                            title="Báo cáo thử", body=body)


def test_no_page_ends_with_a_table_title_or_a_heading_whatever_comes_before(tmp_path):
    # 24 lines of text fill page 1 to its foot; from 22 to 30 the heading, the opening line
    # and the table's title take every position at the bottom of the page in turn.
    seen_title_on_page_2 = False
    for lines in range(22, 31):
        document = _filler_document(lines)
        pages = _pdf_pages(render_pdf(document), tmp_path)
        assert _lonely_foot(pages, document) == [], lines
        title_page = next(i for i, page in enumerate(pages) if "Bảng 1. Số liệu thử" in page)
        first_row = next(i for i, page in enumerate(pages) if any(re.match(r"1\s+Chỉ tiêu 1\s", line) for line in page))
        assert title_page == first_row, lines  # the title sits on the page of the table's first row
        seen_title_on_page_2 |= title_page == 1
    assert seen_title_on_page_2  # the case was met: the title was carried over with its table


def test_the_signature_never_stands_alone_on_the_last_page(full_demo, tmp_path):
    # before: the plan's page 5 held only "Nơi nhận" and the signer's name
    from binhdang.exports.documents import plan_document_build
    from binhdang.plans.models import Plan

    plan = plan_document_build(Plan.objects.get(number="268/KH-UBND"))
    pages = _pdf_pages(render_pdf(plan), tmp_path)
    last = pages[-1]
    before = last[1:last.index("Nơi nhận:")]  # after the page number
    assert before and before[-1].endswith("UBND Thị xã, UBND Tỉnh theo quy định./."), last[:4]
    paragraphs = _docx_paragraphs(render_docx(plan))
    closing = next(p for p in paragraphs if p.text.endswith("theo quy định./."))
    assert closing.paragraph_format.keep_with_next is True
    for lines in range(24, 34):  # whatever the length, the closing text comes with the signature
        document = _filler_document(lines)
        document.body.append(Paragraph("Trên đây là báo cáo thử./."))
        document.signer.name = "Nguyễn Văn A"
        last = _pdf_pages(render_pdf(document), tmp_path)[-1]
        assert "Trên đây là báo cáo thử./." in last, lines


def test_docx_keeps_every_table_title_and_heading_with_what_follows(full_demo):
    for unit, view in (("TH-BS", "as_is"), ("TH-BS-BADINH", "as_was")):
        from binhdang.orgunits.models import OrgUnit

        document = report_document_build(OrgUnit.objects.get(code=unit), PERIOD, view=view)
        wanted = _heading_lines(document)
        assert sum(1 for line in wanted if TABLE_TITLE.match(line)) >= 2
        paragraphs = {p.text: p for p in _docx_paragraphs(render_docx(document))}
        for line in wanted:
            assert line in paragraphs, line
            assert paragraphs[line].paragraph_format.keep_with_next is True, line
        titles = [p for text, p in paragraphs.items() if TABLE_TITLE.match(text)]
        assert titles and all(p.paragraph_format.keep_with_next for p in titles)


def test_the_towns_report_pdf_keeps_its_titles_with_their_tables(full_demo, tmp_path):
    # before: "Bảng 3." ended page 4 and "Bảng 5." page 10, their tables on the next pages
    document = report_document_build(full_demo["TH-BS"], PERIOD, view="as_is")
    pages = _pdf_pages(render_pdf(document), tmp_path)
    assert len(pages) >= 8
    assert _lonely_foot(pages, document) == []
    for title in ("Bảng 3. Tiến độ thực hiện nhiệm vụ", "Bảng 5. Số liệu 6 tháng đầu năm 2017"):
        page = next(p for p in pages if any(line.startswith(title) for line in p))
        after = page[next(i for i, line in enumerate(page) if line.startswith(title)) + 1:]
        assert any(line.startswith("STT") for line in after), title  # its header row on the same page


def _texts(document) -> str:
    """The DOCX's paragraphs and table cells, as the reader sees them."""
    opened = Document(io.BytesIO(render_docx(document)))
    cells = [c.text for t in opened.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)


def test_every_unit_is_named_by_its_name_not_its_level_title(full_demo):
    from binhdang.orgunits.models import OrgUnit

    ward = report_document_build(OrgUnit.objects.get(code="TH-BS-BADINH"), PERIOD)
    text = _texts(ward)
    assert "Ủy ban nhân dân phường Ba Đình báo cáo kết quả thực hiện công tác bình đẳng giới" in text
    assert "Bảng 1. Số liệu phân tách theo giới tính của Ủy ban nhân dân phường Ba Đình 6 tháng đầu năm 2017" in text
    assert "vì sự tiến bộ của phụ nữ 6 tháng đầu năm 2017 của Ủy ban nhân dân phường Ba Đình./." in text
    town = _texts(report_document_build(full_demo["TH-BS"], PERIOD))
    assert "Ủy ban nhân dân thị xã Bỉm Sơn báo cáo kết quả thực hiện" in town
    assert "Trong 6 tháng đầu năm 2017, toàn thị xã Bỉm Sơn đã tập huấn" in town
    assert "Bảng 1. Số liệu phân tách theo giới tính của toàn thị xã Bỉm Sơn 6 tháng đầu năm 2017" in town
    assert "Ủy ban nhân dân thị xã Bỉm Sơn kiến nghị Ủy ban nhân dân tỉnh Thanh Hóa:" in town
    as_is = _texts(report_document_build(full_demo["TH-PBIMSON"], PERIOD, view="as_is"))
    assert "Ủy ban nhân dân phường Bỉm Sơn tổng hợp số liệu về bình đẳng giới" in as_is
    # the units it adds up are said once, under its table; the note says only what is missing
    assert as_is.count("Xã Hà Lan; Phường Ba Đình; Phường Lam Sơn; Phường Đông Sơn; Xã Hà Vinh") == 1
    assert "cộng từ" not in as_is
    assert "Phường Bỉm Sơn: chưa có số liệu của: Xã Hà Lan, Phường Lam Sơn, Xã Hà Vinh." in as_is
    phong = _texts(report_document_build(OrgUnit.objects.get(name="Phòng Nội vụ"), PERIOD))
    for name, body in (("ward", text), ("town", town), ("as is", as_is), ("phòng", phong)):
        assert LEVEL_ALONE.findall(body) == [], name


def test_a_period_inside_an_english_sentence_is_lower_case(full_demo, client, demo_user):
    with translation.override("en"):
        assert period_parse("2017-H1").phrase == "the first half of 2017"
        assert period_parse("2017-H2").phrase == "the second half of 2017"
        assert period_parse("2017").phrase == "the year 2017"
        assert period_parse("2017-H1").label == "First half of 2017"  # standing alone
    with translation.override("vi"):
        assert period_parse("2017-H1").phrase == "6 tháng đầu năm 2017"
        assert period_parse("2017").phrase == "năm 2017"
    client.force_login(demo_user("tinh"))
    client.cookies["django_language"] = "en"
    ward = full_demo["TH-PBIMSON"]
    html = client.get(f"/indicators/unit/{ward.pk}/{PERIOD}/?view=as_is", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Figures of the first half of 2017 shown on today&#x27;s units" in html or (
        "Figures of the first half of 2017 shown on today's units" in html)
    assert "Figures of First half" not in html


def test_as_was_report_of_a_unit_of_today_for_2017_names_its_predecessors_and_the_way(
        full_demo, client, demo_user, tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("export", "report", "--unit", "TH-PBIMSON", "--period", PERIOD, "--format", "pdf",
                     "-o", str(tmp_path / "no.pdf"))
    err = capsys.readouterr().err
    assert ("Phường Bỉm Sơn chưa có trong 6 tháng đầu năm 2017: đơn vị được thành lập từ ngày 01/07/2025; khi đó "
            "địa bàn thuộc Phường Ba Đình, Phường Lam Sơn, Phường Đông Sơn, Xã Hà Lan, Xã Hà Vinh. Để lập báo cáo "
            "số liệu kỳ này theo đơn vị hiện nay, chạy lại lệnh với --view as-is.") in err
    assert "Chưa có gì để lập báo cáo" not in err
    assert not (tmp_path / "no.pdf").exists()
    # the page says which view to choose, and its download in that view works
    client.force_login(demo_user("tinh"))
    ward = full_demo["TH-PBIMSON"]
    url = reverse("exports:report-download", args=["pdf"])
    refused = client.get(url, {"unit": ward.pk, "period": PERIOD})
    assert refused.status_code == 400
    assert "Để lập báo cáo số liệu kỳ này theo đơn vị hiện nay, chọn cách xem “Theo đơn vị hiện nay”." in (
        refused.content.decode())
    page = client.get(reverse("exports:report"), {"unit": ward.pk, "period": PERIOD, "view": "as_is"})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="as_is" selected>Theo đơn vị hiện nay</option>' in html
    assert f"?unit={ward.pk}&amp;period={PERIOD}&amp;view=as_is" in html
    done = client.get(url, {"unit": ward.pk, "period": PERIOD, "view": "as_is"})
    assert done.status_code == 200 and done.content.startswith(b"%PDF")


def _api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _training(values: list[dict], unit: str) -> dict[str, str]:
    return {v["categoryOptionCombo"]: v["value"] for v in values
            if v["dataElement"] == "DP-TH-NGUOI" and v["orgUnit"] == unit}


def test_values_api_view_as_is_is_the_cli_and_the_page(full_demo, demo_user, client, tmp_path):
    ward = full_demo["TH-PBIMSON"]
    api = _api(demo_user("tinh"))
    response = api.get("/api/exports/values/", {"format": "dhis2-json", "unit": ward.pk, "period": PERIOD,
                                                "view": "as_is"})
    assert response.status_code == 200
    from_api = _training(json.loads(b"".join(response.streaming_content))["dataValues"], "TH-PBIMSON")
    out = tmp_path / "v.json"
    call_command("export", "values", "--format", "dhis2-json", "--view", "as-is", "--unit", "TH-PBIMSON",
                 "--period", PERIOD, "-o", str(out))
    from_cli = _training(json.loads(out.read_text(encoding="utf-8"))["dataValues"], "TH-PBIMSON")
    assert from_api == from_cli
    assert {k: float(v) for k, v in from_api.items()} == {"F": 27.0, "M": 13.0}
    client.force_login(demo_user("tinh"))
    html = client.get(f"/indicators/unit/{ward.pk}/{PERIOD}/?view=as_is").content.decode()
    row = re.search(r'<tr data-code="DP-TH-NGUOI">(.*?)</tr>', html, re.S)[1]
    cells = [re.sub(r"<[^>]+>", " ", c).split()[0] for c in re.findall(r'<td class="num [a-z]+">(.*?)</td>', row, re.S)]
    assert cells[:2] == ["27", "13"]
    # "as was" (the default and view=as_was): today's ward had no values in 2017
    for query in ({}, {"view": "as_was"}, {"view": "AS-WAS"}):
        plain = api.get("/api/exports/values/", {"format": "dhis2-json", "unit": ward.pk, "period": PERIOD, **query})
        assert plain.status_code == 200
        assert _training(json.loads(b"".join(plain.streaming_content))["dataValues"], "TH-PBIMSON") == {}
    for bad in ("hien-nay", "as is", "1", "as_was;drop", "x" * 500):
        refused = api.get("/api/exports/values/", {"format": "dhis2-json", "period": PERIOD, "view": bad})
        assert refused.status_code == 400, bad
        body = refused.json()
        message = body["errors"]["view"][0]
        assert body["detail"] == message and body["code"] == "invalid"
        assert message.startswith("Cách xem “") and "dùng view=as_was (theo đơn vị thời đó) hoặc view=as_is" in message
        assert len(message) < 200


def test_values_api_schema_documents_view_and_its_400(full_demo, demo_user):
    schema = json.loads(_api(demo_user("tinh")).get("/api/schema/?format=json").content)
    operation = schema["paths"]["/api/exports/values/"]["get"]
    view = next(p for p in operation["parameters"] if p["name"] == "view")
    assert sorted(view["schema"]["enum"]) == ["as_is", "as_was"] and view["schema"]["default"] == "as_was"
    assert "export values --view as-is" in view["description"] and "400" in view["description"]
    error = operation["responses"]["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}  # {code, detail, errors: {view: [message]}}
