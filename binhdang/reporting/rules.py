"""The rules a report's content must follow, in one place: the services enforce them and the
report form sends them to the browser as JSON (`form_rules`), so an entry typed offline is
checked by the same rules, with the same Vietnamese messages, before it is queued.

Pure functions over a submission's sections and content; nothing here writes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import SectionKind

MAX_TEXT = 20000  # characters of one narrative section
NOTE_MAX = 2000  # characters of a task row's note
PROGRESS_MIN, PROGRESS_MAX = 0, 100
COUNT_MIN = 0  # women / men counted in an indicator row


def msg_too_long() -> str:
    return _("Mục “%(t)s” dài quá %(n)s ký tự.")


def msg_not_number() -> str:
    return _("“%(v)s” không phải là số (%(label)s).")


def msg_range() -> str:
    return _("Giá trị %(label)s phải từ %(low)s đến %(high)s.")


def msg_required() -> str:
    return _("Chưa điền các mục bắt buộc: %(s)s.")


def msg_note_too_long() -> str:
    return _("Ghi chú của nhiệm vụ “%(c)s” dài quá %(n)s ký tự.")


def form_rules(submission, *, attachment_counts: dict[str, int] | None = None) -> dict[str, Any]:
    """The validation rules of this report's form as JSON for the browser: per section its
    kind, title and whether it is required, the limits of each column, the messages."""
    counts = attachment_counts or {}
    sections = []
    for section in submission.sections:
        kind = section["kind"]
        rule: dict[str, Any] = {"key": section["key"], "title": section["title"], "kind": kind,
                                "required": bool(section.get("required"))}
        if kind == SectionKind.NARRATIVE:
            rule["max_length"] = MAX_TEXT
        elif kind == SectionKind.TASK_TABLE:
            rule["columns"] = {
                "progress": {"number": True, "min": PROGRESS_MIN, "max": PROGRESS_MAX, "label": _("tiến độ %")},
                "note": {"max_length": NOTE_MAX},
            }
        elif kind == SectionKind.INDICATOR_TABLE:
            rule["columns"] = {
                "female": {"number": True, "min": COUNT_MIN, "max": None, "label": _("số nữ"),
                           "required": bool(section.get("required"))},
                "male": {"number": True, "min": COUNT_MIN, "max": None, "label": _("số nam"),
                         "required": bool(section.get("required"))},
            }
        elif kind == SectionKind.ATTACHMENTS:
            rule["attached"] = counts.get(section["key"], 0)
        sections.append(rule)
    return {
        "sections": sections,
        "messages": {
            "too_long": msg_too_long(), "not_number": msg_not_number(), "range": msg_range(),
            "required": msg_required(), "note_too_long": msg_note_too_long(),
        },
    }


def section_text(section: dict, value: Any) -> str:
    """One section's content as plain text, to compare two copies side by side."""
    kind = section["kind"]
    if kind == SectionKind.NARRATIVE:
        return str(value or "").replace("\r\n", "\n")
    if kind == SectionKind.TASK_TABLE:
        return "\n".join(
            f"{r.get('code')}: {r.get('status')} · {r.get('progress') or 0}%"
            + (f" · {r['note']}" if r.get("note") else "")
            for r in value or [])
    if kind == SectionKind.INDICATOR_TABLE:
        def number(v):
            return "–" if v in (None, "") else str(v)

        return "\n".join(
            f"{r.get('code')} {r.get('name', '')}: "
            + _("nữ %(f)s, nam %(m)s") % {"f": number(r.get("female")), "m": number(r.get("male"))}
            for r in value or [])
    return ""


def section_texts(submission, content: dict | None = None) -> dict[str, str]:
    """{section key: text} of a content (the submission's own by default); attachments left out."""
    content = submission.content if content is None else content
    return {s["key"]: section_text(s, content.get(s["key"])) for s in submission.sections
            if s["kind"] != SectionKind.ATTACHMENTS}
