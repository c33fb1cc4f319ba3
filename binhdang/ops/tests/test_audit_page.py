"""The coordinator's audit page: the events of their own scope only, with filters (actor,
action, dd/mm/yyyy dates, unit), paginated, labelled in Vietnamese; read-only."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from binhdang.accounts.models import Membership, User
from binhdang.core.audit import audit_record
from binhdang.core.models import AuditEvent
from binhdang.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _event(monkeypatch, *, actor, action, unit, day, reason=""):
    when = datetime.datetime(2017, 6, day, 10, 0, tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: when)
    return audit_record(actor=actor, action=action, obj=unit, org_unit=unit, reason=reason)


@pytest.fixture
def towns(demo_tree, demo_user, monkeypatch):
    """Bỉm Sơn (the demo) and a second town, Sầm Sơn, each with its own coordinator and events."""
    province = OrgUnit.objects.get(code="TH")
    sam_son = province.add_child(code="TH-SS", name="Ủy ban nhân dân thành phố Sầm Sơn", short_name="Sầm Sơn",
                                 kind="administrative", level="district", level_title="thành phố")
    ward = OrgUnit.objects.get(pk=sam_son.pk).add_child(
        code="TH-SS-TRUONGSON", name="Ủy ban nhân dân phường Trường Sơn", short_name="phường Trường Sơn",
        kind="administrative", level="commune", level_title="phường")
    coordinator = User.objects.create_user("ldtbxh-samson", password="x-secret-2017", full_name="Vũ Thị Thu")
    Membership.objects.create(user=coordinator, org_unit=ward, role="coordinator", scope=sam_son)
    hanh, mai = demo_user("ldtbxh"), demo_user("badinh")
    badinh = demo_tree["TH-BS-BADINH"]
    events = {
        "bs_submit": _event(monkeypatch, actor=mai, action="submission.submit", unit=badinh, day=10),
        "bs_return": _event(monkeypatch, actor=hanh, action="submission.return", unit=badinh, day=12,
                            reason="Thiếu số liệu tập huấn"),
        "bs_accept": _event(monkeypatch, actor=hanh, action="submission.accept", unit=demo_tree["TH-BS-LAMSON"],
                            day=20),
        "ss_submit": _event(monkeypatch, actor=coordinator, action="submission.submit", unit=ward, day=11),
        "ss_secret": _event(monkeypatch, actor=coordinator, action="task.comment", unit=sam_son, day=11,
                            reason="Ghi chú riêng của Sầm Sơn"),
    }
    monkeypatch.undo()
    return {"coordinator": coordinator, **events}


JUNE = {"date_from": "01/06/2017", "date_to": "30/06/2017"}  # the demo's loading events are dated today


def _actions(response) -> list[str]:
    return re.findall(r'<tr data-action="([^"]*)"', response.content.decode())


def test_each_town_s_coordinator_sees_its_own_events_only(towns, demo_user, client):
    client.force_login(demo_user("ldtbxh"))
    # when
    page = client.get("/audit/", JUNE)
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert _actions(page) == ["submission.accept", "submission.return", "submission.submit"]  # newest first
    assert "Trả lại báo cáo" in html and "Tiếp nhận báo cáo" in html and "Gửi báo cáo" in html
    assert "Thiếu số liệu tập huấn" in html and "12/06/2017 10:00" in html
    assert "Sầm Sơn" not in html and "Ghi chú riêng" not in html
    # and the other way round
    client.force_login(towns["coordinator"])
    other = client.get("/audit/", JUNE).content.decode()
    assert re.findall(r'<tr data-action="([^"]*)"', other) == ["task.comment", "submission.submit"]
    assert "Ba Đình" not in other and "Lam Sơn" not in other and "Thiếu số liệu" not in other
    # not even by asking for the other town's unit
    client.force_login(demo_user("ldtbxh"))
    asked = client.get("/audit/", {**JUNE, "unit": OrgUnit.objects.get(code="TH-SS").pk})
    assert "Hãy chọn một lựa chọn hợp lệ." in asked.content.decode(), asked.content.decode()[-3000:]
    assert "Ghi chú riêng" not in asked.content.decode()


def test_the_province_s_coordinator_sees_both_towns(towns, demo_user, client):
    client.force_login(demo_user("tinh"))
    assert len(_actions(client.get("/audit/", JUNE))) == 5


@pytest.mark.parametrize("username", ["badinh", "hoilhpn", "lanhdao"])
def test_reporters_and_viewers_get_403(towns, demo_user, client, username):
    client.force_login(demo_user(username))
    response = client.get("/audit/", JUNE)
    assert response.status_code == 403
    assert "Chỉ cơ quan điều phối mới xem được nhật ký thay đổi." in response.content.decode()


def test_filters_by_actor_action_dates_and_unit(towns, demo_user, demo_tree, client):
    client.force_login(demo_user("ldtbxh"))
    assert _actions(client.get("/audit/", {**JUNE, "actor": "mai"})) == ["submission.submit"]  # Đỗ Thị Mai
    assert _actions(client.get("/audit/", {**JUNE, "actor": "hạnh"})) == ["submission.accept", "submission.return"]
    assert _actions(client.get("/audit/", {**JUNE, "action": "submission.return"})) == ["submission.return"]
    between = client.get("/audit/", {"date_from": "11/06/2017", "date_to": "12/06/2017"})
    assert _actions(between) == ["submission.return"]
    assert _actions(client.get("/audit/", {"date_from": "20/06/2017", "date_to": "30/06/2017"})) == ["submission.accept"]
    assert _actions(client.get("/audit/", {**JUNE, "unit": demo_tree["TH-BS-BADINH"].pk})) == [
        "submission.return", "submission.submit"]
    # the action list offers only this scope's actions, in Vietnamese
    html = client.get("/audit/", JUNE).content.decode()
    assert '<option value="task.comment"' not in html
    assert '<option value="submission.return">Trả lại báo cáo</option>' in html


def test_bad_dates_say_so_in_vietnamese_and_filter_nothing(towns, demo_user, client):
    client.force_login(demo_user("ldtbxh"))
    bad = client.get("/audit/", {"date_from": "2017-06-11", "date_to": "30/06/2017", "action": "submission.submit"})
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm" in html
    assert _actions(bad) == ["submission.submit"]  # the valid filter still applies
    inverted = client.get("/audit/", {"date_from": "20/06/2017", "date_to": "10/06/2017"}).content.decode()
    assert "“Đến ngày” phải sau “Từ ngày”." in inverted


def test_pages_of_fifty(towns, demo_user, demo_tree, client, monkeypatch):
    hanh = demo_user("ldtbxh")
    for day in range(1, 29):
        for _ in range(2):
            _event(monkeypatch, actor=hanh, action="submission.save", unit=demo_tree["TH-BS-BADINH"], day=day)
    monkeypatch.undo()
    client.force_login(hanh)
    first = client.get("/audit/", JUNE)
    second = client.get("/audit/", {**JUNE, "page": 2})
    assert len(_actions(first)) == 50 and len(_actions(second)) == 9
    assert "Sự kiện 1–50 trong 59." in first.content.decode() and "Trang 1/2" in first.content.decode()
    assert 'rel="next"' in first.content.decode()


def test_the_page_is_read_only(towns, demo_user, client):
    client.force_login(demo_user("ldtbxh"))
    before = AuditEvent.objects.count()
    assert client.post("/audit/", {"action": "x"}).status_code == 405
    assert AuditEvent.objects.count() == before
