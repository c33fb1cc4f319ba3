"""Indicator values as flat rows for interchange (XLSX, DHIS2 JSON, ADX): the selector that
streams them out of the database, and the mapping between our codes and DHIS2's."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
    # "as is" exports only: where the figure comes from when it is an estimate (split communes)
    note: str = ""


def dataset_code() -> str:
    return getattr(settings, "BINHDANG_DHIS2_DATASET", "BINHDANG_BDG")


# --- periods --------------------------------------------------------------------------------

_OURS = re.compile(r"^(\d{4})(?:-H([12]))?$")
_ISO_SEMESTER = re.compile(r"^(\d{4})S([12])$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_ADX_INTERVAL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/P(\d+)([MYD])$")


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


def adx_to_dhis2(interval: str) -> str:
    """An ADX interval as DHIS2's period code: "2017-01-01/P1M" → "201701",
    "2017-04-01/P3M" → "2017Q2", "2017-07-01/P6M" → "2017S2", "2017-01-01/P1Y" → "2017".
    Anything else is returned unchanged."""
    match = _ADX_INTERVAL.match(interval.strip())
    if not match:
        return interval.strip()
    year, month, day, count, unit = match[1], int(match[2]), match[3], int(match[4]), match[5]
    if day != "01":
        return interval.strip()
    if unit == "M" and count == 1:
        return f"{year}{month:02d}"
    if unit == "M" and count == 3 and month in (1, 4, 7, 10):
        return f"{year}Q{(month - 1) // 3 + 1}"
    if unit == "M" and count == 6 and month in (1, 7):
        return f"{year}S{1 if month == 1 else 2}"
    if month == 1 and ((unit == "Y" and count == 1) or (unit == "M" and count == 12)):
        return year
    return interval.strip()


def period_from_iso(iso: str, overrides: dict[str, str] | None = None) -> str:
    """The inverse of period_to_iso; also reads ADX intervals ("2017-01-01/P6M").

    Raises ValueError for a period we have no equivalent of (months, quarters…).
    """
    iso = adx_to_dhis2(iso)
    if overrides and iso in overrides:
        return overrides[iso]
    if match := _ISO_SEMESTER.match(iso):
        return f"{match[1]}-H{match[2]}"
    if match := _ISO_YEAR.match(iso):
        return match[1]
    raise ValueError(iso)


def period_to_adx(period: str, overrides: dict[str, str] | None = None) -> str:
    iso = period_to_iso(period, overrides)
    if match := _ISO_SEMESTER.match(iso):
        return f"{match[1]}-{'01' if match[2] == '1' else '07'}-01/P6M"
    if match := _ISO_YEAR.match(iso):
        return f"{match[1]}-01-01/P1Y"
    return iso


def period_note(period: str, overrides: dict[str, str] | None = None) -> str:
    """What the period means, in the file itself (NĐ 09/2019 window vs DHIS2's calendar period):
    "Kỳ 2017-H1: số liệu từ 15/12/2016 đến 14/06/2017 (NĐ 09/2019); 2017S1 của DHIS2 là 01/01–30/06/2017"."""
    from binhdang.core.periods import cutoff_window

    match = _OURS.match(period)
    if not match:
        return ""
    year, half = int(match[1]), int(match[2] or 0)
    start, end = cutoff_window(year, half)
    iso = period_to_iso(period, overrides)
    calendar = {0: f"01/01–31/12/{year}", 1: f"01/01–30/06/{year}", 2: f"01/07–31/12/{year}"}[half]
    return (f"Kỳ {period}: số liệu từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} (NĐ 09/2019); "
            f"{iso} của DHIS2 là {calendar}")


# --- identifiers --------------------------------------------------------------------------

ID_SCHEMES = ("CODE", "UID")
DEFAULT_COMBO = "default"  # DHIS2's name and code of the category option combo of a total


class UnmappedError(ValueError):
    """An identifier has no DHIS2 UID while the export uses idScheme=UID."""


def sex_category() -> str:
    """The DHIS2 category code that ADX writes the sex disaggregation under (an attribute)."""
    return getattr(settings, "BINHDANG_DHIS2_SEX_CATEGORY", "SEX")


@dataclass
class Mapping:
    """Both directions of every identifier.

    Exports name elements, units and combos in one id scheme: CODE (the mapped DHIS2 code,
    else our own code; totals "default") or UID (the mapped DHIS2 uid; UnmappedError if
    there is none). Imports accept a mapped uid or code, or our own code.
    """

    element_out: dict[str, tuple[str, str]]  # indicator code → (uid, code)
    den_out: dict[str, tuple[str, str]]
    element_in: dict[str, tuple[str, bool]]  # uid or code → (indicator code, is denominator)
    unit_out: dict[str, tuple[str, str]]  # org-unit code → (uid, code)
    unit_in: dict[str, str]  # uid or code → org-unit code
    sex_out: dict[str, tuple[str, str]]  # F/M/T → (uid, code)
    sex_in: dict[str, str]
    period_out: dict[str, str]
    period_in: dict[str, str]
    scheme: str = "CODE"

    @classmethod
    def load(cls, scheme: str = "CODE") -> Mapping:
        from .models import CategoryOptionComboMapping, DataElementMapping, OrgUnitMapping

        element_out: dict[str, tuple[str, str]] = {}
        den_out: dict[str, tuple[str, str]] = {}
        element_in: dict[str, tuple[str, bool]] = {}
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
        unit_out: dict[str, tuple[str, str]] = {}
        unit_in: dict[str, str] = {}
        for u in OrgUnitMapping.objects.select_related("org_unit"):
            unit_out[u.org_unit.code] = (u.uid, u.code or u.org_unit.code)
            unit_in[u.uid] = u.org_unit.code
            if u.code:
                unit_in[u.code] = u.org_unit.code
        sex_out: dict[str, tuple[str, str]] = {}
        sex_in: dict[str, str] = {}
        for c in CategoryOptionComboMapping.objects.all():
            sex_out[c.sex] = (c.uid, c.code or (DEFAULT_COMBO if c.sex == "T" else c.sex))
            sex_in[c.uid] = c.sex
            if c.code:
                sex_in[c.code] = c.sex
        period_out, period_in = _period_overrides()
        return cls(element_out, den_out, element_in, unit_out, unit_in, sex_out, sex_in,
                   period_out, period_in, scheme=scheme.upper())

    @classmethod
    def empty(cls, scheme: str = "CODE") -> Mapping:
        return cls({}, {}, {}, {}, {}, {}, {}, {}, {}, scheme=scheme)

    @property
    def uid(self) -> bool:
        return self.scheme == "UID"

    def _pick(self, pair: tuple[str, str] | None, ours: str, what: str) -> str:
        if self.uid:
            if pair is None or not pair[0]:
                raise UnmappedError(f"{what} {ours}")
            return pair[0]
        return pair[1] if pair is not None else ours

    def element(self, indicator: str, den: bool = False) -> str:
        if den:
            return self._pick(self.den_out.get(indicator), f"{indicator}_DEN", "dataElement")
        return self._pick(self.element_out.get(indicator), indicator, "dataElement")

    def element_code(self, indicator: str, den: bool = False) -> str:
        if den:
            return self.den_out.get(indicator, ("", f"{indicator}_DEN"))[1]
        return self.element_out.get(indicator, (indicator, indicator))[1]

    def unit(self, code: str) -> str:
        return self._pick(self.unit_out.get(code), code, "orgUnit")

    def unit_code(self, code: str) -> str:
        return self.unit_out.get(code, (code, code))[1]

    def sex(self, sex: str) -> str | None:
        """The categoryOptionCombo; for a total "default" (CODE), the mapped uid or None (UID:
        the property is left out and DHIS2 applies its default combo)."""
        pair = self.sex_out.get(sex)
        if sex == "T":
            if self.uid:
                return pair[0] if pair else None
            return pair[1] if pair else DEFAULT_COMBO
        return self._pick(pair, sex, "categoryOptionCombo")

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

    def sex_of(self, value: str) -> str | None:
        """F, M or T for a category option combo (uid or code), None when it cannot be mapped."""
        if value in self.sex_in:
            return self.sex_in[value]
        if value in ("", DEFAULT_COMBO):
            return "T"
        if value in ("F", "M", "T"):
            return value  # our own codes
        return None

    def is_default_attribute(self, value: str) -> bool:
        """An attributeOptionCombo we can take: none, "default" or the mapped total combo."""
        return self.sex_of(value) == "T"

    def sex_of_category(self, value: str) -> str | None:
        """F or M for an ADX category option code of the sex category (mapped code or F/M)."""
        sex = self.sex_of(value)
        return sex if sex in ("F", "M") else None


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


def uid_scheme_gaps(mapping: Mapping, *, user: Any = None, unit: OrgUnit | None = None,
                    period: str | None = None) -> list[str]:
    """What an idScheme=UID export of these values lacks: indicators, denominators, units and
    sexes with no DHIS2 uid, as Vietnamese lines (empty when everything is mapped)."""
    from binhdang.indicators.models import Indicator

    queryset = values_queryset(user=user, unit=unit, period=period).order_by()
    gaps: list[str] = []
    codes = set(queryset.values_list("indicator__code", flat=True).distinct())
    with_den = set(queryset.filter(den__isnull=False).exclude(indicator__kind=Indicator.Kind.COUNT)
                   .values_list("indicator__code", flat=True).distinct())
    for code in sorted(codes):
        if code not in mapping.element_out:
            gaps.append(f"chỉ tiêu {code}: chưa có UID phần tử dữ liệu DHIS2")
        elif code in with_den and code not in mapping.den_out:
            gaps.append(f"chỉ tiêu {code}: chưa có UID phần tử mẫu số")
    for code in sorted(set(queryset.values_list("org_unit__code", flat=True).distinct())):
        if code not in mapping.unit_out:
            gaps.append(f"đơn vị {code}: chưa có UID đơn vị DHIS2")
    for sex in sorted(set(queryset.values_list("sex", flat=True).distinct()) - {"T"}):
        if sex not in mapping.sex_out:
            gaps.append(f"giới tính {sex}: chưa có UID category option combo")
    return gaps


# --- "as is": a period's values on today's units -----------------------------------------------


def as_is_units(unit: OrgUnit | None) -> list[OrgUnit]:
    """The units an "as is" export is about: today's communes (xã, phường, đặc khu) under
    `unit` (or everywhere), `unit` itself when it is one; for an ended unit, the units of
    today its area went into (indicators.asis.as_is_targets)."""
    if unit is not None and unit.valid_to is not None:
        from binhdang.core.clock import REFORM_DAY
        from binhdang.indicators.asis import as_is_targets

        return as_is_targets(unit, start=datetime.date(1900, 1, 1), end=REFORM_DAY)
    queryset = OrgUnit.objects.filter(kind=OrgUnit.Kind.ADMINISTRATIVE, level=OrgUnit.Level.COMMUNE,
                                      valid_to__isnull=True)
    if unit is not None:
        queryset = queryset.filter(path__startswith=unit.path)
    return list(queryset.order_by("path"))


def values_iter_as_is(*, user: Any = None, unit: OrgUnit | None = None,
                      period: str | None = None) -> Iterator[ValueRow]:
    """The values of every period (or `period`) on today's communes, each rebuilt from the
    units of its time through lineage (one cut, view "as is"); a figure with a split
    commune's share is an estimate and its row's note names the weights."""
    from binhdang.indicators.asis import weight_text
    from binhdang.indicators.models import Indicator, IndicatorValue
    from binhdang.indicators.selectors import View, cut, indicator_list
    from binhdang.orgunits.lineage import official_name

    units = as_is_units(unit)
    if user is not None:
        units = [u for u in units if policy.has(user, Action.VIEW, u)]
    keys = [period] if period else sorted(
        set(IndicatorValue.objects.filter(breakdown="").values_list("period", flat=True).distinct()))
    keys = [k for k in keys if _OURS.match(k)]
    if not units or not keys:
        return
    indicators = indicator_list()
    result = cut(units=units, periods=keys, indicators=indicators, view=View.AS_IS)
    for target in units:
        for the_period in result.periods:
            source = result.sources.get((target.pk, the_period.key))
            note = ""
            if source is not None and source.estimate:
                weights = "; ".join(f"{official_name(u)} × {weight_text(w)}" for u, w in source.contributors
                                    if float(w) != 1)
                note = f"ước tính theo đơn vị hiện nay ({weights})"
            for indicator in indicators:
                figure = result.figure(target, the_period, indicator)
                if figure.is_empty:
                    continue
                for sex in indicator.sexes:
                    num = figure.num[sex]
                    if num is None:
                        continue
                    den = figure.den[sex] if indicator.kind != Indicator.Kind.COUNT else None
                    if indicator.kind == Indicator.Kind.AVERAGE and den:
                        num = num / den  # averages are kept as value × weight
                    yield ValueRow(indicator.code, target.code, the_period.key, sex, _clean(num),
                                   _clean(den) if den is not None else None, note)
