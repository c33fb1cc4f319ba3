"""The demo clock (issue 17): the demo runs "as of" 10/06/2017 for the 2017 cycle and
10/06/2026 for the 2026 wards; pages, reminders and commands follow it; production has none."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from binhdang.accounts.models import User
from binhdang.core import clock
from binhdang.core.models import AuditEvent, DemoClock
from binhdang.core.services import demo_clock_ensure, demo_clock_set

JUNE_10 = datetime.date(2017, 6, 10)


@pytest.fixture
def demo_clock(full_demo):
    assert demo_clock_ensure() == {"demo_clocks_created": 2}
    return full_demo


def _work(client, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    return client.get(reverse("plans:my")).content.decode()


def test_a_reporter_sees_due_and_late_as_of_10_06_2017(client, demo_clock):
    # Phường Lam Sơn has not sent its six-month report, due 15/06/2017: due soon, not late.
    page = _work(client, "lamson")
    assert "tính đến ngày 10/06/2017" in page
    assert 'id="due-soon"' in page and 'id="overdue"' not in page
    assert "hôm nay là ngày 10/06/2017 (chu kỳ 2017)" in page  # the banner
    home = client.get(reverse("core:home")).content.decode()
    assert "0 quá hạn" in home and "1 sắp đến hạn" in home
    assert "3457" not in home + page


def test_without_the_clock_the_real_date_applies(client, full_demo):
    assert clock.today() == timezone.localdate()
    page = _work(client, "lamson")
    assert f"tính đến ngày {timezone.localdate():%d/%m/%Y}" in page
    assert 'id="overdue"' in page and "democlock" not in page


def test_the_2026_wards_run_on_their_own_date(client, demo_clock):
    page = _work(client, "bimson-hlhpn")
    assert "tính đến ngày 10/06/2026" in page and "(chu kỳ 2026)" in page
    assert clock.cycle_for(User.objects.get(username="bimson-hlhpn")) == "2026"
    assert clock.cycle_for(User.objects.get(username="ldtbxh")) == "2017"


def test_a_bad_date_is_refused_in_vietnamese_and_changes_nothing(client, demo_clock):
    client.force_login(User.objects.get(username="lamson"))
    response = client.post(reverse("demo-clock"), {"on": "31/02/2017", "next": "/"}, follow=True)
    assert "Ngày “31/02/2017” không hợp lệ; hãy nhập theo dạng dd/mm/yyyy." in response.content.decode()
    assert DemoClock.objects.get(cycle="2017").on == JUNE_10
    assert not AuditEvent.objects.filter(action="demo_clock.set").exists()


def test_reminders_and_business_timestamps_follow_the_clock(demo_clock):
    from binhdang.reporting.models import Notification
    from binhdang.reporting.services.forms import _now

    assert clock.today() == JUNE_10
    assert timezone.localtime(_now(None)).date() == JUNE_10  # a submission's stamp
    # Two days before the six-month report is due, `binhdang reminders run` reminds Lam Sơn.
    demo_clock_set(actor=None, cycle="2017", on=datetime.date(2017, 6, 13))
    out = io.StringIO()
    call_command("reminders", "run", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["day"] == "2017-06-13" and summary["items"] > 0
    lamson = User.objects.get(username="lamson")
    assert Notification.objects.filter(user=lamson, key__endswith=":before-2").exists()


def _plan_statuses() -> set[str]:
    out = io.StringIO()
    call_command("plan", "show", "268/KH-UBND", "--json", stdout=out)
    return {t["status"] for t in json.loads(out.getvalue())["tasks"]}


def test_the_plan_command_follows_the_clock(demo_clock):
    # As of 10/06/2017 no task of the 2017 plan is past its due date; at the new year all
    # unfinished ones are.
    assert _plan_statuses() == {"not_started", "in_progress"}
    demo_clock_set(actor=None, cycle="2017", on=datetime.date(2018, 1, 2))
    assert "overdue" in _plan_statuses()


@override_settings(DEMO=False)
def test_production_has_no_demo_clock(client, demo_clock):
    assert clock.today() == timezone.localdate()
    page = _work(client, "lamson")
    assert "democlock" not in page and f"tính đến ngày {timezone.localdate():%d/%m/%Y}" in page
    assert client.post(reverse("demo-clock"), {"on": "20/06/2017"}).status_code == 404
    with pytest.raises(Exception, match="chỉ có trong bản trình diễn"):
        demo_clock_set(actor=None, cycle="2017", on=JUNE_10)


def test_the_leaders_dashboard_opens_on_the_cycle_under_way_on_the_clock(client, demo_clock):
    # As of 10/06/2017 the six-month report (due 15/06/2017) is the one under way, not the
    # annual report of December, and plan progress is counted up to the clock's date.
    client.force_login(User.objects.get(username="lanhdao"))
    home = client.get(reverse("core:home")).content.decode()
    assert '<option value="2017-H1" selected' in home
    assert "Hạn gửi: 15/06/2017" in home
    assert "tính đến ngày 10/06/2017" in home and "14/12/2017" not in home
