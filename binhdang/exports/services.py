"""Writes of the exports app: importing indicator values (DHIS2 JSON, ADX, XLSX).

Every row is checked first; when any row is invalid nothing is saved. Valid imports go
through the indicators app's `values_save`, which keeps the roll-ups right and audits each
value; one more audit event records the import itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, ngettext

from binhdang.core.audit import audit_record
from binhdang.core.errors import AccessDenied, DomainError
from binhdang.core.permissions import Action, policy
from binhdang.core.uploads import max_import_bytes, too_large_message
from binhdang.orgunits.models import OrgUnit

from .values import ValueRow


class ImportInvalidError(DomainError):
    """Some rows are invalid; nothing was saved. `errors` lists them, one line each."""

    def __init__(self, errors: list[str], result: ImportResult | None = None):
        super().__init__(
            ngettext("Có %(n)s lỗi trong tệp; chưa lưu số liệu nào.",
                     "Có %(n)s lỗi trong tệp; chưa lưu số liệu nào.", len(errors)) % {"n": len(errors)},
            code="invalid_import",
        )
        self.errors = errors
        self.result = result  # a dry run: what the valid rows would have done


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    dry_run: bool = False
    units: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "refused": self.refused, "dry_run": self.dry_run,
                "units": self.units, "periods": self.periods}


def refused_rows(errors: list[str]) -> int:
    """How many rows (or cells) the errors name: each error starts with "<label> <n>: "."""
    return len({error.split(":", 1)[0] for error in errors})


def check_import_unit(actor: Any, unit: OrgUnit) -> None:
    """AccessDenied unless `actor` may enter `unit`'s values: an import is a coordinator's (or
    a unit's own) data entry."""
    if not (policy.has(actor, Action.SUBMIT, unit) or policy.has(actor, Action.COORDINATE, unit)):
        raise AccessDenied(gettext("bạn không có quyền nhập số liệu cho %(unit)s") % {"unit": unit.name})


def values_import(
    *, actor: Any, rows: list[tuple[int, ValueRow]], errors: list[str] | None = None, dry_run: bool = False,
    source: str = "", label: str | None = None,
) -> ImportResult:
    """Import `rows` for `actor`: each row's unit is checked (`check_import_unit`), and a row
    the actor may not write is refused and listed with the other bad rows."""
    return _values_import(actor=actor, rows=rows, errors=errors, dry_run=dry_run, source=source, label=label,
                          check_unit=lambda unit: check_import_unit(actor, unit))


def do_values_import(
    *, actor: Any, rows: list[tuple[int, ValueRow]], errors: list[str] | None = None, dry_run: bool = False,
    source: str = "", label: str | None = None,
) -> ImportResult:
    """Import `rows` without asking the policy: for callers that decided already (the CLI run
    without --user, demo and system loads)."""
    return _values_import(actor=actor, rows=rows, errors=errors, dry_run=dry_run, source=source, label=label,
                          check_unit=None)


def _values_import(
    *, actor: Any, rows: list[tuple[int, ValueRow]], errors: list[str] | None, dry_run: bool,
    source: str, label: str | None, check_unit: Callable[[OrgUnit], None] | None,
) -> ImportResult:
    """Check every row, then save them all or none.

    Raises ImportInvalidError listing every bad row (in the active language), nothing saved.
    `label` names a row in the messages ("Dòng" by default); `check_unit` raises AccessDenied
    for a unit the caller may not write.
    """
    from binhdang.indicators import services as indicator_services
    from binhdang.indicators.models import Indicator
    from binhdang.indicators.periods import period_parse
    from binhdang.indicators.services import do_values_save
    from binhdang.indicators.validation import Entry, validate_entries

    values_invalid = indicator_services.ValuesInvalidError
    if label is None:
        label = gettext("Dòng")
    errors = list(errors or [])
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.indicator for _, r in rows})}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={r.org_unit for _, r in rows})}
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    derived: list = []
    lines: dict[tuple[str, str, int, str], int] = {}
    for line, row in sorted(rows, key=lambda item: item[0]):
        where = f"{label} {line}"
        problems = []
        indicator = indicators.get(row.indicator)
        unit = units.get(row.org_unit)
        if indicator is None:
            problems.append(gettext("không có chỉ tiêu mã “%(code)s”") % {"code": row.indicator})
        if unit is None:
            problems.append(gettext("không có đơn vị mã “%(code)s”") % {"code": row.org_unit})
        elif check_unit is not None:
            try:
                check_unit(unit)
            except AccessDenied as denied:
                problems.append(str(denied))
        try:
            period_parse(row.period)
        except DomainError:
            problems.append(gettext("kỳ “%(period)s” không hợp lệ") % {"period": row.period})
        if indicator is not None and row.sex not in indicator.sexes:
            if indicator.by_sex:
                problems.append(gettext("chỉ tiêu %(code)s nhập theo Nữ/Nam") % {"code": indicator.code})
            else:
                problems.append(gettext("chỉ tiêu %(code)s nhập không phân tổ") % {"code": indicator.code})
        if problems or indicator is None or unit is None:
            errors.append(f"{where}: " + "; ".join(problems) + ".")
            continue
        if indicator.is_derived:
            # Computed from the activity log, never typed: our own export coming back is
            # accepted when it matches what is stored; anything else is an error.
            derived.append((line, row, indicator, unit))
            continue
        entry = Entry(indicator_id=indicator.pk, sex=row.sex, value=float(row.value),
                      den=None if row.den is None else float(row.den), cell=where)
        groups[(unit.code, row.period)].append(entry)
        lines[(unit.code, row.period, indicator.pk, row.sex)] = line
    # The indicators app's own rules (ratios need a denominator, % ≤ 100, …), cell by cell.
    by_id = {i.pk: i for i in indicators.values()}
    for entries in groups.values():
        for error in validate_entries(by_id, entries):
            errors.append(f"{error.cell}: {error.indicator_code} — {error.message}")
    unchanged_derived = _check_derived(derived, errors, label)
    result = ImportResult(rows=len(rows), dry_run=dry_run, unchanged=unchanged_derived,
                          units=sorted({u for u, _ in groups}), periods=sorted({p for _, p in groups}))
    if dry_run:
        # Truthful counts: the valid rows are saved for real inside a transaction that is then
        # rolled back, so "created" and "updated" are what an import would do.
        _trial(result, groups, units, actor, source, errors)
        result.refused = refused_rows(errors)
        result.rows += result.refused  # rows checked: the valid ones and the refused ones
        if errors:
            raise ImportInvalidError(errors, result=result)
        return result
    if errors:
        raise ImportInvalidError(errors)
    with transaction.atomic():
        for (unit_code, period), entries in sorted(groups.items()):
            try:
                saved = do_values_save(  # every row's permission was checked above
                    actor=actor, org_unit=units[unit_code], period=period, entries=entries,
                    check_versions=False, reason=f"Nhập từ tệp {source}".strip(),
                )
            except values_invalid as exc:  # rolled back with everything before it
                raise ImportInvalidError([f"{e.cell}: {e.indicator_code} — {e.message}" for e in exc.errors]) from exc
            result.created += saved.created
            result.updated += saved.updated
            result.unchanged += saved.unchanged
        anchor = _common_ancestor([units[u] for u, _ in groups])
        if anchor is not None:
            audit_record(actor=actor, action="exports.values_import", obj=anchor, org_unit=anchor,
                         changes={k: v for k, v in result.as_dict().items() if k != "dry_run"},
                         reason=f"Nhập số liệu từ {source}".strip())
    return result


