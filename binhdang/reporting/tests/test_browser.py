"""The 6-month report of a ward, end to end in Chromium: fill in on a phone, submit, get it
returned, fix, resubmit; the coordinator sees the diff and accepts; completeness updates."""

import re

import pytest
from playwright.sync_api import expect

from binhdang.reporting.models import Submission

from .conftest import ensure_seed_plan
from .test_services import FILLED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, login, username):
    page.context.clear_cookies()
    page = login(username)
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi báo cáo …?" confirmations
    return page


def test_six_month_report_journey(demo_tree, login, live_server):
    ensure_seed_plan()
    base = live_server.url
    # given: the ward's reporter on a 375 px phone
    page = login("badinh")
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation before sending
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{base}/reports/?period=2017-H1")
    page.locator("tr[data-unit='TH-BS-BADINH'] a").click()
    page.click("#start-report")
    expect(page.locator("#report-form")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # when: typing autosaves the section (htmx, 1.5 s after the last keystroke)
    page.fill("#id_tuyen_truyen", FILLED["tuyen_truyen"])
    expect(page.locator("#save-tuyen_truyen")).to_contain_text("Đã lưu", timeout=10000)
    for key, text in FILLED.items():
        if key != "tuyen_truyen":
            page.fill(f"#id_{key}", text)
    page.click("#submit-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã gửi")
    submission = Submission.objects.get(org_unit__code="TH-BS-BADINH", obligation__kind="report_semiannual")
    assert submission.content["kho_khan"] == FILLED["kho_khan"]
    assert submission.revisions.count() == 1

    # the coordinator returns it with a reason
    page = _switch(page, login, "ldtbxh")
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{base}{submission.get_absolute_url()}")
    page.fill("#return-reason-input", "Thiếu số lượt người tham dự hoạt động 8/3.")
    page.click("#return-report")
    expect(page.locator("#submission-status")).to_contain_text("Bị trả lại")

    # the reporter sees why, fixes and resubmits
    page = _switch(page, login, "badinh")
    page.goto(f"{base}{submission.get_absolute_url()}")
    expect(page.locator("#return-reason")).to_contain_text("Thiếu số lượt người tham dự hoạt động 8/3.")
    page.fill("#id_tuyen_truyen", FILLED["tuyen_truyen"] + " Hoạt động 8/3 thu hút 350 lượt hội viên.")
    page.click("#submit-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã gửi")

    # the coordinator sees exactly what changed, and accepts
    page = _switch(page, login, "ldtbxh")
    page.goto(f"{base}{submission.get_absolute_url()}")
    diff = page.locator("#resubmission-diff")
    expect(diff.locator("ins.rep-ins")).to_contain_text("350 lượt hội viên")
    assert "1 mục thay đổi" in diff.inner_text()
    page.click("#accept-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã tiếp nhận")

    # the completeness page counts it
    page.goto(f"{base}/reports/status/?period=2017-H1")
    row = page.locator("#status-rows tr[data-unit='TH-BS-BADINH']")
    expect(row).to_have_attribute("data-status", "accepted")
    expect(page.locator("[data-count=accepted]")).to_have_text(re.compile(r":\s*1$"))
    assert Submission.objects.get(pk=submission.pk).revisions.count() == 2
