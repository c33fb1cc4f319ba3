"""Indicator values out and in: DHIS2 dataValueSets JSON, ADX and XLSX round trips, the
all-or-nothing import, the mapping, and the formatted XLSX tables."""

import io
import json

import pytest
from openpyxl import load_workbook

from binhdang.exports.dhis2 import read_adx, read_json, resolve, write_adx, write_json
from binhdang.exports.services import ImportInvalidError, do_values_import_file, values_import_file
from binhdang.exports.tables import sex_table
from binhdang.exports.values import (
    Mapping,
    period_from_iso,
    period_to_adx,
    period_to_iso,
    values_iter,
)
from binhdang.exports.xlsx import INT_FORMAT, read_values_xlsx, table_xlsx, write_values_xlsx

pytestmark = pytest.mark.django_db


def _seed_file(units) -> bytes:
    values = []
    for i, code in enumerate(["TH-BS-BADINH", "TH-BS-LAMSON", "TH-BS-HALAN"]):
        values += [
            {"dataElement": "TK-DS", "period": "2017S1", "orgUnit": code, "categoryOptionCombo": "F", "value": str(5000 + i)},
            {"dataElement": "TK-DS", "period": "2017S1", "orgUnit": code, "categoryOptionCombo": "M", "value": str(4800 + i)},
            {"dataElement": "TK-BLGD", "period": "2017", "orgUnit": code, "categoryOptionCombo": "T", "value": str(i + 1)},
            {"dataElement": "TK-LLLD", "period": "2017", "orgUnit": code, "categoryOptionCombo": "F", "value": "30"},
            {"dataElement": "TK-LLLD_DEN", "period": "2017", "orgUnit": code, "categoryOptionCombo": "F", "value": "40"},
        ]
    return json.dumps({"dataValues": values}).encode()


def _snapshot():
    return sorted(values_iter())


def _export(fmt: str, scheme: str = "CODE") -> bytes:
    out = io.BytesIO()
    rows = values_iter()
    if fmt == "dhis2-json":
        write_json(rows, out, Mapping.load(scheme))
    elif fmt == "adx":
        write_adx(rows, out, Mapping.load())
    else:
        write_values_xlsx(rows, out, names={}, units={})
    return out.getvalue()


def test_periods_map_to_dhis2_iso_and_adx():
    assert period_to_iso("2017-H1") == "2017S1" and period_from_iso("2017S1") == "2017-H1"
    assert period_to_iso("2017") == "2017" and period_from_iso("2017") == "2017"
    assert period_to_adx("2017-H2") == "2017-07-01/P6M" and period_from_iso("2017-07-01/P6M") == "2017-H2"
    assert period_from_iso("2017-01-01/P1Y") == "2017"
    with pytest.raises(ValueError):
        period_from_iso("201703")


@pytest.mark.parametrize("fmt", ["dhis2-json", "adx", "xlsx"])
def test_round_trip_import_export_import_gives_equal_data(demo_tree, fmt):
    first = do_values_import_file(_seed_file(demo_tree), "dhis2-json", actor=None)
    assert first.created == 12  # 15 dataValues: 3 denominators join their numerators
    before = _snapshot()
    assert len(before) == 12
    exported = _export(fmt)
    again = do_values_import_file(exported, fmt, actor=None)
    assert (again.created, again.updated) == (0, 0) and again.unchanged == 12
    assert _snapshot() == before
    assert _export(fmt if fmt != "xlsx" else "dhis2-json") == _export("dhis2-json" if fmt == "xlsx" else fmt)


def test_import_rolls_up_through_the_indicators_service(demo_tree):
    from binhdang.indicators.models import IndicatorAggregate

    do_values_import_file(_seed_file(demo_tree), "dhis2-json", actor=None)
    town = demo_tree["TH-BS"]
    female = IndicatorAggregate.objects.get(org_unit=town, period="2017-H1", indicator__code="TK-DS", sex="F")
    assert female.num == 5000 + 5001 + 5002


def test_invalid_rows_are_listed_and_nothing_is_saved(demo_tree):
    from binhdang.indicators.models import IndicatorValue

    data = json.loads(_seed_file(demo_tree))
    data["dataValues"][1]["value"] = "nhiều"
    data["dataValues"][2]["orgUnit"] = "KHONG-CO"
    data["dataValues"][3]["period"] = "201703"
    with pytest.raises(ImportInvalidError) as raised:
        do_values_import_file(json.dumps(data).encode(), "dhis2-json", actor=None)
    errors = raised.value.errors
    assert any("dataValues thứ 2" in e and "không phải là số" in e for e in errors)
    assert any("KHONG-CO" in e for e in errors)
    assert any("201703" in e for e in errors)
    assert IndicatorValue.objects.count() == 0


