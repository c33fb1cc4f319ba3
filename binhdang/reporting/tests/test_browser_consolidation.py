"""The consolidation journey in Chromium: a commune sends its report, the town's Phòng
LĐ-TB&XH accepts it, sees the figures that changed since its saved draft, edits part III
and issues the town's report; the province sees the town's report, accepts it and
consolidates it like any unit's report."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from binhdang.reporting.models import Submission
from binhdang.reporting.synthesis import synthesis_build

from .conftest import run_demo_steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect.set_options(timeout=60_000)  # pages build the synthesis; CI machines are shared


def _as(page, login, username):
    page.context.clear_cookies()
    return login(username)  # the same page: its dialog handler stays


def _training_total(page) -> str:
    return page.locator("#figures tr[data-code='DP-TH-NGUOI'] td[data-total]").inner_text()


def test_commune_to_town_to_province(demo_tree, login, live_server):
    run_demo_steps()
    base = live_server.url
    town, province = demo_tree["TH-BS"], demo_tree["TH"]
    draft = Submission.objects.get(org_unit__code="TH-BS-HALAN", obligation__kind="report_semiannual")
    row = next(r for r in draft.content["chi_tieu"] if r["code"] == "DP-TH-NGUOI")
    before = synthesis_build(town, "2017-H1").figure("DP-TH-NGUOI").total

    # the town's coordinator saves a first draft of the consolidation
    page = login("ldtbxh")
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi báo cáo …?", "Ban hành …?"
    page.set_default_timeout(120_000)  # building the synthesis on a loaded CI machine
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/reports/consolidation/?period=2017-H1")
    expect(page.locator("#figures tr[data-code='DP-TH-NGUOI'] td[data-total]")).to_have_text(str(before))
    page.click("button[name=action][value=save]")
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản tổng hợp.")

    # the commune sends its report (after the confirmation)
    page = _as(page, login, "halan")
    page.goto(f"{base}{draft.get_absolute_url()}")
    page.click("#submit-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã gửi")

    # the town accepts it: its figures now count, and the page says which changed
    page = _as(page, login, "ldtbxh")
    page.goto(f"{base}{draft.get_absolute_url()}")
    page.click("#accept-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã tiếp nhận")
    after = before + row["female"] + row["male"]
    page.goto(f"{base}/reports/consolidation/?period=2017-H1")
    assert _training_total(page) == str(after)
    expect(page.locator("#changed li[data-code='DP-TH-NGUOI']")).to_contain_text(f"{before} → {after}")
    # the draft's text states the same total as the table
    expect(page.locator("#part_I")).to_contain_text(f"tập huấn về bình đẳng giới cho {after:,}".replace(",", "."))
    # each point links to the reports it came from
    assert page.locator("[data-part=II] .rep-sources a").count() > 0

    # the coordinator edits part III and issues the town's report to the province
    page.fill("#part_III", "- Tổ chức Tháng hành động vì bình đẳng giới năm 2017 tại 8 xã, phường.")
    page.click("button[name=action][value=save]")
    expect(page.locator("[data-part=III] h2")).to_contain_text("đã sửa")
    if os.environ.get("BINHDANG_SCREENSHOTS"):
        Path(os.environ["BINHDANG_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(os.environ["BINHDANG_SCREENSHOTS"]) / "consolidation.png"), full_page=False)
    with page.expect_download() as download:
        page.click("text=Tải DOCX")
    assert download.value.suggested_filename == "bao-cao-th-bs-2017-h1.docx"
    page.click("button[name=action][value=issue]")
    expect(page.locator(".messages")).to_contain_text("Đã ban hành và gửi Ban Vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa.")
    issued = Submission.objects.get(org_unit=town, obligation__kind="report_semiannual")
    assert issued.status == "submitted"
    assert "Tháng hành động vì bình đẳng giới năm 2017 tại 8 xã, phường" in issued.content["phuong_huong"]

    # the province sees the town's report waiting, accepts it and consolidates the towns
    page = _as(page, login, "tinh")
    receiver = issued.obligation.receiver
    page.goto(f"{base}/reports/consolidation/?period=2017-H1&receiver={receiver.pk}")
    expect(page.locator("h1")).to_contain_text("Ủy ban nhân dân tỉnh Thanh Hóa")
    expect(page.locator("main details").first).to_contain_text("Ủy ban nhân dân thị xã Bỉm Sơn")
    page.goto(f"{base}{issued.get_absolute_url()}")
    page.click("#accept-report")
    expect(page.locator("#submission-status")).to_contain_text("Đã tiếp nhận")
    page.goto(f"{base}/reports/consolidation/?period=2017-H1&receiver={receiver.pk}")
    expect(page.locator(".card").first).to_contain_text(re.compile(r"Tổng hợp từ 1 báo cáo"))
    assert _training_total(page) == str(after)  # the towns' figures, never counted twice
    expect(page.locator("#part_III")).to_contain_text("Tháng hành động vì bình đẳng giới năm 2017 tại 8 xã, phường")
    assert synthesis_build(province, "2017-H1").figure("DP-TH-NGUOI").total == after
