"""Writes for indicators, activities and budget. Every value write updates the ancestors'
roll-up rows in the same transaction, and every write leaves an audit event."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.locking import lock_version
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.lineage import unit_require_valid
from binhdang.orgunits.models import OrgUnit

from . import permissions
from .models import (
    Activity,
    BudgetCategory,
    BudgetEstimateDue,
    BudgetLine,
    Indicator,
    IndicatorValue,
    Target,
)
from .periods import Period, period_parse, periods_containing
from .rollups import rollup_rebuild, rollup_write
from .validation import CellError, Entry, validate_entries


class ValuesInvalidError(DomainError):
    """Some cells are invalid; nothing was saved. `errors` lists them one per cell."""

    def __init__(self, errors: list[CellError]):
        super().__init__(ngettext("Có %(n)s ô không hợp lệ; chưa lưu số liệu nào.",
                                  "Có %(n)s ô không hợp lệ; chưa lưu số liệu nào.", len(errors)) % {"n": len(errors)},
                         code="invalid_values")
        self.errors = errors


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    values: list[IndicatorValue] = field(default_factory=list)


def _stored(indicator: Indicator, entry: Entry) -> tuple[float, float | None]:
    """What the row keeps: averages are stored as value × weight so that sums stay exact."""
    if indicator.kind == Indicator.Kind.AVERAGE:
        return entry.value * entry.den, entry.den
    if indicator.kind == Indicator.Kind.RATIO:
        return entry.value, entry.den
    return entry.value, None


def _write(
    *, actor, org_unit: OrgUnit, period: Period, wanted: dict[tuple[int, str], tuple[float, float | None] | None],
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
    wanted = {}
    versions = {}
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
def values_bulk_load(*, actor, rows: list[dict[str, Any]], root: OrgUnit, reason: str = "") -> int:
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


# --- activities -----------------------------------------------------------------------------

ACTIVITY_FIELDS = [
    "kind", "title", "date", "task", "channel", "audience_reached", "topic", "participants_female",
    "participants_male", "women_cadres", "cost", "inspected_unit", "findings", "recommendations",
    "follow_up", "notes",
]


def _activity_clean(activity: Activity) -> None:
    if activity.women_cadres > activity.participants_female:
        raise DomainError(_("Số cán bộ nữ không được lớn hơn số người tham gia là nữ."), field="women_cadres")
    if activity.kind == Activity.Kind.COMMUNICATION and not activity.channel:
        raise DomainError(_("Chọn kênh tuyên truyền."), field="channel")
    if activity.kind == Activity.Kind.COUNSELLING and not activity.topic:
        raise DomainError(_("Chọn chủ đề tư vấn."), field="topic")
    if activity.kind == Activity.Kind.INSPECTION and not activity.inspected_unit_id:
        raise DomainError(_("Chọn đơn vị được kiểm tra."), field="inspected_unit")
    if activity.kind != Activity.Kind.COMMUNICATION:
        activity.channel = ""
    if activity.kind != Activity.Kind.COUNSELLING:
        activity.topic = ""
    activity.full_clean(exclude=["task", "inspected_unit", "org_unit", "created_by"])


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    return {name: getattr(activity, f"{name}_id" if name in ("task", "inspected_unit") else name)
            for name in ACTIVITY_FIELDS}


@transaction.atomic
def do_activity_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> Activity:
    """Raises AccessDenied without SUBMIT on the organising unit, DomainError for bad input."""
    activity = Activity(org_unit=org_unit, created_by=actor if getattr(actor, "pk", None) else None,
                        **{k: v for k, v in fields.items() if k in ACTIVITY_FIELDS})
    _activity_clean(activity)
    activity.save()
    audit_record(actor=actor, action="indicators.activity_create", obj=activity, org_unit=org_unit,
                 changes=_activity_snapshot(activity))
    activity_indicators_sync(org_unit=org_unit, periods=periods_containing(activity.date))
    return activity


def activity_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> Activity:
    """`do_activity_create` for a user: AccessDenied without SUBMIT on the unit."""
    policy.require(actor, Action.SUBMIT, org_unit)
    return do_activity_create(actor=actor, org_unit=org_unit, **fields)


@transaction.atomic
def activity_update(*, actor, activity: Activity, version: int, **changes: Any) -> Activity:
    """Raises ConflictError when someone saved the activity since `version` was read."""
    policy.require(actor, Action.SUBMIT, activity.org_unit)
    locked = lock_version(Activity.objects.all(), activity.pk, version,
                          lambda current, given: _("Hoạt động đã được người khác sửa; hãy tải lại trang."))
    before = _activity_snapshot(locked)
    old_date = locked.date
    for name, value in changes.items():
        if name in ACTIVITY_FIELDS:
            setattr(locked, name, value)
    _activity_clean(locked)
    locked.version += 1
    locked.save()
    audit_record(actor=actor, action="indicators.activity_update", obj=locked, org_unit=locked.org_unit,
                 changes=diff_fields(before, _activity_snapshot(locked)))
    periods = {p.key: p for p in periods_containing(old_date) + periods_containing(locked.date)}
    activity_indicators_sync(org_unit=locked.org_unit, periods=list(periods.values()))
    return locked


@transaction.atomic
def activity_delete(*, actor, activity: Activity, version: int) -> None:
    policy.require(actor, Action.SUBMIT, activity.org_unit)
    locked = lock_version(Activity.objects.all(), activity.pk, version,
                          lambda current, given: _("Hoạt động đã được người khác sửa; hãy tải lại trang."))
    audit_record(actor=actor, action="indicators.activity_delete", obj=locked, org_unit=locked.org_unit,
                 changes=_activity_snapshot(locked))
    unit, day = locked.org_unit, locked.date
    locked.delete()
    activity_indicators_sync(org_unit=unit, periods=periods_containing(day))


def _activity_filter(rule: dict[str, Any]) -> Q:
    q = Q()
    kinds = rule.get("kind")
    if kinds:
        q &= Q(kind__in=kinds if isinstance(kinds, list) else [kinds])
    if rule.get("channel"):
        q &= Q(channel=rule["channel"])
    if rule.get("topic"):
        q &= Q(topic=rule["topic"])
    return q


def activity_indicators_sync(*, org_unit: OrgUnit, periods: list[Period]) -> None:
    """Recompute the unit's activity-derived indicator values for the periods (system write)."""
    derived = [i for i in Indicator.objects.exclude(activity_rule={}) if i.activity_rule]
    if not derived:
        return
    for period in periods:
        activities = Activity.objects.filter(org_unit=org_unit, date__gte=period.start, date__lte=period.end)
        wanted = {}
        for indicator in derived:
            rule = indicator.activity_rule
            sums = activities.filter(_activity_filter(rule)).aggregate(
                count=Count("id"), female=Sum("participants_female"), male=Sum("participants_male"),
                audience=Sum("audience_reached"), cadres=Sum("women_cadres"),
            )
            measure = rule.get("measure", "count")
            if measure == "participants" and indicator.by_sex:
                female, male = sums["female"] or 0, sums["male"] or 0
                has_any = sums["count"] > 0
                wanted[(indicator.pk, "F")] = (float(female), None) if has_any else None
                wanted[(indicator.pk, "M")] = (float(male), None) if has_any else None
                continue
            value = {"count": sums["count"], "audience": sums["audience"], "women_cadres": sums["cadres"],
                     "participants": (sums["female"] or 0) + (sums["male"] or 0)}[measure] or 0
            wanted[(indicator.pk, "T")] = (float(value), None) if sums["count"] else None
        _write(actor=None, org_unit=org_unit, period=period, wanted=wanted, versions=None,
               reason="activities")


