"""XLSX template: download, fill in, upload; per-cell errors in Vietnamese and nothing saved."""

import io

import pytest
from openpyxl import load_workbook

from binhdang.indicators.models import Indicator, IndicatorValue
from binhdang.indicators.selectors import entry_grid

pytestmark = pytest.mark.django_db


def _download(client, unit, period="2017-H1") -> bytes:
    response = client.get(f"/indicators/unit/{unit.pk}/{period}/xlsx/")
    assert response.status_code == 200
    return response.content


def _row_of(ws, code: str) -> int:
    return next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == code)


def _upload(client, unit, wb, period="2017-H1"):
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "so-lieu.xlsx"
    return client.post(f"/indicators/unit/{unit.pk}/{period}/xlsx/upload/", {"file": out})


def test_round_trip_saves_the_values_and_the_next_template_shows_them(client, demo_user, demo_tree):
    # given the ward reporter's downloaded template, filled in
    ward = demo_tree["TH-BS-BADINH"]
    client.force_login(demo_user("badinh"))
    wb = load_workbook(io.BytesIO(_download(client, ward)))
    ws = wb["Số liệu"]
    assert (ws["B2"].value, ws["B3"].value) == ("TH-BS-BADINH", "2017-H1")
    cadres, support = _row_of(ws, "LD-CBCC"), _row_of(ws, "DP-BLGD-HOTRO")
    ws[f"D{cadres}"], ws[f"E{cadres}"] = 14, "9"
    ws[f"I{support}"], ws[f"J{support}"] = 3, 4
    # when it is uploaded
    response = _upload(client, ward, wb)
    # then the values are saved and a new template carries them with their versions
    assert response.status_code == 302
    saved = {(v.indicator.code, v.sex): (v.num, v.den) for v in IndicatorValue.objects.select_related("indicator")}
    assert saved == {("LD-CBCC", "F"): (14, None), ("LD-CBCC", "M"): (9, None), ("DP-BLGD-HOTRO", "T"): (3, 4)}
    ws2 = load_workbook(io.BytesIO(_download(client, ward)))["Số liệu"]
    row = _row_of(ws2, "LD-CBCC")
    assert (ws2[f"D{row}"].value, ws2[f"E{row}"].value, ws2[f"L{row}"].value) == (14, 9, 1)
    assert ws2[f"F{row}"].value == f'=IF(COUNT(D{row}:E{row})=0,"",SUM(D{row}:E{row}))'


def test_bad_cells_are_listed_per_cell_and_nothing_is_saved(client, demo_user, demo_tree):
    # given a template with one good cell and four bad ones
    ward = demo_tree["TH-BS-BADINH"]
    client.force_login(demo_user("badinh"))
    wb = load_workbook(io.BytesIO(_download(client, ward)))
    ws = wb["Số liệu"]
    cadres, leaders, support = _row_of(ws, "LD-CBCC"), _row_of(ws, "LD-LANHDAO"), _row_of(ws, "DP-BLGD-HOTRO")
    ws[f"D{cadres}"], ws[f"E{cadres}"] = 10, "mười"
    ws[f"D{leaders}"], ws[f"E{leaders}"], ws[f"F{leaders}"] = 5, 2, 4
    ws[f"I{support}"], ws[f"J{support}"] = 6, 2
    # when it is uploaded (twice: the number error stops reading; then the value errors)
    first = _upload(client, ward, wb)
    ws[f"E{cadres}"] = -1
    second = _upload(client, ward, wb)
    # then each response names the cells, in Vietnamese, and no value was stored
    assert first.status_code == 400
    assert f"E{cadres}: LD-CBCC — “mười” không phải là số." in first.content.decode()
    page = second.content.decode()
    assert second.status_code == 400
    assert f"E{cadres}: LD-CBCC — Giá trị không được âm." in page
    assert f"F{leaders}: LD-LANHDAO — Số nữ (5) lớn hơn tổng số (4)." in page
    assert f"I{support}: DP-BLGD-HOTRO — Tử số (6) không được lớn hơn mẫu số (2)." in page
    assert IndicatorValue.objects.count() == 0


def test_template_of_another_unit_is_refused(client, demo_user, demo_tree):
    client.force_login(demo_user("badinh"))
    wb = load_workbook(io.BytesIO(_download(client, demo_tree["TH-BS-BADINH"])))
    wb["Số liệu"]["B3"] = "2017"
    response = _upload(client, demo_tree["TH-BS-BADINH"], wb)
    assert response.status_code == 400
    assert "B3: Biểu mẫu của kỳ khác (2017)." in response.content.decode()
    assert IndicatorValue.objects.count() == 0


def test_upload_against_a_newer_edit_is_refused(client, demo_user, demo_tree):
    # given a template downloaded before someone saved a value
    ward = demo_tree["TH-BS-BADINH"]
    client.force_login(demo_user("badinh"))
    wb = load_workbook(io.BytesIO(_download(client, ward)))
    indicator = Indicator.objects.get(code="LD-CBCC")
    client.post(f"/indicators/unit/{ward.pk}/2017-H1/leadership/",
                {f"v-{indicator.pk}-F": "3", f"v-{indicator.pk}-M": "4"})
    ws = wb["Số liệu"]
    ws[f"D{_row_of(ws, 'LD-CBCC')}"] = 30
    # when the old file is uploaded
    response = _upload(client, ward, wb)
    # then it is refused and the newer value stays
    assert response.status_code == 400
    row = next(r for r in entry_grid(unit=ward, period="2017-H1", group="leadership") if r.indicator == indicator)
    assert (row.cells["F"].value, row.cells["M"].value) == (3, 4)
