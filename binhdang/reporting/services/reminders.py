"""Daily reminders before a deadline and escalation after it (one digest per person, idempotent)."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binhdang.accounts.models import User
from binhdang.plans.models import Obligation

from ..messages import reminder_line
from .forms import _d, _now
from .notifications import notify, receiver_coordinators, unit_heads, unit_reporters

# --- reminders and escalation -------------------------------------------------------------

# Days before the due date that remind the unit; after it, escalation on these days overdue
# (then weekly for eight weeks) to the unit's head and the receiver's coordinator too.
REMIND_DAYS_BEFORE = (7, 2, 0)
OVERDUE_DAYS = (1, 3, 7)
OVERDUE_WEEKS_MAX = 8


def reminder_stage(days_until_due: int) -> str | None:
    if days_until_due in REMIND_DAYS_BEFORE:
        return "due" if days_until_due == 0 else f"before-{days_until_due}"
    overdue = -days_until_due
    if overdue in OVERDUE_DAYS or (7 < overdue <= 7 * OVERDUE_WEEKS_MAX and overdue % 7 == 0):
        return f"overdue-{overdue}"
    return None


def _item_params(obligation: Obligation, state: str, days: int) -> dict:
    return {"unit": obligation.org_unit.name, "obligation_kind": obligation.kind,
            "due": obligation.due_date.isoformat(), "days": days, "state": state}


def _item_line(obligation: Obligation, state: str, days: int) -> str:
    """One line of a digest, in the active language."""
    return reminder_line(_item_params(obligation, state, days))


def reminders_run(*, day: datetime.date, now: datetime.datetime | None = None, send_email: bool = True) -> dict:
    """The day's reminders: in-app notifications per item, and ONE digest e-mail per person.

    Idempotent: notifications are keyed by (user, obligation, stage) and each person's
    digest of a day by a unique SentLog row, so running the same day again (or a worker
    restart in the middle) sends nothing twice.
    """
    from ..selectors import reminder_candidates

    now = _now(now)
    items: dict[int, list[tuple[Obligation, str, int, str]]] = {}
    people: dict[int, User] = {}
    for obligation, state, days in reminder_candidates(day=day):
        stage = reminder_stage(days)
        if stage is None:
            continue
        recipients = unit_reporters(obligation.org_unit)
        if days < 0:
            recipients += unit_heads(obligation.org_unit) + receiver_coordinators(obligation)
        for user in recipients:
            people[user.pk] = user
            bucket = items.setdefault(user.pk, [])
            if all(o.pk != obligation.pk for o, *_rest in bucket):
                bucket.append((obligation, state, days, stage))
    summary: dict[str, Any] = {"day": day.isoformat(), "people": len(items), "items": 0, "emails_sent": 0}
    for user_id, bucket in items.items():
        user = people[user_id]
        for obligation, state, days, stage in bucket:
            notify(user=user, key=f"reminder:{obligation.pk}:{stage}", obligation=obligation, now=now,
                   message="reminder.overdue" if days < 0 else "reminder.due",
                   params=_item_params(obligation, state, days), url=f"/reports/obligations/{obligation.pk}/")
            summary["items"] += 1
        if send_email and _send_digest(user=user, day=day, bucket=bucket, now=now):
            summary["emails_sent"] += 1
    return summary


def _send_digest(*, user: User, day: datetime.date, bucket: list[tuple[Obligation, str, int, str]], now: datetime.datetime) -> bool:
    from django.conf import settings
    from django.core.mail import send_mail

    from ..models import SentLog

    if not user.email:
        return False
    key = f"digest:{day.isoformat()}:{user.pk}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentLog.objects.get_or_create(key=key, defaults={"user": user, "day": day, "created_at": now})
        except IntegrityError:
            pass  # another worker created it; the row lock below decides who sends
        # The lock is held while the mail goes out: a second worker waits, then sees sent_at.
        log = SentLog.objects.select_for_update().get(key=key)
        if log.sent_at is not None:
            return False
        base = getattr(settings, "BINHDANG_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        lines = [f"- {_item_line(o, s, d)}\n  {base}/reports/obligations/{o.pk}/" for o, s, d, _st in bucket]
        overdue = sum(1 for _o, _s, d, _st in bucket if d < 0)
        subject = ngettext("[binhdang] Nhắc việc báo cáo ngày %(d)s: %(n)s việc",
                           "[binhdang] Nhắc việc báo cáo ngày %(d)s: %(n)s việc", len(bucket)) % {
            "d": _d(day), "n": len(bucket)}
        if overdue:
            subject += _(" (%(n)s quá hạn)") % {"n": overdue}
        body = "\n".join([
            _("Kính gửi %(name)s,") % {"name": user.get_full_name()}, "",
            _("Các báo cáo sau cần anh/chị xử lý:"), "", *lines, "",
            _("Thư này tổng hợp mọi nhắc việc trong ngày; mỗi ngày anh/chị nhận nhiều nhất một thư."),
        ])
        send_mail(subject, body, None, [user.email])
        log.sent_at = timezone.now()
        log.items = len(bucket)
        log.save(update_fields=["sent_at", "items"])
    return True
