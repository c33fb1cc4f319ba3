"""The entry grid: a unit's own values as typed, with versions and outlier flags."""

from collections import defaultdict
from dataclasses import dataclass, field

from binhdang.orgunits.models import OrgUnit

from ..models import Indicator, IndicatorValue
from ..periods import Period, period_parse
from ..validation import OUTLIER_Z, modified_z
from .figures import indicator_list

# --- entry grid -----------------------------------------------------------------------------


@dataclass
class GridCell:
    sex: str
    value: float | None = None  # as typed: count, average, or a ratio's numerator
    den: float | None = None
    version: int | None = None
    outlier_z: float | None = None
    typed_value: str | None = None  # what the user typed, re-shown after a refused save
    typed_den: str | None = None
    bad: bool = False
    den_bad: bool = False


@dataclass
class GridRow:
    indicator: Indicator
    cells: dict[str, GridCell] = field(default_factory=dict)

    @property
    def total(self) -> float | None:
        values = [c.value for c in self.cells.values() if c.value is not None]
        if self.indicator.kind != Indicator.Kind.COUNT or not values:
            return None
        return sum(values)


def entry_grid(*, unit: OrgUnit, period: str, group: str | None = None) -> list[GridRow]:
    """The unit's own values as typed, with optimistic-lock versions and outlier flags."""
    the_period = period_parse(period)
    indicators = indicator_list(group=group)
    if group is None:
        indicators = [i for i in indicators if i.group != Indicator.Group.LEADERSHIP]
    rows = {i.pk: GridRow(i, {s: GridCell(s) for s in i.sexes}) for i in indicators}
    for value in IndicatorValue.objects.filter(org_unit=unit, period=the_period.key, breakdown="",
                                               indicator_id__in=rows):
        row = rows[value.indicator_id]
        cell = row.cells.get(value.sex)
        if cell is None:
            continue
        cell.version = value.version
        if row.indicator.kind == Indicator.Kind.AVERAGE and value.den:
            cell.value, cell.den = value.num / value.den, value.den
        else:
            cell.value, cell.den = value.num, value.den
    for (indicator_id, sex), z in outliers(unit=unit, period=the_period, indicator_ids=list(rows)).items():
        rows[indicator_id].cells[sex].outlier_z = z
    return list(rows.values())


def outliers(*, unit: OrgUnit, period: Period, indicator_ids: list[int], history: int = 6) -> dict[tuple[int, str], float]:
    """{(indicator id, sex): modified z} for the unit's values far from its earlier periods
    of the same kind (|z| > 3.5). Flags only; nothing is refused."""
    earlier = [p.key for p in period.earlier(history)]
    series: dict[tuple[int, str], list[float]] = defaultdict(list)
    current: dict[tuple[int, str], float] = {}
    for indicator_id, sex, p, num, den, kind in IndicatorValue.objects.filter(
        org_unit=unit, period__in=[*earlier, period.key], indicator_id__in=indicator_ids, breakdown=""
    ).values_list("indicator_id", "sex", "period", "num", "den", "indicator__kind"):
        value = num / den if kind != Indicator.Kind.COUNT and den else num
        if p == period.key:
            current[(indicator_id, sex)] = value
        else:
            series[(indicator_id, sex)].append(value)
    out = {}
    for key, value in current.items():
        z = modified_z(value, series.get(key, []))
        if z is not None and abs(z) > OUTLIER_Z:
            out[key] = z
    return out
