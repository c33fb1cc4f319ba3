"""Browser: search and notifications on a phone (375 px) and a desktop (1366 px), in both
languages, with no serious or critical axe-core violation."""

import datetime
import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("BINHDANG_SCREENSHOTS", "/tmp/h_polish"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _language(page, live_server, code):
    page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])


def test_search_and_notifications_on_a_phone(full_demo, login, live_server, axe):
    from binhdang.reporting.models import Notification

    unread = Notification.objects.filter(user__username="badinh", read_at__isnull=True).count()
    assert unread > 3  # the demo's reminders of the 2017 cycle
    page = login("badinh")
    for width in (375, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        for code in ("vi", "en"):
            _language(page, live_server, code)
            # search: typed without accents, finds the ward's own reports and the ward
            page.goto(f"{live_server.url}/search/")
            page.fill("#search-q", "ba dinh")
            page.locator("form.search-form button[type=submit]").click()
            page.wait_for_selector("#search-summary")
            reports = page.locator("#results-submission .search-hits li")
            assert reports.count() >= 1
            assert all("Ba Đình" in t for t in reports.all_inner_texts())
            assert "Ba Đình" in page.locator("#results-unit .search-hits li").first.inner_text()
            assert axe(page) == [], f"search {code} {width}"
            _shot(page, f"search-{code}-{width}")
            # bad input: a Vietnamese (or English) message, not an error page
            page.goto(f"{live_server.url}/search/?q=%20")
            assert page.locator("#search-error").inner_text() == (
                "Hãy nhập từ cần tìm." if code == "vi" else "Type what to search for.")
            # notifications (the demo's 2017 cycle): by day, newest first, then kind
            page.goto(f"{live_server.url}/reports/notifications/")
            days = [datetime.date(*reversed([int(x) for x in h.split()[0].split("/")]))
                    for h in page.locator(".notif-day h2").all_inner_texts()]
            assert days == sorted(days, reverse=True) and len(days) == len(set(days)) > 1
            kinds = page.locator(".notif-group summary .notif-kind").all_inner_texts()
            assert ("Báo cáo được tiếp nhận" if code == "vi" else "Reports accepted") in kinds
            assert ("Nhắc hạn" if code == "vi" else "Reminders") in kinds
            assert page.locator("#notif-unread").inner_text().startswith(str(unread))
            assert axe(page) == [], f"notifications {code} {width}"
            _shot(page, f"notifications-{code}-{width}")
    # mark all read (the last pass is English)
    page.click("#mark-all-read")
    page.wait_for_selector("ul.messages")
    assert "0 unread notifications" in page.locator("#notif-unread").inner_text()
    assert page.locator("#mark-all-read").count() == 0


def test_the_header_search_on_a_wide_screen_and_in_the_phone_drawer(full_demo, login, live_server, axe):
    page = login("ldtbxh")  # the longest menu
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/reports/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # the menu keeps its one line
    top = page.locator(".topbar").bounding_box()
    assert top is not None and top["height"] < 70
    page.wait_for_load_state("load")  # nav.js (deferred) is in place
    page.locator("details.searchpop > summary").click()
    # the cursor goes to the box on the details' "toggle" event, which fires after the click:
    # wait for that focus event (or find it already there), not for a time
    assert page.evaluate("""() => new Promise(resolve => {
        const box = document.getElementById("site-search-wide");
        if (document.activeElement === box) return resolve(box.id);
        box.addEventListener("focus", () => resolve(document.activeElement.id), {once: true});
    })""") == "site-search-wide"
    assert axe(page) == []
    page.keyboard.press("Escape")  # closes it, the focus back on the magnifier
    assert not page.locator("details.searchpop").evaluate("d => d.open")
    page.locator("details.searchpop > summary").click()
    box = page.locator("#site-search-wide")
    box.fill("lam son")
    with page.expect_navigation():
        box.press("Enter")
    page.wait_for_selector("#search-summary")
    assert page.url.startswith(f"{live_server.url}/search/?q=lam+son")
    assert "Lam Sơn" in page.locator("#results-unit .search-hits li").first.inner_text()
    _shot(page, "header-search-1366")
    # On a phone the magnifier gives way to the box inside the menu drawer.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/reports/")
    assert not page.locator("details.searchpop").is_visible()
    page.locator("details.navdrawer > summary").click()
    assert page.locator("#site-search-q").is_visible()
