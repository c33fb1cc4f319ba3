"""Reads of the dashboards ("where do we stand?"): plan progress, the reporting cycle, the
indicators by sex and the drill-down from a unit to its children and to the submission
behind a figure.

Every read the home pages make is here, so that the indicator reads can later be rewired to
the multi-period selector of the analytic layer without touching a view. No function loops
over periods: the trend is one query grouped by period.
"""

from __future__ import annotations

from .cache import (  # noqa: F401
    dashboard_cached,
    write_stamp,
)
from .common import (  # noqa: F401
    REPORT_KINDS,
    SERIES_BREAK,
    SERIES_BREAK_PERIOD,
    _period_order,
    current_cycle_key,
    dashboard_root,
    may_view_unit,
    report_period_keys,
)
from .cycle import (  # noqa: F401
    CurvePoint,
    Cycle,
    _daily_curve,
    reporting_cycle,
)
from .figures import (  # noqa: F401
    ChildFigure,
    Drill,
    IndicatorRow,
    TrendPoint,
    __all__,
    _is_data_key,
    _round,
    children_chart,
    drill,
    female_share_chart,
    indicator_by_code,
    indicator_overview,
    indicator_trend,
    indicators_with_data,
    latest_data_period,
    trend_chart,
    unit_submissions,
)
from .progress import (  # noqa: F401
    BUCKETS,
    LATE_RULE,
    PlanProgress,
    TaskRow,
    UnitRow,
    _assignee_states,
    _bucket,
    _EvidenceCount,
    _plan_task_list,
    _prefixes,
    bucket_labels,
    plan_progress,
)