# --- catalogue ------------------------------------------------------------------------------

INDICATOR_EDITABLE = ["name", "unit", "kind", "scale", "numerator_label", "denominator_label", "by_sex",
                      "direction", "aggregation", "periodicity", "group", "objective", "agency",
                      "required", "unverified", "note"]


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, version: int, **changes: Any) -> Indicator:
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
def target_create(*, actor, indicator: Indicator, **fields: Any) -> Target:
    target = Target(indicator=indicator, **{k: v for k, v in fields.items() if k in TARGET_FIELDS})
    if not permissions.can_edit_target(actor, target):
        permissions.require_catalogue_edit(actor)
    _target_clean(target)
    target.save()
    audit_record(actor=actor, action="indicators.target_create", obj=target,
                 changes={k: getattr(target, k) for k in TARGET_FIELDS})
    return target


@transaction.atomic
def target_update(*, actor, target: Target, version: int, **changes: Any) -> Target:
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


# --- budget ---------------------------------------------------------------------------------

BUDGET_FIELDS = ["year", "kind", "category", "amount", "description", "date", "activity", "task"]


def budget_estimate_due_date(budget_year: int) -> datetime.date:
    """Ban VSTBPN sends next year's estimate before 20/7 of the previous year (TT 191/2009 Art. 4)."""
    return datetime.date(budget_year - 1, 7, 20)


@transaction.atomic
def do_budget_line_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> BudgetLine:
    line = BudgetLine(org_unit=org_unit, **{k: v for k, v in fields.items() if k in BUDGET_FIELDS})
    if line.amount is None or Decimal(line.amount) < 0:
        raise DomainError(_("Số tiền không được âm."), field="amount")
    if line.activity_id and line.activity.org_unit_id != org_unit.pk:
        raise DomainError(_("Hoạt động thuộc đơn vị khác."), field="activity")
    line.full_clean(exclude=["activity", "task", "org_unit"])
    line.save()
    audit_record(actor=actor, action="indicators.budget_line_create", obj=line, org_unit=org_unit,
                 changes={k: getattr(line, k) for k in BUDGET_FIELDS})
    return line


def budget_line_create(*, actor: Any, org_unit: OrgUnit, **fields: Any) -> BudgetLine:
    """`do_budget_line_create` for a user: AccessDenied without SUBMIT on the unit."""
    policy.require(actor, Action.SUBMIT, org_unit)
    return do_budget_line_create(actor=actor, org_unit=org_unit, **fields)


