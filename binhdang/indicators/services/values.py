"""Indicator values: validated saves by unit and period, one cell, bulk loads. Every value
write updates the ancestors' roll-up rows in the same transaction and leaves an audit event."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record
from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.lineage import unit_require_valid
from binhdang.orgunits.models import OrgUnit

from ..models import (
    Indicator,
    IndicatorValue,
)
from ..periods import Period, period_parse
from ..rollups import rollup_rebuild, rollup_write
from ..validation import CellError, Entry, validate_entries


class ValuesInvalidError(DomainError):
    """Some cells are invalid; nothing was saved. `errors` lists them one per cell."""

    def __init__(self, errors: list[CellError]):
        super().__init__(ngettext("Có %(n)s ô không hợp lệ; chưa lưu số liệu nào.",
                                  "Có %(n)s ô không hợp lệ; chưa lưu số liệu nào.", len(errors)) % {"n": len(errors)},
                         code="invalid_values")
        self.errors = errors


# {(indicator id, sex): (num, den) to write, or None to delete}
Wanted = dict[tuple[int, str], tuple[float, float | None] | None]


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    values: list[IndicatorValue] = field(default_factory=list)


def _stored(indicator: Indicator, entry: Entry) -> tuple[float, float | None]:
    """What the row keeps: averages are stored as value × weight so that sums stay exact."""
    if entry.value is None:
        # validate_entries refuses a ratio's or average's denominator without its value.
        raise ValueError(f"entry {entry.cell or entry.sex} has no value to store")
    if indicator.kind == Indicator.Kind.AVERAGE:
        if entry.den is None:
            raise ValueError(f"average {entry.cell or entry.sex} has no weight")
        return entry.value * entry.den, entry.den
    if indicator.kind == Indicator.Kind.RATIO:
        return entry.value, entry.den
    return entry.value, None


def _write(
    *, actor: Actor, org_unit: OrgUnit, period: Period, wanted: Wanted,
    versions: dict[tuple[int, str], int | None] | None, reason: str = "",
) -> SaveResult:
    """Apply {(indicator id, sex): (num, den) or None to delete} for one unit and period.

    Locks the unit's rows, checks the versions the user saw (optimistic locking), writes
    the changed rows and their deltas into every strict ancestor's roll-up rows.
    """
    unit_require_valid(org_unit, on=period.start, what=_("số liệu"))
    result = SaveResult()
    indicator_ids = sorted({key[0] for key in wanted})
    existing = {
        (v.indicator_id, v.sex): v
        for v in IndicatorValue.objects.select_for_update().filter(
            org_unit=org_unit, period=period.key, indicator_id__in=indicator_ids, breakdown=""
        )
    }
    if versions is not None:
        stale = []
        for key in wanted:
            seen = versions.get(key)
            row = existing.get(key)
            if (row is None and seen is not None) or (row is not None and seen != row.version):
                stale.append(key)
        if stale:
            raise ConflictError(
                _("Có %(n)s ô đã được người khác sửa sau khi bạn mở trang. Hãy tải lại trang để xem "
                  "số liệu mới rồi nhập lại.") % {"n": len(stale)},
                code="stale",
            )
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    changes = []
    for key, new in sorted(wanted.items()):
        row = existing.get(key)
        indicator_id, sex = key
        if new is None:
            if row is None:
                continue
            changes.append((period.key, indicator_id, sex, "", -row.num, -(row.den or 0), -1))
            audit_record(actor=actor, action="indicators.value_delete", obj=row, org_unit=org_unit,
                         changes={"num": [row.num, None], "den": [row.den, None]}, reason=reason)
            row.delete()
            result.deleted += 1
            continue
        num, den = new
        if row is None:
            row = IndicatorValue.objects.create(
                indicator_id=indicator_id, org_unit=org_unit, period=period.key, sex=sex, num=num,
                den=den, updated_at=now, updated_by=user,
            )
            changes.append((period.key, indicator_id, sex, "", num, den or 0, 1))
            audit_record(actor=actor, action="indicators.value_create", obj=row, org_unit=org_unit,
                         changes={"num": [None, num], "den": [None, den]}, reason=reason)
            result.created += 1
        elif row.num != num or row.den != den:
            changes.append((period.key, indicator_id, sex, "", num - row.num, (den or 0) - (row.den or 0), 0))
            audit_record(actor=actor, action="indicators.value_update", obj=row, org_unit=org_unit,
                         changes={"num": [row.num, num], "den": [row.den, den]}, reason=reason)
            row.num, row.den = num, den
            row.version += 1
            row.updated_at, row.updated_by = now, user
            row.save(update_fields=["num", "den", "version", "updated_at", "updated_by"])
            result.updated += 1
        else:
            result.unchanged += 1
        result.values.append(row)
    if changes:
        rollup_write(org_unit, changes)
    return result


@transaction.atomic
def do_values_save(
    *, actor: Any, org_unit: OrgUnit, period: str, entries: list[Entry], complete: bool = False,
    check_versions: bool = True, reason: str = "",
) -> SaveResult:
    """Save typed values for one unit and period; all or nothing; no policy check (imports
    that checked every row, the bench; `values_save` asks).

    Raises ValuesInvalidError listing every bad cell, ConflictError when a cell changed since
    the user loaded it.
    """
    the_period = period_parse(period)
    unit_require_valid(org_unit, on=the_period.start, what=_("số liệu"))
    indicators = Indicator.objects.in_bulk({e.indicator_id for e in entries})
    unknown = [e for e in entries if e.indicator_id not in indicators]
    if unknown:
        raise DomainError(_("Chỉ tiêu không tồn tại."), code="unknown_indicator")
    for entry in entries:
        if indicators[entry.indicator_id].kind == Indicator.Kind.COUNT:
            entry.den = None  # a count has no denominator; a stray one is ignored
    errors = validate_entries(indicators, entries, complete=complete)
    for entry in entries:
        if entry.sex not in indicators[entry.indicator_id].sexes:
            errors.append(CellError(indicators[entry.indicator_id].code, entry.cell,
                                    _("Chỉ tiêu này không phân tổ theo giới tính này.")))
    if errors:
        raise ValuesInvalidError(errors)
    wanted: Wanted = {}
    versions: dict[tuple[int, str], int | None] = {}
    for entry in entries:
        key = (entry.indicator_id, entry.sex)
        wanted[key] = None if entry.is_empty else _stored(indicators[entry.indicator_id], entry)
        versions[key] = entry.version
    return _write(actor=actor, org_unit=org_unit, period=the_period, wanted=wanted,
                  versions=versions if check_versions else None, reason=reason)


def values_save(*, actor: Any, org_unit: OrgUnit, **options: Any) -> SaveResult:
    """`do_values_save` for a user: AccessDenied without SUBMIT on the unit."""
    policy.require(actor, Action.SUBMIT, org_unit)
    return do_values_save(actor=actor, org_unit=org_unit, **options)


def do_value_set(
    *, actor: Any, indicator: Indicator, org_unit: OrgUnit, period: str, sex: str,
    value: float | None, den: float | None = None, version: int | None = None,
) -> SaveResult:
    """One cell, no policy check; `version` None skips the optimistic check (system writes,
    the bench)."""
    entry = Entry(indicator_id=indicator.pk, sex=sex, value=value, den=den, version=version, cell=sex)
    return do_values_save(actor=actor, org_unit=org_unit, period=period, entries=[entry],
                          check_versions=version is not None)


def value_set(*, actor: Any, org_unit: OrgUnit, **options: Any) -> SaveResult:
    """One cell for a user: AccessDenied without SUBMIT on the unit."""
    policy.require(actor, Action.SUBMIT, org_unit)
    return do_value_set(actor=actor, org_unit=org_unit, **options)


@transaction.atomic
def values_bulk_load(*, actor: Actor, rows: list[dict[str, Any]], root: OrgUnit, reason: str = "") -> int:
    """Insert many raw values (imports, the demo) and rebuild `root`'s roll-ups once.

    Rows: {indicator, org_unit, period, sex, num, den}; existing cells are left as they are.
    """
    keys = {(r["org_unit"].pk, r["period"], r["indicator"].pk, r["sex"]) for r in rows}
    units = {k[0] for k in keys}
    present = set(
        IndicatorValue.objects.filter(org_unit_id__in=units, breakdown="")
        .values_list("org_unit_id", "period", "indicator_id", "sex")
    )
    now = timezone.now()
    new = [
        IndicatorValue(indicator=r["indicator"], org_unit=r["org_unit"], period=r["period"], sex=r["sex"],
                       num=r["num"], den=r.get("den"), updated_at=now)
        for r in rows
        if (r["org_unit"].pk, r["period"], r["indicator"].pk, r["sex"]) not in present
    ]
    IndicatorValue.objects.bulk_create(new, batch_size=1000)
    if new:
        rollup_rebuild(root=root)
        audit_record(actor=actor, action="indicators.values_bulk_load", obj=root, org_unit=root,
                     changes={"values": len(new)}, reason=reason)
    return len(new)
