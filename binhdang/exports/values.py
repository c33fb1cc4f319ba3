"""Indicator values as flat rows for interchange (XLSX, DHIS2 JSON, ADX): the selector that
streams them out of the database, and the mapping between our codes and DHIS2's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit


@dataclass(frozen=True, order=True)
class ValueRow:
    """One raw value as exchanged: a count (or a ratio's numerator / an average's value) and
    the denominator or weight for ratios and averages."""

    indicator: str  # our indicator code
    org_unit: str  # our org-unit code
    period: str  # our key: "2017-H1", "2017-H2", "2017"
    sex: str  # "F", "M", or "T" (not disaggregated)
    value: float
    den: float | None = None


def dataset_code() -> str:
    return getattr(settings, "BINHDANG_DHIS2_DATASET", "BINHDANG_BDG")


# --- periods --------------------------------------------------------------------------------

_OURS = re.compile(r"^(\d{4})(?:-H([12]))?$")
_ISO_SEMESTER = re.compile(r"^(\d{4})S([12])$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_ADX_INTERVAL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/P(\d+)([MY])$")


def _period_overrides() -> tuple[dict[str, str], dict[str, str]]:
    from .models import PeriodMapping

    rows = list(PeriodMapping.objects.values_list("period", "iso"))
    return dict(rows), {iso: ours for ours, iso in rows}


def period_to_iso(period: str, overrides: dict[str, str] | None = None) -> str:
    """"2017-H1" → "2017S1", "2017-H2" → "2017S2", "2017" → "2017" (unless mapped otherwise)."""
    if overrides and period in overrides:
        return overrides[period]
    match = _OURS.match(period)
    if not match:
        raise ValueError(period)
    return f"{match[1]}S{match[2]}" if match[2] else match[1]


def period_from_iso(iso: str, overrides: dict[str, str] | None = None) -> str:
    """The inverse of period_to_iso; also reads ADX intervals ("2017-01-01/P6M").

    Raises ValueError for a period we have no equivalent of (months, quarters…).
    """
    iso = iso.strip()
    if overrides and iso in overrides:
        return overrides[iso]
    if match := _ISO_SEMESTER.match(iso):
        return f"{match[1]}-H{match[2]}"
    if match := _ISO_YEAR.match(iso):
        return match[1]
    if match := _ADX_INTERVAL.match(iso):
        year, month, day, count, unit = match.groups()
        if day == "01" and unit == "M" and count == "6" and month in ("01", "07"):
            return f"{year}-H{1 if month == '01' else 2}"
        if day == "01" and month == "01" and ((unit == "Y" and count == "1") or (unit == "M" and count == "12")):
            return year
    raise ValueError(iso)


def period_to_adx(period: str, overrides: dict[str, str] | None = None) -> str:
    iso = period_to_iso(period, overrides)
    if match := _ISO_SEMESTER.match(iso):
        return f"{match[1]}-{'01' if match[2] == '1' else '07'}-01/P6M"
    if match := _ISO_YEAR.match(iso):
        return f"{match[1]}-01-01/P1Y"
    return iso


# --- identifiers --------------------------------------------------------------------------

@dataclass
class Mapping:
    """Both directions of every identifier; unmapped items use our own codes."""

    element_out: dict[str, tuple[str, str]]  # indicator code → (uid, code)
    den_out: dict[str, tuple[str, str]]
    element_in: dict[str, tuple[str, bool]]  # uid or code → (indicator code, is denominator)
    unit_out: dict[str, tuple[str, str]]  # org-unit code → (uid, code)
    unit_in: dict[str, str]  # uid or code → org-unit code
    sex_out: dict[str, tuple[str, str]]  # F/M/T → (uid, code)
    sex_in: dict[str, str]
    period_out: dict[str, str]
    period_in: dict[str, str]

    @classmethod
    def load(cls) -> Mapping:
        from .models import CategoryOptionComboMapping, DataElementMapping, OrgUnitMapping

        element_out, den_out, element_in = {}, {}, {}
        for m in DataElementMapping.objects.all():
            element_out[m.indicator_code] = (m.uid, m.code or m.indicator_code)
            element_in[m.uid] = (m.indicator_code, False)
            if m.code:
                element_in[m.code] = (m.indicator_code, False)
            if m.den_uid:
                den_out[m.indicator_code] = (m.den_uid, m.den_code or f"{m.indicator_code}_DEN")
                element_in[m.den_uid] = (m.indicator_code, True)
                if m.den_code:
                    element_in[m.den_code] = (m.indicator_code, True)
        unit_out, unit_in = {}, {}
        for m in OrgUnitMapping.objects.select_related("org_unit"):
            unit_out[m.org_unit.code] = (m.uid, m.code or m.org_unit.code)
            unit_in[m.uid] = m.org_unit.code
            if m.code:
                unit_in[m.code] = m.org_unit.code
        sex_out, sex_in = {}, {}
        for m in CategoryOptionComboMapping.objects.all():
            sex_out[m.sex] = (m.uid, m.code or m.sex)
            sex_in[m.uid] = m.sex
            if m.code:
                sex_in[m.code] = m.sex
        period_out, period_in = _period_overrides()
        return cls(element_out, den_out, element_in, unit_out, unit_in, sex_out, sex_in,
                   period_out, period_in)

    # Exports use the DHIS2 uid when one is mapped, else our code (for exchange between
    # binhdang instances or a DHIS2 set up with idScheme=CODE).
    def element(self, indicator: str, den: bool = False) -> str:
        if den:
            return self.den_out.get(indicator, ("", f"{indicator}_DEN"))[0] or f"{indicator}_DEN"
        return self.element_out.get(indicator, (indicator, indicator))[0]

    def element_code(self, indicator: str, den: bool = False) -> str:
        if den:
            return self.den_out.get(indicator, ("", f"{indicator}_DEN"))[1]
        return self.element_out.get(indicator, (indicator, indicator))[1]

    def unit(self, code: str) -> str:
        return self.unit_out.get(code, (code, code))[0]

    def unit_code(self, code: str) -> str:
        return self.unit_out.get(code, (code, code))[1]

    def sex(self, sex: str) -> str:
        return self.sex_out.get(sex, (sex, sex))[0]

    def sex_code(self, sex: str) -> str:
        return self.sex_out.get(sex, (sex, sex))[1]

    def indicator_of(self, element: str) -> tuple[str, bool]:
        if element in self.element_in:
            return self.element_in[element]
        if element.endswith("_DEN"):
            return element[: -len("_DEN")], True
        return element, False

    def unit_of(self, value: str) -> str:
        return self.unit_in.get(value, value)

    def sex_of(self, value: str) -> str:
        return self.sex_in.get(value, value)


# --- the selector ---------------------------------------------------------------------------

def values_queryset(*, user=None, unit: OrgUnit | None = None, period: str | None = None):
    """Raw values (not roll-ups) the user may view, in a stable order for streaming."""
    from binhdang.indicators.models import IndicatorValue

    queryset = IndicatorValue.objects.filter(breakdown="")
    if user is not None:
        queryset = queryset.filter(policy.units_q(user, Action.VIEW, "org_unit"))
    if unit is not None:
        queryset = queryset.filter(org_unit__path__startswith=unit.path)
    if period:
        queryset = queryset.filter(Q(period=period))
    return queryset.order_by("org_unit__path", "period", "indicator__order", "indicator__code", "sex")


def values_iter(*, user=None, unit: OrgUnit | None = None, period: str | None = None,
                chunk_size: int = 5000) -> Iterator[ValueRow]:
    """Stream ValueRows with bounded memory (server-side cursor on PostgreSQL)."""
    from binhdang.indicators.models import Indicator

    kinds = dict(Indicator.objects.values_list("code", "kind"))
    rows = values_queryset(user=user, unit=unit, period=period).values_list(
        "indicator__code", "org_unit__code", "period", "sex", "num", "den"
    )
    for code, unit_code, key, sex, num, den in rows.iterator(chunk_size=chunk_size):
        if kinds.get(code) == Indicator.Kind.AVERAGE and den:
            num = num / den  # averages are stored as value × weight
        yield ValueRow(code, unit_code, key, sex, _clean(num), _clean(den) if den is not None else None)


def _clean(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def format_value(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, int) else repr(float(value))
