"""The 2017 demo follows its clock (issue 17): on 10/06/2017 the data holds only what had
happened by then; moving the clock on plays the events in between, once; it never goes back
before what has happened."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from binhdang.accounts.models import User
from binhdang.core.models import AuditEvent, DemoClock
from binhdang.indicators.models import Activity, BudgetLine
from binhdang.plans.models import Obligation, ObligationKind
from binhdang.reporting.models import Submission
from binhdang.reporting.services import submission_save, submission_start, submission_submit

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
H1 = ObligationKind.REPORT_SEMIANNUAL


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.astimezone(TZ).date() if moment else None


def _h1(status: str) -> set[str]:
    rows = Submission.objects.filter(obligation__kind=H1, obligation__plan__year=2017, status=status)
    return {code.removeprefix("TH-BS-") for code in rows.values_list("org_unit__code", flat=True)}


@pytest.fixture
def played(db, _seeded_demo_loaded):
    """The demo as `binhdang seed-demo` loads it: clocks first, events up to 10/06/2017 (the
    "seeded" layer, whose loader is that command)."""
    assert DemoClock.objects.get(cycle="2017").on == datetime.date(2017, 6, 10)


def _switch(client, username: str, on: str, **extra) -> str:
    client.force_login(User.objects.get(username=username))
    response = client.post(reverse("demo-clock"), {"on": on, "next": reverse("plans:my"), **extra}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_on_10_06_2017_nothing_has_happened_after_that_day(played, client):
    june_10 = datetime.date(2017, 6, 10)
    for submission in Submission.objects.filter(obligation__plan__year=2017):
        for moment in (submission.created_at, submission.updated_at, submission.first_submitted_at,
                       submission.last_submitted_at, submission.returned_at, submission.accepted_at):
            assert moment is None or _local(moment) <= june_10, (submission, moment)
    assert _h1("accepted") == {"TCKH", "NV", "GDDT", "DTTTH", "BACSON", "PHUSON"}
    assert _h1("submitted") == {"HLHPN", "MTTQ"}
    assert _h1("returned") == {"LAMSON"} and _h1("draft") == {"HALAN"}
    assert not Submission.objects.filter(obligation__kind=ObligationKind.REPORT_ANNUAL).exists()
    assert not Activity.objects.filter(date__gt=june_10).exists()
    assert not BudgetLine.objects.filter(kind="spending").exists()
    # What the lead agency reads on the reports page agrees with the banner's date.
    client.force_login(User.objects.get(username="ldtbxh"))
    page = client.get(reverse("reporting:index"), {"period": "2017-H1"}).content.decode()
    assert "hôm nay là ngày 10/06/2017" in page
    assert "19/06/2017" not in page and "14/06/2017 1" not in page


def test_moving_the_clock_on_plays_the_days_between_once(played, client):
    page = _switch(client, "lamson", "20/06/2017")
    assert "Bản trình diễn nay chạy tại ngày 20/06/2017." in page
    assert "tính đến ngày 20/06/2017" in page and 'id="overdue"' in page  # 15/06 has passed
    assert DemoClock.objects.get(cycle="2017").on == datetime.date(2017, 6, 20)
    event = AuditEvent.objects.filter(action="demo_clock.set").get()
    assert event.actor.username == "lamson" and event.changes == {"on": ["2017-06-10", "2017-06-20"]}
    assert DemoClock.objects.get(cycle="2026").on == datetime.date(2026, 6, 10)  # the other cycle keeps its date
    # The late ones came in after the deadline; Ba Đình's report, sent back on 14/06 and
    # sent again on 16/06, was taken in on 19/06; Quang Trung (21/06) has not sent yet.
    assert {"KT", "DTN", "LDLD", "VHTT"} <= _h1("submitted") | _h1("accepted")
    badinh = Submission.objects.get(org_unit__code="TH-BS-BADINH", obligation__kind=H1)
    assert badinh.status == "accepted" and _local(badinh.accepted_at) == datetime.date(2017, 6, 19)
    assert badinh.revisions.count() == 2
    assert "QUANGTRUNG" not in _h1("submitted") | _h1("accepted")
    counts = (Submission.objects.count(), AuditEvent.objects.count())
    _switch(client, "ldtbxh", "20/06/2017")  # the same date again plays nothing more
    assert Submission.objects.count() == counts[0]
    assert AuditEvent.objects.exclude(action="demo_clock.set").count() == counts[1] - 1
    # On to the new year: the annual cycle has run, with the activities and spending of the year.
    _switch(client, "ldtbxh", "02/01/2018")
    annual = Submission.objects.filter(obligation__kind=ObligationKind.REPORT_ANNUAL)
    assert annual.filter(status="accepted").count() == 11 and annual.count() == 20
    assert BudgetLine.objects.filter(kind="spending").count() == 8
    assert Activity.objects.filter(date__gt=datetime.date(2017, 6, 10)).exists()


def test_the_clock_does_not_go_back_before_what_has_happened(played, client):
    _switch(client, "ldtbxh", "20/06/2017")
    page = _switch(client, "ldtbxh", "12/06/2017")
    assert ("Dữ liệu trình diễn đã diễn ra đến ngày 20/06/2017 (báo cáo đã gửi, đã tiếp nhận), nên không lùi "
            "đồng hồ về 12/06/2017 được.") in page
    assert DemoClock.objects.get(cycle="2017").on == datetime.date(2017, 6, 20)
    page = _switch(client, "ldtbxh", "x", reset="1")  # "Về ngày mặc định" (10/06) is refused the same way
    assert "không lùi đồng hồ về 10/06/2017 được" in page


def test_what_a_user_did_meanwhile_is_kept(played, client):
    # On 10/06 the reporter of Phòng Y tế writes and sends its report itself.
    obligation = Obligation.objects.get(org_unit__code="TH-BS-YT", kind=H1, plan__number="268/KH-UBND")
    user = User.objects.filter(memberships__org_unit__code="TH-BS-YT", memberships__role="reporter").first()
    submission = submission_start(actor=user, obligation=obligation)
    submission = submission_save(actor=user, submission=submission, version=submission.version,
                                 changes={"tuyen_truyen": "Bản của Phòng Y tế, gửi sớm."})
    for key in ("kho_khan", "kien_nghi", "phuong_huong", "nang_cao_nang_luc", "can_bo_nu", "kinh_phi"):
        submission = submission_save(actor=user, submission=submission, version=submission.version,
                                     changes={key: "Nội dung của đơn vị."})
    submission_submit(actor=user, submission=submission, version=submission.version)
    _switch(client, "ldtbxh", "20/06/2017")  # the demo's own events for Y tế (14/06) cannot run now
    mine = Submission.objects.get(pk=submission.pk)
    assert mine.content["tuyen_truyen"] == "Bản của Phòng Y tế, gửi sớm."
    assert mine.status == "submitted" and mine.revisions.count() == 1


def test_the_town_s_report_on_10_06_2017_does_not_call_units_late_before_the_deadline(played):
    from binhdang.exports.report_document import report_document_build
    from binhdang.orgunits.models import OrgUnit

    town = OrgUnit.objects.get(code="TH-BS")
    document = report_document_build(town, "2017-H1")
    text = " ".join(getattr(block, "text", "") for block in document.body)
    assert "6 báo cáo đã được tiếp nhận, 2 đang chờ tiếp nhận, 1 bị trả lại, 14 chưa gửi (chưa đến hạn); " \
           "0 đơn vị gửi muộn." in text
    assert "Chưa gửi, chưa đến hạn (hạn gửi 15/06/2017) (14): Phòng Y tế" in text
    assert "Chế độ báo cáo chưa nghiêm: 1 báo cáo bị trả lại." in text  # no "0 đơn vị gửi muộn" there
    assert "trên cơ sở báo cáo của 6/23 cơ quan" in text
