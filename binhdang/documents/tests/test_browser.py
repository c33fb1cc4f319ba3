"""The coordinator imports a short plan document in a real browser."""

import re

import pytest

from binhdang.documents.models import PlanImport
from binhdang.plans.models import Plan

from .conftest import SHORT_PLAN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_imports_a_plan_removes_an_unknown_agency_and_saves(demo_tree, login, live_server):
    # given the town's coordinator on the import page, reached from the menu
    page = login("ldtbxh")
    page.get_by_role("link", name="Nhập văn bản").first.click()
    page.wait_for_url("**/documents/import/")
    # when she uploads the 2018 plan
    page.set_input_files("#id_file", str(SHORT_PLAN))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r".*/documents/import/\d+/$"))
    # then the review shows the header, the tasks and the source text side by side
    assert page.input_value("#f-number") == "45/KH-UBND"
    assert page.input_value("#f-date") == "05/02/2018"
    assert "Ủy ban nhân dân thị xã Bỉm Sơn" in page.locator("#issuer-match").inner_text()
    assert page.locator(".review-task").count() == 3
    assert "Trung tâm Y tế chủ trì" in page.locator(".source-text").inner_text()
    form_box = page.locator("#review-form").bounding_box()
    source_box = page.locator(".review-source").bounding_box()
    assert source_box["x"] > form_box["x"] + form_box["width"] - 1  # two columns on a laptop
    # and the agency the directory does not know is highlighted in red
    unknown = page.locator(".agency-row.state-unmatched")
    assert unknown.count() == 1 and "Trung tâm Y tế" in unknown.inner_text()
    background = unknown.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(253, 236, 234)"
    assert page.locator(".agency-row.state-matched", has_text="Phòng Lao động - Thương binh và Xã hội").count() == 1
    assert page.locator(".agency-row.state-matched", has_text="Hội Liên hiệp Phụ nữ").count() == 1
    assert page.locator("#review-tasks span.agency-unmatched", has_text="Trung tâm Y tế").count() == 1
    # the autocomplete offers units of the town for it
    unknown.locator("input.unit-q").fill("y te")
    page.wait_for_selector(".agency-row.state-unmatched .suggestions button")
    assert "Phòng Y tế" in unknown.locator(".suggestions").inner_text()
    # when she removes the unknown agency instead, and saves
    unknown.get_by_role("button", name="Bỏ cơ quan này khỏi văn bản").click()
    page.wait_for_selector(".msg-success")
    assert page.locator(".agency-row.state-unmatched").count() == 0
    assert page.locator("#unmatched-warning").count() == 0
    page.get_by_role("button", name="Lưu kế hoạch").click()
    # then she lands on the plan page with its tasks
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    plan = Plan.objects.get(number="45/KH-UBND")
    assert page.url.endswith(f"/plans/{plan.pk}/")
    body = page.locator("main").inner_text()
    assert "Đã lưu kế hoạch 45/KH-UBND" in body
    assert "Tổ chức các hoạt động kỷ niệm ngày Quốc tế phụ nữ 8/3/2018" in body
    assert "I.1" in body and "I.2" in body and "I.3" in body
    assert "Phòng Lao động - Thương binh và Xã hội" in body and "Hội Liên hiệp Phụ nữ" in body
    assert not plan.tasks.get(code="I.3").assignments.exists()
    assert PlanImport.objects.get().status == "saved"


def test_review_screen_stacks_on_a_phone(demo_tree, login, live_server):
    page = login("ldtbxh")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/documents/import/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_input_files("#id_file", str(SHORT_PLAN))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r".*/documents/import/\d+/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    form_box = page.locator("#review-form").bounding_box()
    source_box = page.locator(".review-source").bounding_box()
    assert source_box["y"] >= form_box["y"] + form_box["height"] - 1  # the source below the form
