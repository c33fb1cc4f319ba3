"""The value link: an accepted report's figures become the unit's values (and are restored
when it is reopened)."""

from typing import Any

from django.db import transaction

from binhdang.orgunits.models import OrgUnit

from ..models import (
    Indicator,
    IndicatorValue,
)
from ..periods import period_parse
from .values import Wanted, _write


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
    wanted: Wanted = {}
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
    wanted: Wanted = {}
    for cell in snapshot:
        indicator = indicators.get(cell["code"])
        if indicator is not None:
            wanted[(indicator.pk, cell["sex"])] = None if cell["num"] is None else (float(cell["num"]), None)
    _write(actor=None, org_unit=org_unit, period=the_period, wanted=wanted, versions=None, reason=reason)
