"""Figures "as is" everywhere they appear (issue 12, item 4): the indicator table and its
XLSX, the report document and the consolidation page, the status page and the values
export, on the demo of both eras (the 2017 cycle of thị xã Bỉm Sơn and Thanh Hóa's real
2025 communes)."""

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from binhdang.exports.official.model import Bullet, Heading, Paragraph, Table
from binhdang.exports.report_document import report_document_build
from binhdang.indicators.models import Indicator, IndicatorValue
from binhdang.indicators.selectors import View, cut
from binhdang.indicators.services import do_value_set
from binhdang.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
PERIOD = "2017-H1"
OLD_WARDS = ["TH-BS-BADINH", "TH-BS-LAMSON", "TH-BS-DONGSON", "TH-BS-HALAN"]


def _predecessors_sum(code: str) -> dict[str, float]:
    """Σ of the 2017-H1 raw values of phường Bỉm Sơn's predecessors, by sex (xã Hà Vinh,
    outside the demo, has none)."""
    indicator = Indicator.objects.get(code=code)
    rows = IndicatorValue.objects.filter(period=PERIOD, breakdown="", indicator=indicator,
                                         org_unit__code__in=OLD_WARDS)
    out: dict[str, float] = {}
    for row in rows:
        out[row.sex] = out.get(row.sex, 0) + row.num
    assert not IndicatorValue.objects.filter(period=PERIOD, org_unit__short_name="xã Hà Vinh").exists()
    return out


def _cells(html: str, code: str) -> tuple[str, str, str]:
    row = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', html, re.S)
    assert row, code
    found = [re.sub(r"<[^>]+>", " ", re.search(rf'<td class="num {cls}">(.*?)</td>', row[1], re.S)[1]).split()[0]
             for cls in ("female", "male", "total")]
    return found[0], found[1], found[2]


def _document_row(document, name: str, part: str = "") -> list:
    """The first table row labelled `name` (in part `part`, "V.", when given)."""
    inside = not part
    for block in document.body:
        if isinstance(block, Heading) and block.level == 1:
            inside = not part or block.label == part
        if inside and isinstance(block, Table):
            for row in block.data.rows:
                if str(row[1]).startswith(name):
                    return row
    raise AssertionError(name)


def _text(document) -> str:
    return "\n".join(b.text for b in document.body if isinstance(b, Paragraph | Bullet))


@pytest.fixture
def ward(full_demo):
    return full_demo["TH-PBIMSON"]


@pytest.fixture
def split(full_demo):
    """2017-H1 values of old phường Đông Thọ (TP Thanh Hóa), split between phường Hạc Thành
    and phường Hàm Rồng with unconfirmed weights of 0.5 each."""
    dong_tho = OrgUnit.objects.get(gso_code="14758", valid_to__isnull=False)
    ham_rong = OrgUnit.objects.get(short_name="phường Hàm Rồng", valid_to__isnull=True)
    jobs = Indicator.objects.get(code="DP-VIECLAM")
    do_value_set(actor=None, indicator=jobs, org_unit=dong_tho, period=PERIOD, sex="F", value=30)
    do_value_set(actor=None, indicator=jobs, org_unit=dong_tho, period=PERIOD, sex="M", value=11)
    return {"old": dong_tho, "new": ham_rong, "jobs": jobs}


def test_one_figure_is_the_predecessors_sum_on_the_page_the_xlsx_and_the_document(ward, client, demo_user):
    expected = _predecessors_sum("DP-TH-NGUOI")
    assert expected == {"F": 27.0, "M": 13.0}
    client.force_login(demo_user("tinh"))
    # the table page of today's ward for 2017, "as is"
    html = client.get(f"/indicators/unit/{ward.pk}/{PERIOD}/?view=as_is").content.decode()
    assert _cells(html, "DP-TH-NGUOI") == ("27", "13", "40")
    assert 'aria-current="page">Theo đơn vị hiện nay' in html
    assert "Xã Hà Lan; Phường Ba Đình; Phường Lam Sơn; Phường Đông Sơn; Xã Hà Vinh." in html
    assert "Chưa có số liệu của: Xã Hà Lan, Phường Lam Sơn, Xã Hà Vinh." in html
    assert "ước tính" not in html  # full merges: exact sums
    # the same figure in its XLSX
    response = client.get(f"/indicators/unit/{ward.pk}/{PERIOD}/xlsx/?view=as_is")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=9, values_only=True)}
    assert rows["DP-TH-NGUOI"][3:6] == (27, 13, 40)
    assert "Phường Ba Đình" in sheet["A4"].value and sheet["A5"].value is None
    # and in the report document (CLI and consolidation build it alike)
    document = report_document_build(ward, PERIOD, view="as_is")
    assert _document_row(document, "Số người được tập huấn về bình đẳng giới")[3:6] == [27.0, 13.0, 40.0]
    assert "Số liệu 6 tháng đầu năm 2017 được trình bày theo đơn vị hành chính hiện nay (Phường Bỉm Sơn)" in _text(
        document)
    assert "theo đơn vị hành chính hiện nay" in document.title


