"""The indicator catalogue: editing an indicator, its targets."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import DomainError
from binhdang.core.locking import lock_version

from .. import permissions
from ..models import (
    Indicator,
    IndicatorValue,
    Target,
)

INDICATOR_EDITABLE = ["name", "unit", "kind", "scale", "numerator_label", "denominator_label", "by_sex",
                      "direction", "aggregation", "periodicity", "group", "objective", "agency",
                      "required", "unverified", "note"]


@transaction.atomic
def indicator_update(*, actor: Actor, indicator: Indicator, version: int, **changes: Any) -> Indicator:
    """Raises AccessDenied, ConflictError; kind and sex split are fixed once values exist."""
    permissions.require_catalogue_edit(actor)
    locked = lock_version(Indicator.objects.all(), indicator.pk, version,
                          lambda current, given: _("Chỉ tiêu đã được người khác sửa; hãy tải lại trang."))
    before = {k: getattr(locked, k if k != "objective" else "objective_id") for k in INDICATOR_EDITABLE}
    has_values = IndicatorValue.objects.filter(indicator=locked).exists()
    for name, value in changes.items():
        if name not in INDICATOR_EDITABLE:
            continue
        if has_values and name in ("kind", "by_sex", "scale") and getattr(locked, name) != value:
            raise DomainError(_("Không đổi được loại, hệ số hay phân tổ giới tính khi chỉ tiêu đã có số liệu."),
                              field=name)
        setattr(locked, name, value)
    locked.full_clean()
    locked.version += 1
    locked.save()
    after = {k: getattr(locked, k if k != "objective" else "objective_id") for k in INDICATOR_EDITABLE}
    audit_record(actor=actor, action="indicators.indicator_update", obj=locked, changes=diff_fields(before, after))
    return locked


def _target_clean(target: Target) -> None:
    indicator = target.indicator
    percent = indicator.unit.strip() == "%" or target.measure == Target.Measure.FEMALE_SHARE
    if percent and not 0 <= target.value <= 100:
        raise DomainError(_("Mục tiêu tỷ lệ phải nằm trong khoảng 0–100."), field="value")
    if target.baseline_year and target.baseline_year >= target.year:
        raise DomainError(_("Năm gốc phải trước năm đạt mục tiêu."), field="baseline_year")
    if target.scope == Target.Scope.UNIT and not target.org_unit_id:
        raise DomainError(_("Chọn đơn vị cho mục tiêu riêng của một đơn vị."), field="org_unit")
    target.full_clean()


TARGET_FIELDS = ["measure", "comparator", "value", "year", "baseline_value", "baseline_year", "scope",
                 "org_unit", "text", "unverified", "objective"]


@transaction.atomic
def target_create(*, actor: Actor, indicator: Indicator, **fields: Any) -> Target:
    target = Target(indicator=indicator, **{k: v for k, v in fields.items() if k in TARGET_FIELDS})
    if not permissions.can_edit_target(actor, target):
        permissions.require_catalogue_edit(actor)
    _target_clean(target)
    target.save()
    audit_record(actor=actor, action="indicators.target_create", obj=target,
                 changes={k: getattr(target, k) for k in TARGET_FIELDS})
    return target


@transaction.atomic
def target_update(*, actor: Actor, target: Target, version: int, **changes: Any) -> Target:
    locked = lock_version(Target.objects.select_related("indicator"), target.pk, version,
                          lambda current, given: _("Mục tiêu đã được người khác sửa; hãy tải lại trang."))
    if not permissions.can_edit_target(actor, locked):
        permissions.require_catalogue_edit(actor)
    before = {k: getattr(locked, k) for k in TARGET_FIELDS}
    for name, value in changes.items():
        if name in TARGET_FIELDS:
            setattr(locked, name, value)
    _target_clean(locked)
    locked.version += 1
    locked.save()
    audit_record(actor=actor, action="indicators.target_update", obj=locked,
                 changes=diff_fields(before, {k: getattr(locked, k) for k in TARGET_FIELDS}))
    return locked
