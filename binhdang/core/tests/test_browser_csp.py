"""The pages that had inline code still work under the strict CSP, with no CSP violation
in the browser console (docs/decisions/0332)."""

import re

import pytest

from binhdang.documents.tests.conftest import SHORT_PLAN
from binhdang.orgunits.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _csp(errors: list[str]) -> list[str]:
    return [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e]


def test_review_enter_searches_and_the_strict_csp_is_never_violated(demo_tree, login, live_server):
    page = login("ldtbxh")
    errors = _watch(page)
    header = page.goto(f"{live_server.url}/documents/import/").headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"  # in any order
    page.set_input_files("#id_file", str(SHORT_PLAN))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r".*/documents/import/\d+/$"))
    review_url = page.url
    # Enter in the unit search box searches (review.js), it does not submit the whole form
    box = page.locator(".agency-row.state-unmatched input.unit-q")
    box.fill("y te")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.split("?")[0] == review_url
    assert page.locator(".agency-row.state-unmatched input.unit-q").input_value() == "y te"
    assert "Phòng Y tế" in page.locator(".agency-row.state-unmatched .suggestions").inner_text()
    # htmx's indicator rules come from app.css, not an injected <style>
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert _csp(errors) == []


def test_calendar_url_selects_period_picker_navigates_bars_draw(full_demo, login, live_server):
    page = login("ldtbxh")
    errors = _watch(page)
    town = OrgUnit.objects.get(code="TH-BS")
    # a unit's calendar panel: clicking the feed URL selects it (was onclick="this.select()")
    page.goto(f"{live_server.url}/units/{town.pk}/")
    url_box = page.locator("input.ics-url")
    url_box.click()
    assert page.evaluate("(() => { const e = document.querySelector('input.ics-url');"
                         " return [e.selectionStart, e.selectionEnd, e.value.length]; })()") == [
        0, len(url_box.input_value()), len(url_box.input_value())]
    # the status page: the share sent is an SVG bar as wide as the figure
    page.goto(f"{live_server.url}/reports/status/?period=2017-H1")
    bar = page.locator("svg.rep-bar rect")
    assert float(bar.get_attribute("width")) > 0
    assert page.locator("svg.rep-bar").bounding_box()["width"] > 100
    # the indicator table's period picker opens the chosen period (was onchange=…)
    page.goto(f"{live_server.url}/indicators/unit/{town.pk}/2017/")
    options = page.locator("#p option").evaluate_all("os => os.map(o => o.value)")
    other = next(v for v in options if v and v != "2017")
    with page.expect_navigation():
        page.select_option("#p", other)
    assert page.url.rstrip("/").endswith(f"/indicators/unit/{town.pk}/{other}")
    assert _csp(errors) == []
