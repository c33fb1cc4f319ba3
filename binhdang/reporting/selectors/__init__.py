"""Reads of the reporting cycle, one module per concept: lists (visible submissions,
obligations, forms, notifications), status (completeness and timeliness per period and unit,
rolled up the tree; reminder candidates), diffs (resubmission diffs), consolidation, values
(indicator values of accepted reports). Every name is importable from here."""

from .consolidation import (  # noqa: F401
    ConsolidatedSection,
    Consolidation,
    IndicatorTotal,
    UnitContribution,
    _merge,
    consolidation_build,
)
from .diffs import (  # noqa: F401
    _INDICATOR_COLUMNS,
    _TASK_COLUMNS,
    _WORDS,
    CellChange,
    RevisionDiff,
    SectionDiff,
    _table_diff,
    content_diff,
    submission_diff,
    text_diff,
)
from .lists import (  # noqa: F401
    NotificationDay,
    NotificationGroup,
    attachment_get_visible,
    notification_days,
    notification_list,
    notification_total,
    notification_unread_count,
    obligation_get_visible,
    obligation_list_visible,
    obligation_units,
    period_keys_available,
    plan_list_coordinated,
    receiver_list_coordinated,
    revision_list,
    submission_get_visible,
    submission_list_visible,
    template_for_kind,
    template_list,
)
from .status import (  # noqa: F401
    STATUS_FILTERS,
    STATUS_PAGE_SIZE,
    STATUS_PAGE_SIZE_MAX,
    STATUSES,
    StatusNode,
    StatusPage,
    StatusReport,
    StatusRow,
    Totals,
    _on_time,
    _submission_of,
    default_status_root,
    obligation_label,
    obligation_status,
    reminder_candidates,
    status_json,
    status_page,
    status_province,
    status_report,
)
from .status_summary import StatusSummary, status_rows, status_summary  # noqa: F401
from .values import (  # noqa: F401
    IndicatorValue,
    _number,
    indicator_rows_with_totals,
    submission_indicator_values,
)
