"""Notification messages: a key and parameters are stored, the text is made when it is read.

A notification names one of the MESSAGES below and keeps its parameters as data (unit
names, ISO dates, obligation kinds as codes, numbers). ``render`` makes its title and body
in the active language, so the same row reads in Vietnamese or in English, whichever
language the reader chose. Text typed by people (a return reason, an ad-hoc request's
subject) is a parameter and is shown as it was written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from binhdang.plans.models import ObligationKind


class NotificationKind(models.TextChoices):
    """What a notification is about: the groups of the notifications page."""

    REMINDER = "reminder", pgettext_lazy("notification kind", "Nhắc hạn")
    OVERDUE = "overdue", pgettext_lazy("notification kind", "Quá hạn")
    SUBMITTED = "submitted", pgettext_lazy("notification kind", "Báo cáo được gửi")
    RETURNED = "returned", pgettext_lazy("notification kind", "Báo cáo bị trả lại")
    ACCEPTED = "accepted", pgettext_lazy("notification kind", "Báo cáo được tiếp nhận")
    REOPENED = "reopened", pgettext_lazy("notification kind", "Báo cáo được mở lại")
    ADHOC = "adhoc", pgettext_lazy("notification kind", "Yêu cầu đột xuất")
    OTHER = "other", pgettext_lazy("notification kind", "Khác")


def _kind_label(code: str) -> str:
    try:
        return str(ObligationKind(code).label)
    except ValueError:
        return code


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


_STATES = {
    "missing": lambda: _("chưa gửi"),
    "draft": lambda: _("đang soạn, chưa gửi"),
    "returned": lambda: _("bị trả lại, cần gửi lại"),
}


def reminder_line(p: dict[str, Any]) -> str:
    """"Phường Ba Đình · Báo cáo 6 tháng · hạn 15/06/2017 · còn 2 ngày (chưa gửi)"."""
    days = int(p.get("days", 0))
    if days > 0:
        when = ngettext("còn %(n)s ngày", "còn %(n)s ngày", days) % {"n": days}
    elif days == 0:
        when = _("hạn là hôm nay")
    else:
        when = ngettext("quá hạn %(n)s ngày", "quá hạn %(n)s ngày", -days) % {"n": -days}
    state = _STATES.get(p.get("state", "missing"), _STATES["missing"])()
    return _("%(unit)s · %(what)s · hạn %(due)s · %(when)s (%(state)s)") % {
        "unit": p.get("unit", ""), "what": _kind_label(p.get("obligation_kind", "")),
        "due": _date(p.get("due")), "when": when, "state": state,
    }


def _reminder(p: dict) -> tuple[str, str]:
    title = _("Nhắc hạn: %(what)s của %(unit)s") % {"what": _kind_label(p.get("obligation_kind", "")),
                                                    "unit": p.get("unit", "")}
    return title, reminder_line(p)


def _overdue(p: dict) -> tuple[str, str]:
    title = _("Quá hạn: %(what)s của %(unit)s") % {"what": _kind_label(p.get("obligation_kind", "")),
                                                   "unit": p.get("unit", "")}
    return title, reminder_line(p)


def _due_body(p: dict) -> str:
    if not p.get("due"):
        return _kind_label(p.get("obligation_kind", ""))
    return _("%(what)s, hạn %(due)s") % {"what": _kind_label(p.get("obligation_kind", "")), "due": _date(p.get("due"))}


def _submitted(p: dict) -> tuple[str, str]:
    return _("%(unit)s đã gửi báo cáo") % {"unit": p.get("unit", "")}, _due_body(p)


def _resubmitted(p: dict) -> tuple[str, str]:
    return _("%(unit)s gửi lại báo cáo") % {"unit": p.get("unit", "")}, _due_body(p)


def _returned(p: dict) -> tuple[str, str]:
    return (_("Báo cáo bị trả lại: %(t)s") % {"t": _kind_label(p.get("obligation_kind", ""))},
            p.get("reason", ""))


def _accepted(p: dict) -> tuple[str, str]:
    return _("Báo cáo đã được tiếp nhận: %(t)s") % {"t": _kind_label(p.get("obligation_kind", ""))}, ""


def _reopened(p: dict) -> tuple[str, str]:
    return (_("Báo cáo được mở lại để chỉnh sửa: %(t)s") % {"t": _kind_label(p.get("obligation_kind", ""))},
            p.get("reason", ""))


def _adhoc(p: dict) -> tuple[str, str]:
    return (_("Yêu cầu báo cáo đột xuất: %(t)s") % {"t": p.get("title", "")},
            _("%(unit)s gửi trước ngày %(d)s.") % {"unit": p.get("unit", ""), "d": _date(p.get("due"))})


def _issued(p: dict) -> tuple[str, str]:
    from binhdang.core.errors import DomainError
    from binhdang.core.periods import period_parse

    try:
        label = str(period_parse(p.get("period", "")).label)
    except DomainError:
        label = p.get("period", "")
    return _("%(unit)s đã gửi báo cáo tổng hợp") % {"unit": p.get("unit", "")}, label


# message key → (kind, renderer)
MESSAGES: dict[str, tuple[str, Callable[[dict], tuple[str, str]]]] = {
    "reminder.due": (NotificationKind.REMINDER, _reminder),
    "reminder.overdue": (NotificationKind.OVERDUE, _overdue),
    "submission.submitted": (NotificationKind.SUBMITTED, _submitted),
    "submission.resubmitted": (NotificationKind.SUBMITTED, _resubmitted),
    "submission.returned": (NotificationKind.RETURNED, _returned),
    "submission.accepted": (NotificationKind.ACCEPTED, _accepted),
    "submission.reopened": (NotificationKind.REOPENED, _reopened),
    "adhoc.requested": (NotificationKind.ADHOC, _adhoc),
    "consolidation.issued": (NotificationKind.SUBMITTED, _issued),
}


def kind_of(message: str) -> str:
    return str(MESSAGES[message][0]) if message in MESSAGES else NotificationKind.OTHER


def render(message: str, params: dict | None) -> tuple[str, str] | None:
    """(title, body) of a message in the active language; None for an unknown key."""
    if message not in MESSAGES:
        return None
    return MESSAGES[message][1](params or {})