def test_a_reporter_cannot_import_for_another_unit(demo_tree, demo_user):
    from binhdang.indicators.models import IndicatorValue

    with pytest.raises(ImportInvalidError) as raised:
        values_import_file(_seed_file(demo_tree), "dhis2-json", actor=demo_user("badinh"))
    assert any("không có quyền" in e and "Lam Sơn" in e for e in raised.value.errors)
    assert IndicatorValue.objects.count() == 0


def test_mapping_uses_dhis2_uids_both_ways(demo_tree):
    from binhdang.exports.models import (
        CategoryOptionComboMapping,
        DataElementMapping,
        OrgUnitMapping,
    )

    DataElementMapping.objects.create(indicator_code="TK-DS", uid="DEpopulat01", code="POP")
    OrgUnitMapping.objects.create(org_unit=demo_tree["TH-BS-BADINH"], uid="OUbadinh001", code="BADINH")
    CategoryOptionComboMapping.objects.create(sex="F", uid="COCfemale01", code="FEMALE")
    do_values_import_file(_seed_file(demo_tree), "dhis2-json", actor=None)
    document = json.loads(_export("dhis2-json"))
    assert document["dataElementIdScheme"] == document["orgUnitIdScheme"] == "CODE"
    mapped = [v for v in document["dataValues"] if v["orgUnit"] == "BADINH" and v["dataElement"] == "POP"]
    assert {v["categoryOptionCombo"] for v in mapped} == {"FEMALE", "M"}
    assert all(v["period"] == "2017S1" for v in mapped)
    adx = _export("adx").decode()
    assert 'xmlns="urn:ihe:qrph:adx:2015"' in adx
    assert '<group orgUnit="BADINH" period="2017-01-01/P6M"' in adx
    assert '<dataValue dataElement="POP" SEX="FEMALE" value="5000"/>' in adx
    rows, errors = resolve(read_adx(adx.encode()), Mapping.load())
    assert not errors and len(rows) == 12
    rows, errors = resolve(read_json(_export("dhis2-json")), Mapping.load())
    assert not errors and sorted(r for _, r in rows) == _snapshot()


def test_values_xlsx_has_frozen_header_sex_columns_totals_and_formats(demo_tree):
    do_values_import_file(_seed_file(demo_tree), "dhis2-json", actor=None)
    sheet = load_workbook(io.BytesIO(_export("xlsx"))).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[5:8] == ["Nữ", "Nam", "Tổng"]
    # no "Tổng cộng" adding different indicators (once: TK-DS people + TK-LLLD numerators)
    assert "Tổng cộng" not in [row[0].value for row in sheet.iter_rows()]
    first = sheet[2]
    assert first[7].value == (first[5].value or 0) + (first[6].value or 0)
    # General: a ratio's 12.5 is never shown rounded; Times New Roman in every cell
    assert first[5].number_format == "General" and {c.font.name for c in first if c.value is not None} == {"Times New Roman"}
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("DDE4EE")
    rows, errors = read_values_xlsx(_export("xlsx"))
    assert not errors and len(rows) == 12


def test_xlsx_errors_are_listed_per_cell(demo_tree):
    do_values_import_file(_seed_file(demo_tree), "dhis2-json", actor=None)
    workbook = load_workbook(io.BytesIO(_export("xlsx")))
    sheet = workbook.active
    sheet["F2"] = "abc"
    by_sex = next(r[0].row for r in sheet.iter_rows(min_row=3) if r[0].value == "TK-DS")
    sheet[f"H{by_sex}"] = 1  # Tổng ≠ Nữ + Nam
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportInvalidError) as raised:
        do_values_import_file(buffer.getvalue(), "xlsx", actor=None)
    assert any(e.startswith("Ô F2:") for e in raised.value.errors)
    assert any(e.startswith(f"Ô H{by_sex}:") and "khác Nữ + Nam" in e for e in raised.value.errors)


def test_table_xlsx_totals_frozen_header_and_widths():
    table = sex_table(label_title="Chỉ tiêu", rows=[("Dân số", 1234567, 1200000), ("Tập huấn", 3, 4)],
                      title="Bảng chỉ tiêu")
    sheet = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert sheet["A1"].value == "Bảng chỉ tiêu"
    assert [c.value for c in sheet[3]] == ["STT", "Chỉ tiêu", "Nữ", "Nam", "Tổng"]
    assert sheet.freeze_panes == "A4"
    assert [c.value for c in sheet[6]][1:] == ["Tổng cộng", 1234570, 1200004, 2434574]
    assert sheet["C4"].number_format == INT_FORMAT and sheet["E6"].font.b
    assert sheet.column_dimensions["B"].width >= 14
