"""Reads of plans, tasks, obligations and their calendar, always filtered to what the user
may see, one module per concept: plans (status, plans, the Plan JSON), tasks, work
(obligations and "Việc của tôi"), calendar (events, the month grid, the iCalendar feed).
Every name is importable from here."""

from ..assignees import (  # noqa: F401  (read here by callers)
    GROUP_KINDS,
    assignment_units,
    group_from_label,
    group_units,
    task_units,
)
from .calendar import (  # noqa: F401
    _RRULE,
    Event,
    _clamp,
    _task_events,
    calendar_events,
    month_grid,
    recurrence_dates,
    unit_calendar_ics,
    unit_ics_token,
    unit_ics_token_valid,
)
from .plans import (  # noqa: F401
    DEFAULT_DAY,
    SectionNode,
    _assignment_names,
    _cited,
    _decorate,
    _has_tasks,
    _task_prefetch,
    plan_by_number,
    plan_document_body,
    plan_get_visible,
    plan_list_visible,
    plan_outline,
    plan_purpose_lines,
    plan_tasks,
    plan_to_contract_json,
    task_final_due,
    task_status_label,
    task_status_on,
)
from .tasks import (  # noqa: F401
    UnitTask,
    _assignments_touching,
    _groups_naming,
    evidence_get_visible,
    task_comments,
    task_get_visible,
    task_history,
    task_list_for_units,
    task_list_visible,
)
from .work import (  # noqa: F401
    MyWork,
    _returned,
    my_work,
    obligation_list_visible,
    period_filter,
    user_units,
)