def test_the_switch_is_offered_only_across_the_reform_and_old_units_link_forward(full_demo, ward, client, demo_user):
    client.force_login(demo_user("tinh"))
    html = client.get(f"/indicators/unit/{ward.pk}/{PERIOD}/").content.decode()
    assert "Theo đơn vị thời đó" in html and "Chưa có số liệu cho kỳ này." in html  # as was: nothing yet
    assert "Theo đơn vị hiện nay" not in client.get(f"/indicators/unit/{ward.pk}/2026-H1/").content.decode()
    # a careless ?view=… is "as was", never an error
    for bad in ("AS_IS", "'; drop", ""):
        response = client.get(f"/indicators/unit/{ward.pk}/{PERIOD}/", {"view": bad})
        assert response.status_code == 200 and 'id="as-is-note"' not in response.content.decode()
    # an ended ward links to its successor's "as is" table instead of offering the switch
    ba_dinh = full_demo["TH-BS-BADINH"]
    html = client.get(f"/indicators/unit/{ba_dinh.pk}/{PERIOD}/").content.decode()
    assert f'href="/indicators/unit/{ward.pk}/{PERIOD}/?view=as_is">phường Bỉm Sơn</a>' in html
    assert "Theo đơn vị hiện nay" not in html
    # the "as is" XLSX of an ended unit says why not, in Vietnamese
    response = client.get(f"/indicators/unit/{ba_dinh.pk}/{PERIOD}/xlsx/?view=as_is", follow=True)
    assert "Chỉ xem được số liệu theo đơn vị hiện nay" in response.content.decode()


def test_a_split_communes_share_is_an_estimate_with_its_weight_everywhere(split, client, demo_user, tmp_path):
    new, jobs = split["new"], split["jobs"]
    client.force_login(demo_user("tinh"))
    html = client.get(f"/indicators/unit/{new.pk}/{PERIOD}/?view=as_is").content.decode()
    assert _cells(html, "DP-VIECLAM") == ("15", "5,5", "20,5")
    assert "Phường Đông Thọ × 0,5" in html
    assert "Ước tính: có đơn vị bị chia tách" in html and "(Phường Đông Thọ × 0,5)" in html
    assert '20,5 <span class="ind-estimate">(ước tính)</span>' in html
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/indicators/unit/{new.pk}/{PERIOD}/xlsx/?view=as_is").content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=9, values_only=True)}
    assert rows["DP-VIECLAM"][3:7] == (15, 5.5, 20.5, "ước tính")
    assert "(Phường Đông Thọ × 0,5)" in sheet["A5"].value
    document = report_document_build(new, PERIOD, view="as_is")
    row = _document_row(document, jobs.name)
    assert row[1] == f"{jobs.name} (ước tính)" and row[3:6] == [15.0, 5.5, 20.5]
    text = _text(document)
    assert "chỉ là ước tính" in text and "Phường Hàm Rồng: ước tính theo tỷ trọng: Phường Đông Thọ × 0,5." in text
    # the values export notes it too
    out = tmp_path / "v.json"
    call_command("export", "values", "--format", "dhis2-json", "--view", "as-is", "--unit", new.code,
                 "--period", PERIOD, "-o", str(out))
    values = json.loads(out.read_text(encoding="utf-8"))["dataValues"]
    female = next(v for v in values if v["dataElement"] == "DP-VIECLAM" and v["categoryOptionCombo"] == "F")
    assert female["value"] == "15" and "ước tính theo đơn vị hiện nay (Phường Đông Thọ × 0,5)" in female["comment"]


