"""Showing 2017 "as is" on the two wards, in Chromium (issue 12): the province's coordinator
opens phường Bỉm Sơn's table for 6 tháng đầu năm 2017, switches to "Theo đơn vị hiện nay",
reads the figures rebuilt from the old wards, follows an old ward's link forward to its
successor, and sees the 2017 status grouped under today's wards. Every screen passes axe
and fits a 375 px phone; screenshots go to $BINHDANG_SCREENSHOTS when it is set."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from binhdang.orgunits.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect.set_options(timeout=60_000)
SHOTS = os.environ.get("BINHDANG_SCREENSHOTS")


def _settled(page) -> None:
    """After a resize: two animation frames, by when layout and the charts' resize are done."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _check(page, axe, name: str) -> None:
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 900})
        _settled(page)
        if width == 375:
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
        assert axe(page) == [], name
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)


def test_2017_as_is_on_the_two_wards(demo_tree, login, live_server, axe):
    from binhdang.reporting.tests.conftest import run_demo_steps

    run_demo_steps()
    ward = OrgUnit.objects.get(code="TH-PBIMSON")
    quang_trung = OrgUnit.objects.get(code="TH-PQUANGTRUNG")
    ba_dinh = OrgUnit.objects.get(code="TH-BS-BADINH")
    base = live_server.url
    page = login("tinh")
    # the ward of today, 2017 as was: nothing of its own yet, and the switch
    page.goto(f"{base}/indicators/unit/{ward.pk}/2017-H1/")
    expect(page.locator(".ind-view a[aria-current]")).to_have_text("Theo đơn vị thời đó")
    expect(page.locator("main")).to_contain_text("Chưa có số liệu cho kỳ này.")
    # when the coordinator switches to today's units
    page.locator(".ind-view a", has_text="Theo đơn vị hiện nay").click()
    page.wait_for_url(lambda url: "view=as_is" in url)
    expect(page.locator(".ind-view a[aria-current]")).to_have_text("Theo đơn vị hiện nay")
    note = page.locator("#as-is-note")
    expect(note).to_contain_text("Xã Hà Lan; Phường Ba Đình; Phường Lam Sơn; Phường Đông Sơn; Xã Hà Vinh.")
    expect(note).to_contain_text("Chưa có số liệu của: Xã Hà Lan, Phường Lam Sơn, Xã Hà Vinh.")
    row = page.locator("#indicator-table tr[data-code='DP-TH-NGUOI']")
    assert [row.locator(f"td.{c}").inner_text().strip() for c in ("female", "male", "total")] == ["27", "13", "40"]
    _check(page, axe, "as-is-bim-son")
    # the other ward, reached from an old ward of its own: Ngọc Trạo links forward
    ngoc_trao = OrgUnit.objects.get(code="TH-BS-NGOCTRAO")
    page.goto(f"{base}/indicators/unit/{ngoc_trao.pk}/2017-H1/")
    page.locator("#successors a", has_text="phường Quang Trung").click()
    page.wait_for_url(lambda url: f"/unit/{quang_trung.pk}/2017-H1/" in url and "view=as_is" in url)
    expect(page.locator("#as-is-note")).to_contain_text("Phường Bắc Sơn; Phường Ngọc Trạo; Phường Phú Sơn; "
                                                        "Xã Quang Trung.")
    _check(page, axe, "as-is-quang-trung")
    # an old ward's own page says it ended and where to look
    page.goto(f"{base}/indicators/unit/{ba_dinh.pk}/2017-H1/")
    expect(page.locator("#successors")).to_contain_text("Đơn vị này đã thôi tồn tại.")
    # the "as is" workbook downloads
    page.goto(f"{base}/indicators/unit/{ward.pk}/2017-H1/?view=as_is")
    with page.expect_download() as download:
        page.click("#as-is-xlsx")
    assert download.value.suggested_filename == "chi-tieu-TH-PBIMSON-2017-H1-hien-nay.xlsx"
    # the 2017 status on today's tree: the old wards' reports under phường Bỉm Sơn
    page.goto(f"{base}/reports/status/?period=2017-H1&unit={ward.pk}&view=as_is")
    group = page.locator("#status-rows tr.rep-group")
    expect(group).to_have_count(1)
    expect(group).to_contain_text("phường Bỉm Sơn")
    expect(page.locator("#status-rows tbody tr[data-unit]")).to_have_count(4)
    _check(page, axe, "status-as-is")
    # the town's coordinator consolidates 2017 "as is": the same figure on phường Bỉm Sơn
    page.context.clear_cookies()
    page = login("ldtbxh")
    page.goto(f"{base}/reports/consolidation/?period=2017-H1")
    page.select_option("#view", "as_is")
    page.locator(".rep-filter button[type=submit]").click()
    page.wait_for_url(lambda url: "view=as_is" in url)
    section = page.locator("#as-is")
    expect(section).to_contain_text("(Phường Bỉm Sơn, Phường Quang Trung)")
    cells = section.locator("table[data-unit='TH-PBIMSON'] tr[data-code='DP-TH-NGUOI'] td.num")
    assert [c.strip() for c in cells.all_inner_texts()] == ["27", "13", "40"]
    _check(page, axe, "consolidation-as-is")
