"""Menus by role (issue 17): each demo user's menu holds only pages they may open, decided by
the policies; a crawl of every menu link and every link on the home page finds no 403, 404
or 500; a 403 is logged as one line."""

import logging
import re

import pytest
from django.urls import reverse

from binhdang.accounts.models import User
from binhdang.core.nav import menu_for

ROLES = ["admin", "tinh", "ldtbxh", "lanhdao", "hoilhpn", "badinh", "lamson"]
HREF = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)')
SKIP = ("/i18n/", "/accounts/logout", "/admin/", "/api/")


def _links(html: str) -> list[str]:
    return list(dict.fromkeys(h.replace("&amp;", "&") for h in HREF.findall(html)))


@pytest.mark.parametrize("username", [*ROLES, "bimson-vhxh", "bimson-hlhpn"])
def test_every_menu_and_home_link_opens(client, full_demo, username):
    from binhdang.core.services import demo_clock_ensure

    demo_clock_ensure()  # as the demo runs: 10/06/2017 (2026 wards: 10/06/2026)
    client.force_login(User.objects.get(username=username))
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    links = [h for h in _links(home.content.decode()) if not h.startswith(SKIP)]
    menu = [item["url"] for item in menu_for(User.objects.get(username=username))]
    assert set(menu) <= set(links)  # the menu is on the page
    failures = {}
    for href in links:
        status = client.get(href).status_code
        if status not in (200, 302):
            failures[href] = status
    assert failures == {}


def _labels(username: str) -> list[str]:
    return [str(item["label"]) for item in menu_for(User.objects.get(username=username))]


def test_each_role_sees_what_it_can_do(full_demo):
    coordinator = _labels("ldtbxh")
    assert coordinator == ["Trang chủ", "Việc của tôi", "Kế hoạch", "Lịch", "Báo cáo", "Chỉ tiêu",
                           "Hoạt động", "Nhập văn bản", "Văn bản", "Đơn vị", "Thông báo"]
    # The leader (a viewer) and reporters: no import, no official documents.
    for username in ("lanhdao", "badinh", "hoilhpn"):
        labels = _labels(username)
        assert "Nhập văn bản" not in labels and "Văn bản" not in labels
        assert labels[:2] == ["Trang chủ", "Việc của tôi"] and labels[-1] == "Thông báo"


def test_the_notifications_entry_carries_the_unread_count(full_demo):
    from binhdang.reporting.selectors import notification_unread_count

    user = User.objects.get(username="ldtbxh")
    entry = next(i for i in menu_for(user) if i["key"] == "notifications")
    assert entry["badge"] == notification_unread_count(user=user) > 0


def test_the_current_page_is_marked_once(client, full_demo):
    client.force_login(User.objects.get(username="badinh"))
    page = client.get(reverse("reporting:notifications")).content.decode()
    current = re.findall(r'<a href="([^"]+)" class="nav-[a-z-]+" aria-current="page"', page)
    # once in the wide menu, once in the phone drawer
    assert current == [reverse("reporting:notifications")] * 2


def test_entry_links_on_the_town_table_only_for_who_may_enter(client, full_demo):
    # ldtbxh coordinates the town but enters values only for its own office: the town's
    # figures are rolled up from its units, so the town table offers no entry page.
    from binhdang.orgunits.models import OrgUnit

    town = OrgUnit.objects.get(code="TH-BS")
    office = OrgUnit.objects.get(code="TH-BS-LDTBXH")
    client.force_login(User.objects.get(username="ldtbxh"))
    town_page = client.get(reverse("indicators:table", args=[town.pk, "2017-H1"])).content.decode()
    assert "Nhập số liệu" not in town_page and "Phụ nữ lãnh đạo" not in town_page
    own = client.get(reverse("indicators:table", args=[office.pk, "2017-H1"])).content.decode()
    assert reverse("indicators:entry", args=[office.pk, "2017-H1"]) in own
    assert client.get(reverse("indicators:entry", args=[office.pk, "2017-H1"])).status_code == 200


def test_a_refusal_is_logged_as_one_line(client, full_demo, caplog):
    client.force_login(User.objects.get(username="lanhdao"))
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("documents:import"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in records] == ["binhdang.security"]
    assert records[0].exc_info is None and "refused GET /documents/import/" in records[0].getMessage()

