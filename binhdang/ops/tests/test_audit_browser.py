"""The audit page in a browser, at desktop and phone widths: filters work, axe finds nothing."""

import pytest
from playwright.sync_api import expect

from binhdang.core.audit import audit_record
from binhdang.orgunits.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_filters_the_audit_page(demo_tree, demo_user, login, live_server, axe, tmp_path):
    badinh = OrgUnit.objects.get(code="TH-BS-BADINH")
    for action, reason in [("submission.submit", ""), ("submission.return", "Thiếu số liệu tập huấn"),
                           ("submission.accept", "")]:
        audit_record(actor=demo_user("ldtbxh"), action=action, obj=badinh, org_unit=badinh, reason=reason)
    page = login("ldtbxh")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/audit/")
    expect(page.locator("h1")).to_have_text("Nhật ký thay đổi")
    page.select_option("#id_action", "submission.return")
    page.click("#audit-filter button[type=submit]")
    rows = page.locator("#audit-events tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Trả lại báo cáo")
    expect(rows.first).to_contain_text("Thiếu số liệu tập huấn")
    assert axe(page) == []
    page.screenshot(path="/tmp/h_ops/audit-1366.png", full_page=True)
    page.fill("#id_date_from", "31/02/2017")
    page.click("#audit-filter button[type=submit]")
    expect(page.locator("#audit-filter .errorlist")).to_contain_text("Ngày không hợp lệ")
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe(page) == []
    page.screenshot(path="/tmp/h_ops/audit-375.png", full_page=True)