def test_totals_are_the_same_in_both_views(split, full_demo):
    """Full merges sum exactly and split shares add up to 1: the province's total, and the sum
    over today's communes against the sum over the communes of 2017, agree."""
    province = full_demo["TH"]
    jobs, trained = split["jobs"], Indicator.objects.get(code="DP-TH-NGUOI")
    as_was = cut(units=[province], periods=[PERIOD], indicators=[jobs, trained])
    as_is = cut(units=[province], periods=[PERIOD], indicators=[jobs, trained], view=View.AS_IS)
    for indicator in (jobs, trained):
        assert as_is.figure(province, PERIOD, indicator).total == as_was.figure(province, PERIOD, indicator).total
    today = list(OrgUnit.objects.filter(path__startswith=province.path, level="commune", kind="administrative",
                                        valid_to__isnull=True))
    then = list(OrgUnit.objects.filter(path__startswith=province.path, level="commune", kind="administrative",
                                       valid_from__isnull=True))
    rebuilt = cut(units=today, periods=[PERIOD], indicators=[jobs, trained], view=View.AS_IS)
    old = cut(units=then, periods=[PERIOD], indicators=[jobs, trained])
    for indicator in (jobs, trained):
        new_total = sum(rebuilt.figure(u, PERIOD, indicator).total or 0 for u in today)
        old_total = sum(old.figure(u, PERIOD, indicator).total or 0 for u in then)
        assert new_total == old_total and new_total > 0
    assert sum(old.figure(u, PERIOD, jobs).total or 0 for u in then) == 41 + 196 + 192  # Đông Thọ, the town


def test_report_cli_and_consolidation_page_as_is(full_demo, client, demo_user, tmp_path, capsys):
    out = tmp_path / "bs.docx"
    call_command("export", "report", "--unit", "TH-PBIMSON", "--period", PERIOD, "--format", "docx",
                 "--view", "as-is", "-o", str(out))
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "theo đơn vị hành chính hiện nay" in text and "Xã Hà Vinh" in text
    # the "as was" report of today's ward for 2017 is still refused: it did not exist then
    with pytest.raises(SystemExit):
        call_command("export", "report", "--unit", "TH-PBIMSON", "--period", PERIOD, "--format", "docx",
                     "-o", str(tmp_path / "no.docx"))
    assert "Phường Bỉm Sơn chưa có trong 6 tháng đầu năm 2017" in (
        capsys.readouterr().err)
    for bad in (["--view", "hien-nay"], ["--view", "as-is", "--signed"]):
        with pytest.raises(SystemExit):
            call_command("export", "report", "--unit", "TH-PBIMSON", "--period", PERIOD, "--format", "pdf",
                         *bad, "-o", str(tmp_path / "bad.pdf"))
        err = capsys.readouterr().err
        assert "Cách xem “hien-nay” không hỗ trợ" in err or "Chỉ ký được báo cáo theo đơn vị thời đó" in err
    # the town's consolidation, "as is": its figures on phường Bỉm Sơn and phường Quang Trung
    client.force_login(demo_user("ldtbxh"))
    html = client.get("/reports/consolidation/", {"period": PERIOD, "view": "as_is"}).content.decode()
    section = html[html.index('id="as-is"'):html.index('id="figures"')]
    assert "(Phường Bỉm Sơn, Phường Quang Trung)" in section
    row = re.search(r'data-unit="TH-PBIMSON".*?<tr data-code="DP-TH-NGUOI">(.*?)</tr>', section, re.S)[1]
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row) == ["27", "13", "40"]
    assert "format=pdf&amp;view=as_is" in html  # the downloads carry the view
    town = full_demo["TH-BS"]
    document = report_document_build(town, PERIOD, view="as_is")
    headings = [b.text for b in document.body if getattr(b, "label", "") == "V."]
    assert headings == ["Số liệu 6 tháng đầu năm 2017 theo đơn vị hành chính hiện nay"]
    assert _document_row(document, "Số người được tập huấn về bình đẳng giới", "V.")[3:6] == [27.0, 13.0, 40.0]
    assert _document_row(document, "Số người được tập huấn về bình đẳng giới")[3:6] != [27.0, 13.0, 40.0]
    # an office of the abolished town has no unit of today: the document says so
    office = report_document_build(full_demo["TH-BS-TCKH"], PERIOD, view="as_is")
    assert "Phòng TC-KH không thuộc đơn vị hành chính nào hiện nay" in _text(office)
    response = client.get("/reports/consolidation/download/", {"period": PERIOD, "view": "as_is", "format": "docx"})
    assert response.status_code == 200
    Path(tmp_path / "town.docx").write_bytes(response.content)
    assert "Phường Quang Trung" in "\n".join(p.text for p in Document(str(tmp_path / "town.docx")).paragraphs)


