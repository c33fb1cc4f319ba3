"""Writes for indicators, activities and budget, one module per concept: values (saves, roll-ups),
activities (and the values derived from them), catalogue (indicators, targets), budget (lines,
estimate dues), report_values (an accepted report's figures as values). Every name is importable
from here."""

from .activities import (  # noqa: F401
    ACTIVITY_FIELDS,
    _activity_clean,
    _activity_filter,
    _activity_snapshot,
    activity_create,
    activity_delete,
    activity_indicators_sync,
    activity_update,
    do_activity_create,
)
from .budget import (  # noqa: F401
    BUDGET_FIELDS,
    budget_categories,
    budget_dues_generate,
    budget_estimate_due_date,
    budget_estimate_submit,
    budget_line_create,
    budget_line_delete,
    do_budget_line_create,
)
from .catalogue import (  # noqa: F401
    INDICATOR_EDITABLE,
    TARGET_FIELDS,
    _target_clean,
    indicator_update,
    target_create,
    target_update,
)
from .report_values import (  # noqa: F401
    report_values_apply,
    report_values_restore,
)
from .values import (  # noqa: F401
    SaveResult,
    ValuesInvalidError,
    Wanted,
    _stored,
    _write,
    do_value_set,
    do_values_save,
    value_set,
    values_bulk_load,
    values_save,
)
