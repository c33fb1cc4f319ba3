"""Offline entry in Chromium at 360 px, through the service worker: a ward reporter fills
and sends the 6-month report without network, reloads (still there, "chưa đồng bộ"), and
the report is saved exactly once when the network returns. Then the report changes on the
server while the reporter types offline (and a task's progress update typed offline is
added once): the difference screen shows both copies, and what
the reporter chooses is what is saved."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from binhdang.accounts.models import User
from binhdang.core.models import IdempotencyKey
from binhdang.plans.models import Task, TaskUpdate
from binhdang.reporting import services
from binhdang.reporting.models import Submission

from .conftest import ensure_seed_plan
from .test_services import FILLED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("BINHDANG_SCREENSHOTS")  # a folder: screenshots of each state go there
MINE_TT = "Tổ chức 6 buổi tuyên truyền (nhập trên xe buýt, không có mạng)."
MINE_KK = "Thiếu cán bộ chuyên trách ở tổ dân phố."
SERVER_TT = "Tổ chức 5 buổi tuyên truyền (bản đồng nghiệp sửa trên máy chủ)."
SERVER_PH = "Tổ chức hội thi nhân ngày 20/10 (bản đồng nghiệp sửa trên máy chủ)."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "service_workers": "allow", "viewport": {"width": 360, "height": 740}}


def _look(page, axe, name: str) -> None:
    """No horizontal scroll at phone width, no serious axe violation; a screenshot per width."""
    for width in (360, 375, 1366):
        page.set_viewport_size({"width": width, "height": 900 if width > 1000 else 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        violations = axe(page)
        assert violations == [], "\n".join(str(v) for v in violations)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


def test_offline_report_is_kept_sent_once_and_conflicts_are_chosen(demo_tree, login, live_server, context, axe):
    ensure_seed_plan()
    base = live_server.url
    # given: the ward's reporter opened the report form once online (the worker keeps it)
    page = login("badinh")
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi báo cáo …?"
    page.goto(f"{base}/reports/?period=2017-H1")
    page.locator("tr[data-unit='TH-BS-BADINH'] a").click()
    page.click("#start-report")
    expect(page.locator("#report-form")).to_be_visible()
    submission = Submission.objects.get(org_unit__code="TH-BS-BADINH", obligation__kind="report_semiannual")
    form_url = f"{base}{submission.get_absolute_url()}"
    # Wait for the events, not for a time: the worker is active once its precache is fetched
    # (from one live server, slow on a loaded machine), then it claims the page
    # (controllerchange). evaluate() runs outside the page's CSP, unlike wait_for_function.
    assert page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
            await new Promise(resolve => navigator.serviceWorker.addEventListener(
                "controllerchange", resolve, {once: true}));
        }
        return !!registration.active && !!navigator.serviceWorker.controller;
    }""")
    page.goto(f"{base}/plans/my/")  # the unit's own due list, kept too
    task = Task.objects.get(plan__number="268/KH-UBND", code="III.8")  # led by the wards
    task_url = f"{base}{task.get_absolute_url()}"
    page.goto(task_url)  # and a task of the unit, for a progress update
    page.goto(form_url)
    expect(page.locator("#report-form")).to_be_visible()

    # when: offline, the reporter fills in and sends the report
    context.set_offline(True)
    page.fill("#id_tuyen_truyen", "")
    page.click("#submit-report")
    # then: the server's rules run offline: the empty required sections are named
    expect(page.locator("#offline-errors")).to_contain_text("Chưa điền các mục bắt buộc")
    expect(page.locator("#offline-errors")).to_contain_text("Công tác tuyên truyền, nâng cao nhận thức")
    for key, text in FILLED.items():
        page.fill(f"#id_{key}", text)
    page.click("#submit-report")
    state = page.locator("#offline-state")
    expect(state).to_contain_text("Chưa đồng bộ")
    expect(state).to_contain_text("sẽ tự gửi khi có mạng")
    expect(page.locator("#offline-errors")).to_be_hidden()
    expect(page.locator("#pending-list li")).to_have_count(1)
    expect(page.locator("#pending-list li")).to_contain_text("Gửi báo cáo")
    assert page.evaluate("navigator.storage.persisted()") in (True, False)  # asked; Chromium decides
    _look(page, axe, "offline-queued")
    assert Submission.objects.get(pk=submission.pk).revisions.count() == 0

    # when: the page is reloaded with no network
    response = page.reload()
    # then: the worker served it, and the entry is still there, not yet synced
    assert response is not None and response.from_service_worker
    expect(page.locator("#offline-state")).to_contain_text("Chưa đồng bộ")
    expect(page.locator("#id_kho_khan")).to_have_value(FILLED["kho_khan"])
    expect(page.locator("#id_tuyen_truyen")).to_have_value(FILLED["tuyen_truyen"])
    offline_due_list = page.goto(f"{base}/plans/my/")
    assert offline_due_list is not None and offline_due_list.from_service_worker
    expect(page.locator("h1")).to_contain_text("Việc của tôi")
    pending = page.locator("#pwa-pending")  # every page lists the entry, linking to its form
    expect(pending).to_contain_text("Chưa đồng bộ")
    expect(pending.locator("a")).to_have_attribute("href", submission.get_absolute_url())
    expect(pending.locator("a")).to_contain_text("Báo cáo 6 tháng")
    # a page never opened online: the worker's own offline page (so its network is off too)
    page.goto(f"{base}/units/")
    expect(page.locator("h1")).to_have_text("Bạn đang ngoại tuyến")
    # a progress update typed offline on the task page waits too
    page.goto(task_url)
    page.fill("#progress-form [name=text]", "")
    page.click("#progress-form button[type=submit]")
    expect(page.locator("#progress-offline")).to_contain_text("Hãy ghi nội dung cập nhật.")
    page.fill("#progress-form [name=text]", "Đã xây dựng kế hoạch của phường (nhập khi mất mạng).")
    page.fill("#progress-form [name=percent]", "40")
    page.click("#progress-form button[type=submit]")
    expect(page.locator("#progress-offline")).to_contain_text("Chưa đồng bộ")
    expect(page.locator("#pwa-pending")).to_contain_text("Báo cáo 6 tháng")  # the other entry, linked
    _look(page, axe, "task-offline-queued")
    page.goto(form_url)
    expect(page.locator("#pending-list li")).to_have_count(2)

    # when: the network returns
    context.set_offline(False)
    # then: it is sent, and saved exactly once
    expect(page.locator("#submission-status")).to_contain_text("Đã gửi", timeout=15000)
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert submission.revisions.count() == 1
    assert IdempotencyKey.objects.filter(user__username="badinh", scope__startswith="reporting.").count() == 1
    assert {k: submission.content[k] for k in FILLED} == FILLED
    expect(page.locator("#pending-entries")).to_have_count(0)  # the page no longer edits
    page.goto(task_url)  # the progress update is sent from its page, once
    expect(page.locator("#history")).to_contain_text("nhập khi mất mạng", timeout=15000)
    assert TaskUpdate.objects.filter(task=task).count() == 1
    assert IdempotencyKey.objects.filter(user__username="badinh").count() == 2

    # given: the report is returned; the reporter opens it online, then loses the network
    services.submission_return(actor=User.objects.get(username="ldtbxh"), submission=submission,
                               reason="Bổ sung số lượt người tham dự hoạt động 8/3.", version=submission.version)
    page.goto(form_url)
    expect(page.locator("#report-form")).to_be_visible()
    context.set_offline(True)
    page.fill("#id_tuyen_truyen", MINE_TT)
    page.fill("#id_kho_khan", MINE_KK)
    page.click("#submit-report")
    expect(page.locator("#offline-state")).to_contain_text("Chưa đồng bộ")
    # meanwhile a colleague changes the report on the server
    fresh = Submission.objects.get(pk=submission.pk)
    services.submission_save(actor=User.objects.get(username="badinh"), submission=fresh, version=fresh.version,
                             changes={"tuyen_truyen": SERVER_TT, "phuong_huong": SERVER_PH})

    # when: the network returns
    context.set_offline(False)
    # then: the difference screen, section by section; nothing was overwritten
    conflict = page.locator("#sync-conflict")
    expect(conflict).to_be_visible(timeout=15000)
    expect(page.locator("#report-form")).to_be_hidden()
    both = page.locator("#conflict-tuyen_truyen")
    expect(both.locator(".rep-side-mine pre")).to_have_text(MINE_TT)
    expect(both.locator(".rep-side-server pre")).to_have_text(SERVER_TT)
    expect(both).to_have_attribute("data-server-changed", "true")
    expect(page.locator("#conflict-phuong_huong .rep-side-server pre")).to_have_text(SERVER_PH)
    expect(page.locator("#conflict-phuong_huong .rep-side-mine pre")).to_have_text(FILLED["phuong_huong"])
    expect(page.locator("#conflict-kho_khan")).to_have_attribute("data-server-changed", "false")
    expect(page.locator("#choice-kho_khan-mine")).to_be_checked()
    expect(page.locator("#conflict-kinh_phi")).to_have_count(0)  # the same on both sides
    saved = Submission.objects.get(pk=submission.pk)
    assert (saved.content["tuyen_truyen"], saved.status) == (SERVER_TT, "returned")
    _look(page, axe, "offline-conflict")
    # a section the server changed needs a choice
    page.click("#sync-conflict-apply")
    expect(page.locator("#sync-conflict-error")).to_contain_text("Hãy chọn giữ bản nào")
    expect(page.locator("#sync-conflict-error")).to_contain_text("Công tác tuyên truyền, nâng cao nhận thức")

    # when: the reporter keeps their own text here and the colleague's there
    page.check("#choice-tuyen_truyen-mine")
    page.check("#choice-phuong_huong-server")
    page.click("#sync-conflict-apply")
    # then: exactly that is saved and sent
    expect(page.locator("#submission-status")).to_contain_text("Đã gửi", timeout=15000)
    final = Submission.objects.get(pk=submission.pk)
    assert final.status == "submitted" and final.revisions.count() == 2
    assert final.content["tuyen_truyen"] == MINE_TT
    assert final.content["kho_khan"] == MINE_KK
    assert final.content["phuong_huong"] == SERVER_PH
    assert final.content["kinh_phi"] == FILLED["kinh_phi"]
    assert IdempotencyKey.objects.filter(user__username="badinh").count() == 3
