"""Reads for indicators, one module per concept; every public name is importable from here
(`from binhdang.indicators.selectors import unit_table`).

- figures: the catalogue lists, Figure, a unit's table for one period, the report-form hook;
- cuts: any units × periods × indicators × sexes in one query (trends, kind filters, as is);
- targets: which target applies and direction-aware progress;
- entry: the entry grid with versions and outlier flags;
- activities: visible units, the latest period, the activity log;
- budget: TT 191/2009 planned against executed, estimate duties.

A unit's figure is its own values plus its roll-up row (the sums of its descendants): no
scan of the subtree at read time.
"""

from .activities import (
    ActivityKindSummary,
    activity_get_visible,
    activity_list_visible,
    activity_summary,
    activity_task_choices,
    home_unit,
    latest_period,
    units_visible,
)
from .budget import BudgetRow, DueStatus, budget_dues, budget_lines, budget_report
from .cuts import COMMUNES, RURAL_COMMUNES, WARDS, Cut, Source, UnitFilter, View, cut, cut_units
from .entry import GridCell, GridRow, entry_grid, outliers
from .figures import (
    Figure,
    IndicatorTable,
    Row,
    catalogue,
    indicator_list,
    report_indicator_rows,
    unit_children,
    unit_sums,
    unit_table,
    unit_table_as_is,
)
from .targets import (
    TargetStatus,
    percent_achieved,
    table_target_statuses,
    target_evaluate,
    targets_for,
)

__all__ = [
    "COMMUNES", "RURAL_COMMUNES", "WARDS", "ActivityKindSummary", "BudgetRow", "Cut", "DueStatus", "Figure",
    "GridCell", "GridRow", "IndicatorTable", "Row", "Source", "TargetStatus", "UnitFilter", "View",
    "activity_get_visible", "activity_list_visible", "activity_summary", "activity_task_choices", "budget_dues",
    "budget_lines", "budget_report", "catalogue", "cut", "cut_units", "entry_grid", "home_unit", "indicator_list",
    "latest_period", "outliers", "percent_achieved", "report_indicator_rows", "table_target_statuses",
    "target_evaluate", "targets_for", "unit_children", "unit_sums", "unit_table", "unit_table_as_is", "units_visible",
]
