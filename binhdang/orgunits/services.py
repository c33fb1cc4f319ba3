"""Writes to the org-unit tree: create, update (optimistic locking) and close units."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import DomainError
from binhdang.core.locking import lock_version
from binhdang.core.permissions import Action, is_superuser, policy

from .models import OrgUnit

EDITABLE_FIELDS = (
    "name",
    "short_name",
    "aliases",
    "kind",
    "level",
    "level_title",
    "email",
    "valid_from",
    "valid_to",
    "gso_code",
    "verified",
    "note",
)


def _check(unit: OrgUnit) -> None:
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise DomainError(_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."), field="valid_to")
    if not (unit.name or "").strip():
        raise DomainError(_("Tên đơn vị không được để trống."), field="name")
    duplicate = OrgUnit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists()
    if duplicate:
        raise DomainError(_("Mã đơn vị “%(code)s” đã được dùng.") % {"code": unit.code}, field="code")
    if unit.gso_code:
        _check_gso_code(unit)


def _check_gso_code(unit: OrgUnit) -> None:
    """A GSO code belongs to one unit of a level at a time; it may be reused after that unit ends."""
    overlapping = OrgUnit.objects.filter(gso_code=unit.gso_code, level=unit.level).exclude(pk=unit.pk)
    if unit.valid_to is not None:
        overlapping = overlapping.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=unit.valid_to))
    if unit.valid_from is not None:
        overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=unit.valid_from))
    other = overlapping.first()
    if other is not None:
        raise DomainError(
            _("Mã GSO %(code)s đã thuộc về %(unit)s trong cùng thời gian hiệu lực.")
            % {"code": unit.gso_code, "unit": other.short_name or other.name},
            field="gso_code",
        )


@transaction.atomic
def do_orgunit_create(
    *,
    actor: Any,
    parent: OrgUnit | None,
    code: str,
    name: str,
    kind: str,
    level: str,
    short_name: str = "",
    aliases: list[str] | None = None,
    level_title: str = "",
    email: str = "",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    gso_code: str = "",
    verified: bool = True,
    note: str = "",
) -> OrgUnit:
    """Add a unit under `parent` (a root when None).

    Raises DomainError for an empty name, a used code or an inverted validity range.
    """
    fields = {
        "code": code.strip(),
        "name": name.strip(),
        "kind": kind,
        "level": level,
        "short_name": short_name.strip(),
        "aliases": list(aliases or []),
        "level_title": level_title,
        "email": email,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "gso_code": gso_code.strip(),
        "verified": verified,
        "note": note,
    }
    probe = OrgUnit(**fields)
    _check(probe)
    unit = (
        OrgUnit.objects.add_child(parent, create_kwargs=fields)
        if parent
        else OrgUnit.objects.add_root(create_kwargs=fields)
    )
    audit_record(actor=actor, action="orgunit.create", obj=unit, org_unit=unit, changes=fields)
    return unit


def check_orgunit_create(*, actor: Any, parent: OrgUnit | None) -> None:
    """Roots are made by system administrators; other units by whoever administers the parent."""
    if parent is None:
        if not is_superuser(actor):
            raise DomainError(_("Chỉ quản trị hệ thống mới tạo được đơn vị gốc."))
    else:
        policy.require(actor, Action.ADMINISTER, parent)


def orgunit_create(*, actor: Any, parent: OrgUnit | None = None, **fields: Any) -> OrgUnit:
    """`do_orgunit_create` for a user (`check_orgunit_create` first)."""
    check_orgunit_create(actor=actor, parent=parent)
    return do_orgunit_create(actor=actor, parent=parent, **fields)


@transaction.atomic
def orgunit_update(*, actor: Any, unit: OrgUnit, version: int, data: dict[str, Any]) -> OrgUnit:
    """Change a unit's fields; `version` is the one the editor read.

    Raises ConflictError when someone saved the unit since, DomainError on bad values.
    """
    policy.require(actor, Action.ADMINISTER, unit)
    locked = lock_version(OrgUnit.objects.all(), unit.pk, version, lambda current, given: _(
        "Đơn vị này vừa được người khác sửa. Hãy tải lại trang để xem bản mới rồi sửa lại."))
    before = {f: getattr(locked, f) for f in EDITABLE_FIELDS}
    for field, value in data.items():
        if field not in EDITABLE_FIELDS:
            raise DomainError(_("Không sửa được trường “%(f)s”.") % {"f": field}, field=field)
        setattr(locked, field, value)
    _check(locked)
    locked.version += 1
    locked.save()
    after = {f: getattr(locked, f) for f in EDITABLE_FIELDS}
    audit_record(
        actor=actor, action="orgunit.update", obj=locked, org_unit=locked, changes=diff_fields(before, after)
    )
    return locked
