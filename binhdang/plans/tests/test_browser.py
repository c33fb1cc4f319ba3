import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_women_union_reports_on_8_march_and_the_coordinator_sees_it(seed_plan, login, live_server, tmp_path):
    # given the Hội LHPN officer
    page = login("hoilhpn")
    # when she opens "Việc của tôi" and the 8/3 task she leads
    page.get_by_role("link", name="Việc của tôi").first.click()
    page.wait_for_url("**/plans/my/")
    page.locator("a", has_text="III.2.d").first.click()
    page.wait_for_selector("#progress")
    assert "Hội Liên hiệp Phụ nữ" in page.locator(".facts").inner_text()
    # and posts an update with a note and a file
    evidence = tmp_path / "bao-cao-8-3.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% le ky niem 8/3\n%%EOF\n")
    page.fill("#id_text", "Đã tổ chức mít tinh kỷ niệm 8/3 với 300 hội viên.")
    page.fill("#id_percent", "80")
    page.select_option("#id_status", "in_progress")
    page.set_input_files("#id_files", str(evidence))
    page.get_by_role("button", name="Gửi cập nhật").click()
    page.wait_for_selector(".msg-success")
    assert "Đã ghi nhận cập nhật tiến độ." in page.locator(".messages").inner_text()
    # then the coordinator sees the update, its file and the new progress on the task page
    page.context.clear_cookies()
    page = login("ldtbxh")
    task = seed_plan.tasks.get(code="III.2.d")
    page.goto(f"{live_server.url}/plans/tasks/{task.pk}/")
    history = page.locator("#history").inner_text()
    assert "Đã tổ chức mít tinh kỷ niệm 8/3 với 300 hội viên." in history
    assert "Phạm Thị Lan" in history
    assert "80%" in history
    assert page.locator("#history a", has_text="bao-cao-8-3.pdf").is_visible()
    with page.expect_download() as download:
        page.locator("#history a", has_text="bao-cao-8-3.pdf").click()
    assert download.value.suggested_filename == "bao-cao-8-3.pdf"


def test_plan_pages_fit_a_phone(seed_plan, login, live_server):
    page = login("ldtbxh")
    page.set_viewport_size({"width": 375, "height": 740})
    for path in [f"/plans/{seed_plan.pk}/", "/plans/my/", "/plans/calendar/?year=2017&month=3",
                 f"/plans/{seed_plan.pk}/edit/"]:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    # the month grid collapses to the days that have events
    page.goto(f"{live_server.url}/plans/calendar/?year=2017&month=3")
    assert page.locator(".month-grid thead").is_hidden()
    assert page.locator("td.has-events").count() == 1


def test_coordinator_assigns_a_unit_by_typing_its_abbreviation(seed_plan, login, live_server):
    page = login("ldtbxh")
    task = seed_plan.tasks.get(code="III.3")
    page.goto(f"{live_server.url}/plans/tasks/{task.pk}/edit/")
    page.select_option("#assign-role", "coordinating")
    page.fill("#unit-q", "hoi lhpn")
    page.wait_for_selector("#unit-suggestions button")
    page.locator("#unit-suggestions button", has_text="Hội Liên hiệp Phụ nữ").first.click()
    page.wait_for_selector("#assignments >> text=Phối hợp: Hội Liên hiệp Phụ nữ")
    assert task.assignments.filter(role="coordinating", org_unit__code="TH-BS-HLHPN").exists()