def test_status_as_is_groups_old_units_under_todays(full_demo, ward, client, demo_user,
                                                    django_assert_max_num_queries):
    client.force_login(demo_user("tinh"))
    with django_assert_max_num_queries(40):
        html = client.get("/reports/status/", {"period": PERIOD, "unit": ward.pk, "view": "as_is"}).content.decode()
    rows = html[html.index('id="status-rows"'):]
    assert re.findall(r'data-today="([^"]+)"', rows) == ["TH-PBIMSON"]
    assert re.findall(r'<tr data-unit="([^"]+)"', rows) == ["TH-BS-BADINH", "TH-BS-LAMSON", "TH-BS-DONGSON",
                                                             "TH-BS-HALAN"]
    # on the province, completeness rolls up to today's communes; the totals are those "as was"
    province = full_demo["TH"]
    from binhdang.reporting.selectors import status_page

    as_was = status_page(period_key=PERIOD, user=demo_user("tinh"), root=province)
    as_is = status_page(period_key=PERIOD, user=demo_user("tinh"), root=province, view="as_is")
    assert as_is.totals.as_dict() == as_was.totals.as_dict()
    rolled = {n.unit.code: n.totals.expected for n in as_is.children}
    assert rolled == {"TH-PBIMSON": 4, "TH-PQUANGTRUNG": 4}
    # old wards, in order under their successor; the abolished town's offices under the province
    assert [r.today_unit.code for r in as_is.rows][:1] == ["TH"]
    assert {r.unit.code: r.today_unit.code for r in as_is.rows}["TH-BS-NGOCTRAO"] == "TH-PQUANGTRUNG"
    html = client.get("/reports/status/", {"period": PERIOD, "unit": province.pk}).content.decode()
    assert "Theo đơn vị hiện nay" in html  # the switch, for a period before the reform
    assert "Theo đơn vị hiện nay" not in client.get(
        "/reports/status/", {"period": "2026-H1", "unit": province.pk}).content.decode()


def test_values_export_as_is_xlsx(full_demo, tmp_path, client, demo_user):
    out = tmp_path / "v.xlsx"
    call_command("export", "values", "--format", "xlsx", "--view", "as-is", "--unit", "TH-BS",
                 "--period", PERIOD, "-o", str(out))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "Số liệu theo đơn vị hiện nay"
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "DP-TH-NGUOI"]
    assert [(r[2], r[5], r[6], r[7]) for r in rows] == [("TH-PBIMSON", 27, 13, 40), ("TH-PQUANGTRUNG", 121, 72, 193)]
    # the same through the page's download, for a user who may view the town
    from django.urls import reverse

    client.force_login(demo_user("tinh"))
    response = client.get(reverse("exports:values-download", args=["xlsx"]),
                          {"unit": full_demo["TH-BS"].pk, "period": PERIOD, "view": "as_is"})
    assert response.status_code == 200
    assert "so-lieu-th-bs-2017-h1-hien-nay.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    web = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "DP-TH-NGUOI"]
    assert [(r[2], r[5], r[6], r[7]) for r in web] == [(r[2], r[5], r[6], r[7]) for r in rows]


def test_the_report_page_as_is_shows_the_figures_of_the_document_it_downloads(full_demo, client, demo_user):
    client.force_login(demo_user("ldtbxh"))
    town = full_demo["TH-BS"]
    html = client.get("/exports/reports/", {"unit": town.pk, "period": PERIOD, "view": "as_is"}).content.decode()
    section = html[html.index('id="as-is"'):]
    row = re.search(r'data-unit="TH-PBIMSON".*?<tr data-code="DP-TH-NGUOI">(.*?)</tr>', section, re.S)[1]
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row) == ["27", "13", "40"]  # = part V of the document
    assert "Hai bảng dưới đây tính theo đơn vị thời đó" in html
    assert "view=as_is" in html  # the downloads carry the view
    plain = client.get("/exports/reports/", {"unit": town.pk, "period": PERIOD}).content.decode()
    assert 'id="as-is"' not in plain
