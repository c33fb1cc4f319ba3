"""DHIS2 interchange: dataValueSets JSON and ADX XML, written from and read into ValueRows.

Writers stream to a binary file object; readers return (rows, errors) without touching the
database beyond the mapping, so an import can be checked completely before anything is saved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO
from xml.sax.saxutils import quoteattr

from django.utils.translation import gettext as _

from .values import (
    Mapping,
    ValueRow,
    dataset_code,
    format_value,
    period_from_iso,
    period_to_adx,
    period_to_iso,
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


# --- writers --------------------------------------------------------------------------------

def _parts(row: ValueRow):
    yield row.value, False
    if row.den is not None:
        yield row.den, True


def write_json(rows: Iterable[ValueRow], out: IO[bytes], mapping: Mapping) -> int:
    """{"dataSet": …, "dataValues": [{dataElement, period, orgUnit, categoryOptionCombo, value}]}."""
    out.write(f'{{"dataSet": {json.dumps(dataset_code())}, "dataValues": ['.encode())
    count = 0
    for row in rows:
        for value, is_den in _parts(row):
            item = {
                "dataElement": mapping.element(row.indicator, is_den),
                "period": period_to_iso(row.period, mapping.period_out),
                "orgUnit": mapping.unit(row.org_unit),
                "categoryOptionCombo": mapping.sex(row.sex),
                "value": format_value(value),
            }
            out.write((b",\n" if count else b"\n") + json.dumps(item, ensure_ascii=False).encode())
            count += 1
    out.write(b"\n]}\n")
    return count


def write_adx(rows: Iterable[ValueRow], out: IO[bytes], mapping: Mapping) -> int:
    """ADX: one <group> per org unit and period (rows arrive ordered by unit and period)."""
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<adx xmlns="{ADX_NS}">\n'.encode())
    current = None
    count = 0
    dataset = quoteattr(dataset_code())
    for row in rows:
        key = (row.org_unit, row.period)
        if key != current:
            if current is not None:
                out.write(b"  </group>\n")
            out.write(
                f"  <group orgUnit={quoteattr(mapping.unit_code(row.org_unit))} "
                f"period={quoteattr(period_to_adx(row.period, mapping.period_out))} dataSet={dataset}>\n".encode()
            )
            current = key
        for value, is_den in _parts(row):
            sex = "" if row.sex == "T" else f" SEX={quoteattr(mapping.sex_code(row.sex))}"
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


def read_json(data: bytes) -> list[RawValue]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileFormatError(_("Tệp không phải JSON hợp lệ: %(error)s") % {"error": exc}) from exc
    if not isinstance(document, dict) or not isinstance(document.get("dataValues"), list):
        raise FileFormatError(_("Tệp JSON không có danh sách “dataValues” của DHIS2."))
    values = []
    for i, item in enumerate(document["dataValues"], start=1):
        if not isinstance(item, dict):
            item = {}
        values.append(RawValue(
            line=i,
            data_element=str(item.get("dataElement") or ""),
            period=str(item.get("period") or document.get("period") or ""),
            org_unit=str(item.get("orgUnit") or document.get("orgUnit") or ""),
            category_option_combo=str(item.get("categoryOptionCombo") or ""),
            value="" if item.get("value") is None else str(item.get("value")),
        ))
    return values


def read_adx(data: bytes) -> list[RawValue]:
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
        for item in group:
            if item.tag not in (f"{ns}dataValue", "dataValue"):
                continue
            line += 1
            values.append(RawValue(
                line=line,
                data_element=item.get("dataElement", ""),
                period=group.get("period", ""),
                org_unit=group.get("orgUnit", ""),
                category_option_combo=item.get("SEX", "T"),
                value=item.get("value", ""),
            ))
    return values


def resolve(raw: list[RawValue], mapping: Mapping,
            label: str | None = None) -> tuple[list[tuple[int, ValueRow]], list[str]]:
    """Our codes for each raw value; numerators and denominators joined into one ValueRow.

    Returns ([(line, row)], errors in the active language, each starting with `label` and the
    line: "Dòng" by default). Unknown codes are checked later against the catalogue.
    """
    if label is None:
        label = _("Dòng")
    errors: list[str] = []
    values: dict[tuple[str, str, str, str], list] = {}
    for item in raw:
        where = f"{label} {item.line}"
        problems = []
        if not item.data_element:
            problems.append(_("thiếu dataElement"))
        if not item.org_unit:
            problems.append(_("thiếu orgUnit"))
        try:
            period = period_from_iso(item.period, mapping.period_in)
        except ValueError:
            period = ""
            problems.append(_("kỳ “%(period)s” không tương ứng kỳ nào của hệ thống (dùng 2017S1, 2017S2 hoặc 2017)")
                            % {"period": item.period})
        try:
            number = float(item.value.strip().replace(",", "."))
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError
            if number < 0:
                problems.append(_("giá trị “%(value)s” âm") % {"value": item.value})
        except ValueError:
            number = None
            problems.append(_("giá trị “%(value)s” không phải là số") % {"value": item.value})
        sex = mapping.sex_of(item.category_option_combo) if item.category_option_combo else "T"
        if sex not in ("F", "M", "T"):
            problems.append(_("categoryOptionCombo “%(combo)s” không tương ứng Nữ/Nam")
                            % {"combo": item.category_option_combo})
        if problems:
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
