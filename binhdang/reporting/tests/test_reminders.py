"""Reminders and escalation: one digest per person per day, never twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from binhdang.reporting import services
from binhdang.reporting.models import Notification, SentLog

pytestmark = pytest.mark.django_db


def test_seven_days_before_reminds_only_the_units_reporters(seed_plan):
    # when
    summary = services.reminders_run(day=datetime.date(2017, 6, 8))
    # then: 23 units, one reporter each, one mail each; nobody else
    assert summary == {"day": "2017-06-08", "people": 23, "items": 23, "emails_sent": 23}
    assert len(mail.outbox) == 23
    badinh = next(m for m in mail.outbox if m.to == ["badinh@example.vn"])
    assert "còn 7 ngày" in badinh.body and "15/06/2017" in badinh.body
    assert not any(m.to == ["ldtbxh@example.vn"] for m in mail.outbox)


def test_running_the_same_day_twice_sends_nothing_more(seed_plan):
    services.reminders_run(day=datetime.date(2017, 6, 13))
    sent, notes = len(mail.outbox), Notification.objects.count()
    # when: the worker restarts and runs the day again
    again = services.reminders_run(day=datetime.date(2017, 6, 13))
    # then
    assert again["emails_sent"] == 0
    assert len(mail.outbox) == sent == 23
    assert Notification.objects.count() == notes
    assert SentLog.objects.filter(day=datetime.date(2017, 6, 13), sent_at__isnull=False).count() == 23


def test_overdue_escalates_to_the_head_and_the_receivers_coordinator_in_one_digest(seed_plan):
    # when: the day after the due date, nothing was sent
    summary = services.reminders_run(day=datetime.date(2017, 6, 16))
    # then: the coordinator gets ONE mail listing all 23 late units
    coordinator = [m for m in mail.outbox if m.to == ["ldtbxh@example.vn"]]
    assert len(coordinator) == 1
    assert coordinator[0].body.count("quá hạn 1 ngày") == 23
    assert "(23 quá hạn)" in coordinator[0].subject
    head = [m for m in mail.outbox if m.to == ["hoilhpn@example.vn"]]  # head and reporter of Hội LHPN
    assert len(head) == 1 and head[0].body.count("quá hạn") == 1
    assert summary["emails_sent"] == len(mail.outbox) == 24


def test_days_off_the_ladder_send_nothing(seed_plan):
    assert services.reminders_run(day=datetime.date(2017, 6, 10))["emails_sent"] == 0
    assert mail.outbox == []


def test_submitted_reports_are_not_reminded(seed_plan, obligation_of, demo_user):
    from .test_services import FILLED

    submission = services.submission_start(actor=demo_user("badinh"), obligation=obligation_of("TH-BS-BADINH"))
    services.submission_submit(actor=demo_user("badinh"), submission=submission, version=submission.version, changes=FILLED)
    mail.outbox.clear()
    services.reminders_run(day=datetime.date(2017, 6, 13))
    assert not any(m.to == ["badinh@example.vn"] for m in mail.outbox)


def test_command_runs_a_day_and_the_task_does_the_same(seed_plan, capsys):
    call_command("reminders", "run", "--date", "2017-06-15")
    assert '"emails_sent": 23' in capsys.readouterr().out
    from binhdang.reporting.tasks import reminders_send_day

    assert reminders_send_day.call("2017-06-15")["emails_sent"] == 0
    assert len(mail.outbox) == 23


def test_tasks_go_to_the_database_queue(seed_plan):
    from django_tasks_db.models import DBTaskResult

    from binhdang.reporting.tasks import reminders_schedule

    first = reminders_schedule()
    second = reminders_schedule()
    assert first is not None and second is None
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_unread_count_shows_in_the_nav(seed_plan, demo_user, client):
    services.reminders_run(day=datetime.date(2017, 6, 8), send_email=False)
    client.force_login(demo_user("badinh"))
    page = client.get("/reports/").content.decode()
    assert 'id="nav-notifications"' in page and ">1</span>" in page
    client.post("/reports/notifications/")
    assert Notification.objects.filter(user=demo_user("badinh"), read_at__isnull=True).count() == 0