@transaction.atomic
def budget_line_delete(*, actor, line: BudgetLine) -> None:
    policy.require(actor, Action.SUBMIT, line.org_unit)
    audit_record(actor=actor, action="indicators.budget_line_delete", obj=line, org_unit=line.org_unit,
                 changes={k: getattr(line, k) for k in BUDGET_FIELDS})
    line.delete()


@transaction.atomic
def budget_dues_generate(*, budget_year: int) -> int:
    """One estimate duty per Ban VSTBPN (committee units) for `budget_year`; idempotent."""
    created = 0
    committees = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMITTEE)
    on = budget_estimate_due_date(budget_year)
    for unit in committees:
        if not unit.is_valid_on(on):
            continue
        parent = OrgUnit.objects.filter(path=unit.path[: -OrgUnit.steplen]).first()
        receiver = None
        if parent is not None:
            receiver = (OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                        .filter(Q(name__icontains="Tài chính")).first())
        _due, was_created = BudgetEstimateDue.objects.get_or_create(
            org_unit=unit, budget_year=budget_year,
            defaults={"due_date": on, "receiver": receiver},
        )
        created += was_created
    return created


@transaction.atomic
def budget_estimate_submit(*, actor, due: BudgetEstimateDue, now: datetime.datetime | None = None) -> BudgetEstimateDue:
    """Mark the estimate as sent; raises DomainError when there is no estimate line yet."""
    policy.require(actor, Action.SUBMIT, due.org_unit)
    if due.submitted_at:
        raise DomainError(_("Dự toán đã được gửi."), code="already_submitted")
    if not BudgetLine.objects.filter(org_unit=due.org_unit, year=due.budget_year,
                                     kind=BudgetLine.Kind.ESTIMATE).exists():
        raise DomainError(_("Chưa có dòng dự toán nào cho năm %(y)s.") % {"y": due.budget_year})
    due.submitted_at = now or timezone.now()
    due.submitted_by = actor if getattr(actor, "pk", None) else None
    due.save(update_fields=["submitted_at", "submitted_by"])
    audit_record(actor=actor, action="indicators.budget_estimate_submit", obj=due, org_unit=due.org_unit,
                 changes={"submitted_at": due.submitted_at})
    return due


def budget_categories() -> list[BudgetCategory]:
    return list(BudgetCategory.objects.order_by("order"))


# --- report figures (the value link) --------------------------------------------------------


@transaction.atomic
def report_values_apply(
    *, org_unit: OrgUnit, period: str, figures: list[dict[str, Any]], reason: str,
) -> list[dict[str, Any]]:
    """Write an accepted report's figures as the unit's values for the period (system write,
    the report's acceptance is the permission). `figures` are rows {code, female, male}
    (or {code, total} for an indicator without a sex split). Returns what the cells held
    before, [{code, sex, num}] (num None: empty), for `report_values_restore`."""
    the_period = period_parse(period)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[str(f.get("code")) for f in figures])}
    wanted: dict[tuple[int, str], tuple[float, float | None] | None] = {}
    for row in figures:
        indicator = indicators.get(str(row.get("code")))
        if indicator is None or indicator.kind != Indicator.Kind.COUNT:
            continue  # a free row of the form, or a ratio: nothing to add up
        cells = {"F": row.get("female"), "M": row.get("male")} if indicator.by_sex else {"T": row.get("total")}
        for sex, value in cells.items():
            if value is not None:
                wanted[(indicator.pk, sex)] = (float(value), None)
    if not wanted:
        return []
    before = {
        (v.indicator_id, v.sex): v.num
        for v in IndicatorValue.objects.filter(org_unit=org_unit, period=the_period.key, breakdown="",
                                               indicator_id__in={k[0] for k in wanted})
    }
    codes = {i.pk: i.code for i in indicators.values()}
    snapshot = [{"code": codes[key[0]], "sex": key[1], "num": before.get(key)} for key in sorted(wanted)]
    _write(actor=None, org_unit=org_unit, period=the_period, wanted=wanted, versions=None, reason=reason)
    return snapshot


@transaction.atomic
def report_values_restore(*, org_unit: OrgUnit, period: str, snapshot: list[dict[str, Any]], reason: str) -> None:
    """Undo `report_values_apply`: the cells get back what they held before the acceptance
    (emptied when they were empty), so a returned report no longer counts in the roll-ups."""
    if not snapshot:
        return
    the_period = period_parse(period)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[s["code"] for s in snapshot])}
    wanted: dict[tuple[int, str], tuple[float, float | None] | None] = {}
    for cell in snapshot:
        indicator = indicators.get(cell["code"])
        if indicator is not None:
            wanted[(indicator.pk, cell["sex"])] = None if cell["num"] is None else (float(cell["num"]), None)
    _write(actor=None, org_unit=org_unit, period=the_period, wanted=wanted, versions=None, reason=reason)