class _Rollback(Exception):  # noqa: N818 - control flow, never escapes
    pass


def _trial(result: ImportResult, groups: dict[tuple[str, str], list[Any]], units: dict[str, OrgUnit],
           actor: Any, source: str, errors: list[str]) -> None:
    from binhdang.indicators import services as indicator_services
    from binhdang.indicators.services import do_values_save

    values_invalid = indicator_services.ValuesInvalidError
    try:
        with transaction.atomic():
            for (unit_code, period), entries in sorted(groups.items()):
                try:
                    with transaction.atomic():
                        saved = do_values_save(actor=actor, org_unit=units[unit_code], period=period,
                                            entries=entries, check_versions=False,
                                            reason=f"Kiểm tra tệp {source}".strip())
                except values_invalid as exc:
                    errors += [f"{e.cell}: {e.indicator_code} — {e.message}" for e in exc.errors]
                    continue
                result.created += saved.created
                result.updated += saved.updated
                result.unchanged += saved.unchanged
            raise _Rollback
    except _Rollback:
        pass


def _check_derived(derived: list, errors: list[str], label: str) -> int:
    from binhdang.indicators.models import IndicatorValue

    same = 0
    for line, row, indicator, unit in derived:
        stored = IndicatorValue.objects.filter(indicator=indicator, org_unit=unit, period=row.period,
                                               sex=row.sex, breakdown="").first()
        value = None
        if stored is not None:
            value = stored.num / stored.den if indicator.kind == "average" and stored.den else stored.num
        if value is not None and abs(value - float(row.value)) < 1e-9:
            same += 1
            continue
        errors.append(f"{label} {line}: {indicator.code} — " + gettext(
            "chỉ tiêu này được tính tự động từ nhật ký hoạt động, không nhập từ tệp."))
    return same


