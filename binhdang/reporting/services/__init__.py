"""Writes of the reporting cycle, one module per concept: forms (report templates),
notifications, deadlines (changes and ad-hoc requests), submissions (draft, submit,
return, accept, reopen), offline (entries synced with an idempotency key), attachments,
reminders (daily digests and escalation).
Every name is importable from here."""

from .attachments import (  # noqa: F401
    attachment_add,
    attachment_remove,
)
from .deadlines import (  # noqa: F401
    _coordinating_unit,
    adhoc_request_create,
    obligation_deadline_change,
)
from .forms import (  # noqa: F401
    _KEY_RE,
    MAX_TEXT,
    TASK_STATUSES,
    _clean_indicators,
    _clean_sections,
    _d,
    _now,
    _slug_key,
    _template_save,
    template_for_kind,
    template_section_add,
    template_section_move,
    template_section_remove,
    template_section_update,
    templates_ensure,
)
from .notifications import (  # noqa: F401
    _notify_unit,
    _users,
    new_token,
    notifications_mark_read,
    notify,
    receiver_coordinators,
    unit_heads,
    unit_reporters,
)
from .offline import (  # noqa: F401
    SyncConflictError,
    submission_sync,
    sync_conflict,
)
from .reminders import (  # noqa: F401
    OVERDUE_DAYS,
    OVERDUE_WEEKS_MAX,
    REMIND_DAYS_BEFORE,
    _item_line,
    _send_digest,
    reminder_stage,
    reminders_run,
)
from .submissions import (  # noqa: F401
    _cas,
    _clean_value,
    _initial_content,
    _int_or_none,
    _lock,
    _missing_required,
    _prefill_indicators,
    _require_reason,
    _section,
    _stale,
    _sync,
    _user,
    submission_accept,
    submission_reopen,
    submission_return,
    submission_save,
    submission_start,
    submission_submit,
)
