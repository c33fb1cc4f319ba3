"""Notifications: rendered in the reader's language when read, grouped by day and kind,
marked read all at once (audited, POST with CSRF); existing rows migrated."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import translation

from binhdang.core.models import AuditEvent
from binhdang.reporting import services
from binhdang.reporting.models import Notification

pytestmark = pytest.mark.django_db

WARD = "Ủy ban nhân dân phường Ba Đình"


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_reminder_stores_its_message_and_renders_in_either_language(seed_plan, demo_user):
    services.reminders_run(day=datetime.date(2017, 6, 8), send_email=False)
    note = Notification.objects.get(user=demo_user("badinh"))
    assert (note.kind, note.message) == ("reminder", "reminder.due")
    assert note.params == {"unit": WARD, "obligation_kind": "report_semiannual", "due": "2017-06-15",
                           "days": 7, "state": "missing"}
    assert note.title == f"Nhắc hạn: Báo cáo 6 tháng của {WARD}"  # the Vietnamese text is kept
    with translation.override("vi"):
        assert note.display_title == f"Nhắc hạn: Báo cáo 6 tháng của {WARD}"
        assert note.display_body == f"{WARD} · Báo cáo 6 tháng · hạn 15/06/2017 · còn 7 ngày (chưa gửi)"
    with translation.override("en"):
        assert note.display_title == f"Reminder: Six-month report from {WARD}"
        assert note.display_body.startswith(f"{WARD} · Six-month report · due 15/06/2017 · 7 days left")


def test_the_page_renders_in_the_readers_language(seed_plan, demo_user, client):
    services.reminders_run(day=datetime.date(2017, 6, 8), send_email=False)
    client.force_login(demo_user("badinh"))
    vi = client.get("/reports/notifications/").content.decode()
    assert f"Nhắc hạn: Báo cáo 6 tháng của {WARD}" in vi
    en = _english(client).get("/reports/notifications/").content.decode()
    assert f"Reminder: Six-month report from {WARD}" in en
    assert "Nhắc hạn:" not in en and ">Reminders</span>" in en


def test_grouped_by_day_then_kind(seed_plan, demo_user, client):
    import zoneinfo

    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    for day in (8, 13, 16):  # 7 days before, 2 days before, 1 day overdue
        services.reminders_run(day=datetime.date(2017, 6, day), send_email=False,
                               now=datetime.datetime(2017, 6, day, 7, 0, tzinfo=tz))
    client.force_login(demo_user("badinh"))
    page = client.get("/reports/notifications/").content.decode()
    days = [page.index(f'id="day-201706{d:02d}"') for d in (16, 13, 8)]
    assert days == sorted(days)  # newest day first
    day16 = page[days[0]:days[1]]
    assert "Quá hạn" in day16 and f"Quá hạn: Báo cáo 6 tháng của {WARD}" in day16
    assert "quá hạn 1 ngày" in day16
    day8 = page[days[2]:]
    assert 'class="notif-group card kind-reminder"' in day8 and "còn 7 ngày" in day8
    assert "3 thông báo chưa đọc" in page


def test_mark_all_read_is_a_post_with_csrf_and_is_audited(seed_plan, demo_user):
    services.reminders_run(day=datetime.date(2017, 6, 8), send_email=False)
    services.reminders_run(day=datetime.date(2017, 6, 13), send_email=False)
    user = demo_user("badinh")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/reports/notifications/").status_code == 403  # no CSRF token
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 2
    page = client.get("/reports/notifications/")
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    assert 'id="mark-all-read"' in page.content.decode()
    answer = client.post("/reports/notifications/", {"csrfmiddlewaretoken": token}, follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in answer.content.decode()
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 0
    event = AuditEvent.objects.get(action="notifications.mark_read")
    assert event.actor == user and event.changes["count"] == 2 and event.changes["all"] is True
    again = client.post("/reports/notifications/", {"csrfmiddlewaretoken": token}, follow=True)
    assert "Không có thông báo chưa đọc." in again.content.decode()
    assert AuditEvent.objects.filter(action="notifications.mark_read").count() == 1
    assert 'id="mark-all-read"' not in again.content.decode()


def test_mark_read_touches_only_the_users_own(seed_plan, demo_user):
    services.reminders_run(day=datetime.date(2017, 6, 8), send_email=False)
    assert services.notifications_mark_read(user=demo_user("badinh")) == 1
    assert Notification.objects.filter(read_at__isnull=True).count() == 22


def test_thousands_separator_in_each_language(seed_plan, demo_user, client):
    user = demo_user("badinh")
    Notification.objects.bulk_create([
        Notification(user=user, key=f"bulk:{i}", kind="other", title=f"Thông báo {i}") for i in range(1047)])
    client.force_login(user)
    vi = client.get("/reports/notifications/").content.decode()
    assert "1.047 thông báo chưa đọc" in vi
    assert "Đang hiện 200 thông báo mới nhất trong tổng số 1.047." in vi
    en = _english(client).get("/reports/notifications/").content.decode()
    assert "1,047 unread notifications" in en
    assert "Showing the newest 200 of 1,047 notifications." in en


def test_existing_rows_are_migrated_to_messages(seed_plan, demo_user):
    """Rows written before messages existed (text only) get their message and parameters."""
    services.reminders_run(day=datetime.date(2017, 6, 16), send_email=False)
    note = Notification.objects.filter(user=demo_user("badinh")).get()
    expected = (note.kind, note.message, dict(note.params))
    Notification.objects.filter(pk=note.pk).update(kind="other", message="", params={})
    legacy = Notification.objects.create(user=demo_user("badinh"), key="something:else", title="Tin khác")
    migration = importlib.import_module("binhdang.reporting.migrations.0005_notification_message")
    migration.forwards(apps, None)
    note.refresh_from_db()
    assert (note.kind, note.message, note.params) == expected
    assert expected[:2] == ("overdue", "reminder.overdue") and expected[2]["days"] == -1
    legacy.refresh_from_db()
    assert (legacy.kind, legacy.message, legacy.display_title) == ("other", "", "Tin khác")


def test_every_message_renders_in_both_languages():
    from binhdang.reporting.messages import MESSAGES, render

    params = {"unit": WARD, "obligation_kind": "report_annual", "due": "2017-12-15", "days": -3,
              "state": "returned", "reason": "Thiếu số liệu", "title": "Số vụ bạo lực gia đình", "period": "2017-H1"}
    with translation.override("en"):
        assert render("consolidation.issued", params) == (
            f"{WARD} sent its consolidated report", "First half of 2017")
        assert render("reminder.overdue", params)[1].endswith("3 days overdue (returned, must be resubmitted)")
        for message in MESSAGES:
            title, _body = render(message, params)
            assert title and "%(" not in title
    with translation.override("vi"):
        assert render("consolidation.issued", params) == (
            f"{WARD} đã gửi báo cáo tổng hợp", "6 tháng đầu năm 2017")
        assert render("submission.returned", params) == ("Báo cáo bị trả lại: Báo cáo năm", "Thiếu số liệu")
    assert render("no.such.message", params) is None