def _common_ancestor(units: list[OrgUnit]) -> OrgUnit | None:
    if not units:
        return None
    prefix = units[0].path
    for unit in units[1:]:
        while not unit.path.startswith(prefix):
            prefix = prefix[: -OrgUnit.steplen]
    if not prefix:
        return units[0]
    return OrgUnit.objects.filter(path=prefix).first() or units[0]


IMPORT_FORMATS = ("dhis2-json", "adx", "xlsx")


def values_import_file(
    data: bytes, fmt: str, *, actor: Any, dry_run: bool = False, source: str = "",
) -> ImportResult:
    """Read a DHIS2 JSON / ADX / XLSX file and import it for `actor` (all rows or none; each
    row's unit checked). Raises FileFormatError for an unreadable file, ImportInvalidError
    listing every bad row."""
    rows, errors, label = _read_import_file(data, fmt)
    return values_import(actor=actor, rows=rows, errors=errors, dry_run=dry_run, source=source, label=label)


def do_values_import_file(
    data: bytes, fmt: str, *, actor: Any, dry_run: bool = False, source: str = "",
) -> ImportResult:
    """`values_import_file` without asking the policy (see `do_values_import`)."""
    rows, errors, label = _read_import_file(data, fmt)
    return do_values_import(actor=actor, rows=rows, errors=errors, dry_run=dry_run, source=source, label=label)


def _read_import_file(data: bytes, fmt: str) -> tuple[list[tuple[int, ValueRow]], list[str], str]:
    """(rows, errors, row label) of a DHIS2 JSON / ADX / XLSX file; FileFormatError if unreadable."""
    from .dhis2 import FileFormatError, read_adx, read_json, resolve
    from .values import Mapping
    from .xlsx import read_values_xlsx

    if len(data) > max_import_bytes():
        raise FileFormatError(too_large_message(len(data), max_import_bytes()))
    if fmt == "xlsx":
        rows, errors = read_values_xlsx(data)
        label = gettext("Dòng")
    elif fmt in ("dhis2-json", "adx"):
        try:
            raw = read_json(data) if fmt == "dhis2-json" else read_adx(data)
        except RecursionError:
            raise FileFormatError(gettext("Tệp lồng nhau quá sâu, không phải tệp dữ liệu hợp lệ.")) from None
        label = gettext("Giá trị thứ") if fmt == "adx" else gettext("dataValues thứ")
        rows, errors = resolve(raw, Mapping.load(), label=label)
    else:
        raise FileFormatError(gettext("Định dạng “%(fmt)s” không hỗ trợ; dùng %(allowed)s.")
                              % {"fmt": fmt, "allowed": ", ".join(IMPORT_FORMATS)})
    return rows, errors, label
