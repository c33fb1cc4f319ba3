"""DHIS2 interchange: dataValueSets JSON and ADX XML, written from and read into ValueRows.

Writers stream to a binary file object; readers return (rows, errors) without touching the
database beyond the mapping, so an import can be checked completely before anything is saved.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from django.utils import timezone
from django.utils.translation import gettext as _

from .values import (
    Mapping,
    ValueRow,
    adx_to_dhis2,
    dataset_code,
    format_value,
    period_from_iso,
    period_note,
    period_to_adx,
    period_to_iso,
    sex_category,
)

ADX_NS = "urn:ihe:qrph:adx:2015"


@dataclass
class RawValue:
    """One value as read from a file, before it is resolved against our catalogue."""

    line: int  # position in the file (1-based), for messages
    data_element: str
    period: str
    org_unit: str
    category_option_combo: str
    value: str
    attribute_option_combo: str = ""
    # ADX: the value's category attributes (SEX="FEMALE") and the group's attribute
    # categories; JSON: attributeCategoryOptions. Anything we cannot map refuses the row.
    categories: dict[str, str] = field(default_factory=dict)
    attribute_categories: dict[str, str] = field(default_factory=dict)
    deleted: bool = False


# --- writers --------------------------------------------------------------------------------

def _parts(row: ValueRow) -> Iterator[tuple[float, bool]]:
    yield row.value, False
    if row.den is not None:
        yield row.den, True


def json_header(mapping: Mapping) -> dict[str, str]:
    """The id schemes, stated in the payload (DHIS2 reads them from a dataValueSet too)."""
    return {
        "dataSet": dataset_code(),
        "dataSetIdScheme": "CODE",
        "idScheme": mapping.scheme,
        "dataElementIdScheme": mapping.scheme,
        "orgUnitIdScheme": mapping.scheme,
        "categoryOptionComboIdScheme": mapping.scheme,
    }


def write_json(rows: Iterable[ValueRow], out: IO[bytes], mapping: Mapping) -> int:
    """A DHIS2 dataValueSet: the id schemes in the header, then one object per value with
    dataElement, period, orgUnit, categoryOptionCombo ("default" for a total), value and a
    comment saying what the period covers (our NĐ 09/2019 window, not DHIS2's calendar)."""
    head = json.dumps(json_header(mapping), ensure_ascii=False)[:-1]
    out.write(f'{head}, "dataValues": ['.encode())
    count = 0
    notes: dict[str, tuple[str, str]] = {}
    for row in rows:
        if row.period not in notes:
            notes[row.period] = (period_to_iso(row.period, mapping.period_out),
                                 period_note(row.period, mapping.period_out))
        iso, note = notes[row.period]
        for value, is_den in _parts(row):
            item = {
                "dataElement": mapping.element(row.indicator, is_den),
                "period": iso,
                "orgUnit": mapping.unit(row.org_unit),
            }
            combo = mapping.sex(row.sex)
            if combo is not None:
                item["categoryOptionCombo"] = combo
            item["value"] = format_value(value)
            comment = f"{note}; {row.note}" if note and row.note else (note or row.note)
            if comment:
                item["comment"] = comment
            out.write((b",\n" if count else b"\n") + json.dumps(item, ensure_ascii=False).encode())
            count += 1
    out.write(b"\n]}\n")
    return count


def _comment(text: str) -> str:
    return "<!-- " + text.replace("--", "–") + " -->"


def write_adx(rows: Iterable[ValueRow], out: IO[bytes], mapping: Mapping,
              exported: datetime.datetime | None = None) -> int:
    """ADX (IHE QRPH 2015): one <group> per org unit and period (rows arrive ordered by unit
    and period), codes throughout, the sex as the category attribute (SEX="FEMALE");
    a total carries no category attribute (DHIS2's default combo)."""
    exported = exported or timezone.localtime()
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<adx xmlns="{ADX_NS}" exported="{exported.isoformat(timespec="seconds")}">\n'.encode())
    out.write((_comment(
        "binhdang: mã (idScheme=CODE) cho dataElement, orgUnit và phân tổ; giới tính là thuộc tính "
        f"{sex_category()}; kỳ là kỳ số liệu của NĐ 09/2019, ghi theo kỳ DHIS2 cùng tên"
    ) + "\n").encode())
    current = None
    count = 0
    dataset = quoteattr(dataset_code())
    category = sex_category()
    for row in rows:
        key = (row.org_unit, row.period)
        if key != current:
            if current is not None:
                out.write(b"  </group>\n")
            note = period_note(row.period, mapping.period_out)
            if note:
                out.write(f"  {_comment(note)}\n".encode())
            out.write(
                f"  <group orgUnit={quoteattr(mapping.unit_code(row.org_unit))} "
                f"period={quoteattr(period_to_adx(row.period, mapping.period_out))} dataSet={dataset}>\n".encode()
            )
            current = key
        for value, is_den in _parts(row):
            sex = "" if row.sex == "T" else f" {category}={quoteattr(mapping.sex_code(row.sex))}"
            out.write(
                f"    <dataValue dataElement={quoteattr(mapping.element_code(row.indicator, is_den))}"
                f"{sex} value={quoteattr(format_value(value))}/>\n".encode()
            )
            count += 1
    if current is not None:
        out.write(b"  </group>\n")
    out.write(b"</adx>\n")
    return count


# --- readers --------------------------------------------------------------------------------

class FileFormatError(ValueError):
    """The file is not a readable dataValueSets JSON / ADX document at all."""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def read_json(data: bytes) -> list[RawValue]:
    """A dataValueSet: the header's dataSet / period / orgUnit / attributeOptionCombo apply to
    the values that do not carry their own; comment, followup, storedBy… are read and ignored."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileFormatError(_("Tệp không phải JSON hợp lệ: %(error)s") % {"error": exc}) from exc
    if not isinstance(document, dict) or not isinstance(document.get("dataValues"), list):
        raise FileFormatError(_("Tệp JSON không có danh sách “dataValues” của DHIS2."))
    header_attributes: dict[str, str] = {}
    options = document.get("attributeCategoryOptions")
    if options:
        listed = options if isinstance(options, list) else [options]
        header_attributes["attributeCategoryOptions"] = ",".join(_text(o) for o in listed)
    values = []
    for i, item in enumerate(document["dataValues"], start=1):
        if not isinstance(item, dict):
            item = {}
        values.append(RawValue(
            line=i,
            data_element=_text(item.get("dataElement")),
            period=_text(item.get("period") or document.get("period")),
            org_unit=_text(item.get("orgUnit") or document.get("orgUnit")),
            category_option_combo=_text(item.get("categoryOptionCombo")),
            value=_text(item.get("value")),
            attribute_option_combo=_text(item.get("attributeOptionCombo") or document.get("attributeOptionCombo")),
            attribute_categories=dict(header_attributes),
            deleted=item.get("deleted") in (True, "true"),
        ))
    return values


_GROUP_ATTRIBUTES = {"orgUnit", "period", "dataSet", "completeDate"}
_VALUE_ATTRIBUTES = {"dataElement", "value"}


def read_adx(data: bytes) -> list[RawValue]:
    """ADX groups and values; the group's other attributes are attribute categories, the value's
    other attributes its categories (the sex category is mapped, anything else refuses the row);
    a `categoryOptionCombo` / `attributeOptionCombo` attribute is read through the mapping."""
    from xml.etree import ElementTree

    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        raise FileFormatError(_("Tệp ADX không được chứa DOCTYPE hoặc ENTITY."))
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - DTDs refused above
    except ElementTree.ParseError as exc:
        raise FileFormatError(_("Tệp không phải XML hợp lệ: %(error)s") % {"error": exc}) from exc
    ns = f"{{{ADX_NS}}}"
    if root.tag not in (f"{ns}adx", "adx"):
        raise FileFormatError(_("Tệp XML không phải ADX (cần phần tử gốc <adx xmlns=\"%(ns)s\">).") % {"ns": ADX_NS})
    values = []
    line = 0
    for group in root:
        if group.tag not in (f"{ns}group", "group"):
            continue
        group_extra = {k: v for k, v in group.attrib.items() if k not in _GROUP_ATTRIBUTES}
        group_aoc = group_extra.pop("attributeOptionCombo", "")
        for item in group:
            if item.tag not in (f"{ns}dataValue", "dataValue"):
                continue
            line += 1
            extra = {k: v for k, v in item.attrib.items() if k not in _VALUE_ATTRIBUTES}
            combo = extra.pop("categoryOptionCombo", "")
            values.append(RawValue(
                line=line,
                data_element=item.get("dataElement", ""),
                period=group.get("period", ""),
                org_unit=group.get("orgUnit", ""),
                category_option_combo=combo,
                value=item.get("value", ""),
                attribute_option_combo=extra.pop("attributeOptionCombo", "") or group_aoc,
                categories=extra,
                attribute_categories=dict(group_extra),
            ))
    return values


def _disaggregation(item: RawValue, mapping: Mapping) -> tuple[str | None, list[str]]:
    """Our sex for the value's combo or category attributes, and why the row cannot be taken."""
    problems: list[str] = []
    sex: str | None = "T"
    if item.category_option_combo:
        sex = mapping.sex_of(item.category_option_combo)
        if sex is None:
            problems.append(_("categoryOptionCombo “%(combo)s” không có ánh xạ tới Nữ/Nam/Tổng "
                              "(không nhận như một số tổng)") % {"combo": item.category_option_combo})
    category = sex_category()
    for name, option in item.categories.items():
        if name == category:
            by_category = mapping.sex_of_category(option)
            if by_category is None:
                problems.append(_("phân tổ %(name)s=“%(option)s” không có ánh xạ tới Nữ/Nam")
                                % {"name": name, "option": option})
            elif item.category_option_combo and sex not in (None, by_category):
                problems.append(_("phân tổ %(name)s=“%(option)s” trái với categoryOptionCombo “%(combo)s”")
                                % {"name": name, "option": option, "combo": item.category_option_combo})
            else:
                sex = by_category
        else:
            problems.append(_("phân tổ %(name)s=“%(option)s” không có ánh xạ (hệ thống chỉ phân tổ theo %(sex)s)")
                            % {"name": name, "option": option, "sex": category})
    if item.attribute_option_combo and not mapping.is_default_attribute(item.attribute_option_combo):
        problems.append(_("attributeOptionCombo “%(combo)s” không có ánh xạ (chỉ nhận default)")
                        % {"combo": item.attribute_option_combo})
    for name, option in item.attribute_categories.items():
        problems.append(_("thuộc tính %(name)s=“%(option)s” không có ánh xạ (chỉ nhận attributeOptionCombo default)")
                        % {"name": name, "option": option})
    return sex, problems


def resolve(raw: list[RawValue], mapping: Mapping,
            label: str | None = None) -> tuple[list[tuple[int, ValueRow]], list[str]]:
    """Our codes for each raw value; numerators and denominators joined into one ValueRow.

    Returns ([(line, row)], errors in the active language, each starting with `label` and the
    line: "Dòng" by default). Unknown codes are checked later against the catalogue.
    """
    if label is None:
        label = _("Dòng")
    errors: list[str] = []
    values: dict[tuple[str, str, str, str], list[Any]] = {}
    for item in raw:
        where = f"{label} {item.line}"
        problems = []
        if not item.data_element:
            problems.append(_("thiếu dataElement"))
        if not item.org_unit:
            problems.append(_("thiếu orgUnit"))
        if item.deleted:
            problems.append(_("giá trị đánh dấu xóa (deleted) không nhập được"))
        try:
            period = period_from_iso(item.period, mapping.period_in)
        except ValueError:
            period = ""
            shown = item.period
            if adx_to_dhis2(item.period) != item.period.strip():
                shown = f"{item.period} = {adx_to_dhis2(item.period)}"
            problems.append(_("kỳ “%(period)s” không tương ứng kỳ nào của hệ thống (dùng 2017S1, 2017S2 hoặc 2017)")
                            % {"period": shown})
        number: float | None
        try:
            number = float(item.value.strip().replace(",", "."))
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError
            if number < 0:
                problems.append(_("giá trị “%(value)s” âm") % {"value": item.value})
        except ValueError:
            number = None
            problems.append(_("giá trị “%(value)s” không phải là số") % {"value": item.value})
        sex, disaggregation = _disaggregation(item, mapping)
        problems += disaggregation
        if problems or sex is None:
            errors.append(f"{where}: " + "; ".join(problems) + ".")
            continue
        indicator, is_den = mapping.indicator_of(item.data_element)
        key = (indicator, mapping.unit_of(item.org_unit), period, sex)
        slot = values.setdefault(key, [None, None, item.line])
        index = 1 if is_den else 0
        if slot[index] is not None:
            errors.append(f"{where}: " + _("giá trị trùng với dòng %(line)s (cùng chỉ tiêu, đơn vị, kỳ, giới tính).")
                          % {"line": slot[2]})
            continue
        slot[index] = number
    rows = []
    for (indicator, unit, period, sex), (value, den, line) in values.items():
        if value is None:
            errors.append(f"{label} {line}: " + _("có mẫu số nhưng thiếu giá trị của chỉ tiêu %(code)s.")
                          % {"code": indicator})
            continue
        rows.append((line, ValueRow(indicator, unit, period, sex, value, den)))
    return rows, errors
