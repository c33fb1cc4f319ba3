"""Writes for plans and tasks, one module per concept: plans (create, edit), plan_json
(import a Plan JSON document), obligations, tasks (edit, assign), updates (progress,
evidence, comments), copies (next year's plan, a unit's own plan). Every name is
importable from here."""

from .copies import (  # noqa: F401
    _shift_text,
    plan_copy_to_next_year,
    shift_year,
    unit_plan_submit,
)
from .obligations import (  # noqa: F401
    deadline_senders,
    do_obligations_generate,
    obligation_period,
    obligations_generate,
)
from .plan_json import (  # noqa: F401
    UnitMatcher,
    _deadline_kind,
    _find_issuer,
    _parse_iso,
    _resolve,
    do_plan_import_from_json,
    plan_import_from_json,
    plan_unit_matcher,
)
from .plans import (  # noqa: F401
    EVIDENCE_TYPES,
    MAX_EVIDENCE_BYTES,
    PLAN_FIELDS,
    _bump,
    _check_unique_number,
    _clean_plan_fields,
    _d,
    _lock_plan,
    _plan_stale,
    check_coordinate,
    do_plan_create,
    plan_create,
    plan_update,
)
from .tasks import (  # noqa: F401
    _check_dues,
    _lock_task,
    _next_code,
    _renumber,
    _task_stale,
    do_task_create,
    task_assign,
    task_create,
    task_delete,
    task_move,
    task_unassign,
    task_update,
)
from .updates import (  # noqa: F401
    _validate_evidence,
    progress_rules,
    task_comment,
    task_update_progress,
    task_update_progress_once,
)
