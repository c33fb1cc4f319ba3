"""Accessibility and the menus in Chromium (issue 17): axe-core finds no serious or critical
violation on the everyday pages, in Vietnamese and English, at 375 px and 1366 px; the menu
is one line at 1366 px for every role and a drawer on a phone; a skip link and a favicon."""

import pytest
from django.conf import settings

from binhdang.accounts.models import User
from binhdang.conftest import use_layer
from binhdang.core.nav import menu_for
from binhdang.core.services import demo_clock_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["admin", "tinh", "ldtbxh", "lanhdao", "hoilhpn", "badinh", "lamson", "bimson-vhxh"]


def _demo() -> dict[str, list[str]]:
    from binhdang.plans.models import Obligation, Task

    use_layer("demo")
    demo_clock_ensure()
    task = Task.objects.filter(plan__number="268/KH-UBND", code="III.1.b").first() or \
        Task.objects.filter(plan__number="268/KH-UBND").order_by("pk").first()
    report = Obligation.objects.filter(org_unit__code="TH-BS-LAMSON", kind="report_semiannual").order_by("due_date").first()
    return {
        "badinh": ["/", "/plans/my/", f"/plans/tasks/{task.pk}/"],
        "lamson": [f"/reports/obligations/{report.pk}/"],  # opens the draft report form
        "ldtbxh": ["/", "/reports/status/?period=2017-H1", "/reports/consolidation/?period=2017-H1"],
    }


def _as(page, login, username: str, language: str = "vi"):
    page.context.clear_cookies()
    login(username)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}])
    return page


def test_axe_finds_no_serious_violation(demo_tree, page, login, live_server, axe):
    pages = _demo()
    found, checked = {}, 0
    for language in ("vi", "en"):
        for width in (375, 1366):
            for username, paths in pages.items():
                _as(page, login, username, language)
                page.set_viewport_size({"width": width, "height": 900})
                for path in paths:
                    page.goto(f"{live_server.url}{path}")
                    page.wait_for_load_state("networkidle")
                    assert page.locator("html").get_attribute("lang") == language
                    violations = axe(page)
                    checked += 1
                    if violations:
                        found[f"{language} {width} {username} {page.url}"] = violations
    assert found == {}
    assert checked == 2 * 2 * 7


def test_the_menu_is_one_line_at_1366_and_a_drawer_on_a_phone(demo_tree, page, login, live_server):
    use_layer("demo")
    demo_clock_ensure()
    for username in ROLES:
        entries = [str(e["label"]) for e in menu_for(User.objects.get(username=username))]
        for language in ("vi", "en"):
            _as(page, login, username, language)
            page.set_viewport_size({"width": 1366, "height": 800})
            page.goto(f"{live_server.url}/")
            wide = page.locator(".mainnav a")
            assert wide.count() == len(entries)
            tops = {round(box["y"]) for box in (wide.nth(i).bounding_box() for i in range(wide.count()))}
            topbar = page.locator(".topbar").bounding_box()
            assert len(tops) == 1 and topbar["height"] < 60, (username, language, tops, topbar)
            overflow = page.evaluate("""[...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 1366)
                .map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 30))""")
            assert overflow == [], (username, language)
        # A phone: the wide menu is hidden, the drawer opens with every entry, each link works.
        _as(page, login, username, "vi")
        page.set_viewport_size({"width": 375, "height": 740})
        page.goto(f"{live_server.url}/")
        assert not page.locator(".mainnav").is_visible()
        drawer = page.locator(".navdrawer nav a")
        assert not drawer.first.is_visible()
        page.click(".navdrawer summary")
        assert drawer.count() == len(entries) and all(drawer.nth(i).is_visible() for i in range(drawer.count()))
        assert drawer.all_inner_texts()[0] == "Trang chủ"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Following an entry from the drawer lands on its page, marked current.
    drawer.filter(has_text="Thông báo").click()
    assert page.url.endswith("/reports/notifications/")
    page.click(".navdrawer summary")
    assert page.locator('.navdrawer nav a[aria-current="page"]').inner_text().startswith("Thông báo")


def test_skip_link_focus_style_and_favicon(demo_tree, page, login, live_server):
    _as(page, login, "badinh")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link" and skip.is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # :focus-visible draws a 3 px outline
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    response = page.request.get(f"{live_server.url}{icon}")
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg")
