"""Browser journeys: the leader's dashboard, the drill-down from the town's figure (a click
on its chart bar) to one unit and on to the report that produced it, and the public page.
Every screen passes axe-core and fits a 375 px phone without horizontal scrolling."""

import os
from pathlib import Path

import pytest

from binhdang.public.demo import demo_load_publications

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _settled(page) -> None:
    """After a resize: two animation frames, by when layout and the charts' resize are done."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _fits_phone_and_passes_axe(page, axe):
    page.set_viewport_size({"width": 375, "height": 800})
    _settled(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe(page) == []
    page.set_viewport_size({"width": 1366, "height": 900})
    _settled(page)
    assert axe(page) == []


def _click_bar(page, canvas_id: str, index: int, dataset: int = 0):
    """Click the centre of one bar of a Chart.js chart (its position from the chart itself)."""
    page.locator(f"#{canvas_id}").scroll_into_view_if_needed()
    box = page.locator(f"#{canvas_id}").bounding_box()
    x, y = page.evaluate(
        "([id, d, i]) => { const chart = Chart.getChart(document.getElementById(id));"
        " const r = chart.getDatasetMeta(d).data[i].getProps(['x', 'y', 'base'], true);"
        " return chart.options.indexAxis === 'y' ? [(r.x + r.base) / 2, r.y] : [r.x, (r.y + r.base) / 2]; }",
        [canvas_id, dataset, index])
    page.mouse.click(box["x"] + x, box["y"] + y)


SVG = "{http://www.w3.org/2000/svg}"


def _svg_matches_table(page, chart_id: str, bars: bool = True) -> set[str]:
    """Download a chart's SVG and check it against the chart's data and its table: every
    label is drawn as text (Vietnamese intact), the figures are in its <desc>, and each bar's
    length is its figure to the pixel."""
    import xml.etree.ElementTree as ET

    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    data = page.evaluate(f"JSON.parse(document.getElementById('{chart_id}-data').textContent)")
    with page.expect_download() as download:
        page.click(f".chart-svg[data-for='{chart_id}']")
    assert errors == []
    assert download.value.suggested_filename == f"{chart_id}.svg"
    root = ET.fromstring(Path(download.value.path()).read_bytes())  # noqa: S314 (our own chart)
    if os.environ.get("BINHDANG_SCREENSHOTS"):  # to look at it
        Path(os.environ["BINHDANG_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        download.value.save_as(Path(os.environ["BINHDANG_SCREENSHOTS"]) / f"{chart_id}.svg")
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}title") == page.inner_text(f"#{chart_id}-title")
    texts = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    desc = root.findtext(f"{SVG}desc")
    values = data["series"][0]["data"]
    if not bars:
        for i, label in enumerate(data["labels"]):
            assert f"{label}: " in desc and str(values[i]) in desc
        return texts
    assert set(data["labels"]) <= texts
    table = page.locator(f"#{chart_id}-table tbody tr")
    assert table.count() == len(data["labels"])
    for i, label in enumerate(data["labels"]):
        cell = table.nth(i).locator("td").last.text_content()  # "76,9%" on the page
        assert f"{label}: {values[i]}" in desc
        assert float(cell.replace(",", ".").rstrip(" %")) == pytest.approx(values[i], abs=0.05)
    # the share bars (horizontal, 0-100 %, the first colour of the palette): widths ∝ figures
    widths = []
    for path in root.iter(f"{SVG}path"):
        if path.get("fill") == "#0b5cad":
            xs = [float(v.split(" ")[0]) for v in path.get("d", "").replace("M ", "L ").split("L ")[1:]]
            widths.append(max(xs) - min(xs))
    drawn = [v for v in values if v]
    assert len(widths) == len(drawn)
    scale = widths[0] / drawn[0]
    assert [round(w / scale, 1) for w in widths] == pytest.approx(drawn, abs=0.3)
    return texts


def test_leader_dashboard_drills_down_to_the_submission(full_demo, login, live_server, axe):
    town, office = full_demo["TH-BS"], full_demo["TH-BS-TCKH"]
    # given the town's leader signed in
    page = login("lanhdao")
    page.goto(f"{live_server.url}/?period=2017")
    # then his home page answers "where do we stand?" with charts drawn, not "Việc của tôi 0/0/0/0"
    assert page.locator(".plans-home").count() == 0
    assert page.locator("#cycle .kpi-value").first.inner_text() == "19/23"
    for chart in ("chart-cycle", "chart-units", "chart-share"):
        assert page.locator(f"#{chart}[data-drawn='1']").count() == 1
    assert page.locator("#chart-cycle-table tbody tr").count() >= 2
    _fits_phone_and_passes_axe(page, axe)
    if os.environ.get("BINHDANG_SCREENSHOTS"):
        shots = Path(os.environ["BINHDANG_SCREENSHOTS"])
        shots.mkdir(parents=True, exist_ok=True)
        page.locator("#chart-cycle").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "leader-1366.png"))
        page.set_viewport_size({"width": 375, "height": 800})
        page.locator(".chart-svg[data-for='chart-cycle']").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "leader-375.png"))
        page.set_viewport_size({"width": 1366, "height": 900})
    # and a PNG of a chart can be downloaded
    with page.expect_download() as download:
        page.click(".chart-png[data-for='chart-share']")
    assert download.value.suggested_filename == "chart-share.png"
    # and an SVG of the same chart holds the same labels and figures as the table beside it
    _svg_matches_table(page, "chart-share")
    # the submissions curve keeps its Vietnamese marks as text
    texts = _svg_matches_table(page, "chart-cycle", bars=False)
    assert {"Hạn gửi", "Số báo cáo phải gửi"} <= texts
    # when he clicks the bar of the trainees' female share
    codes = page.evaluate("JSON.parse(document.getElementById('chart-share-data').textContent).links")
    _click_bar(page, "chart-share", codes.index("DP-TH-NGUOI"))
    page.wait_for_url(lambda url: f"/dashboard/{town.pk}/" in url and "DP-TH-NGUOI" in url)
    # then the town's figure is shown by sex with the gap and the ratio apart, and its units
    assert page.locator(".figure-facts dt", has_text="Chênh lệch (điểm %)").count() == 1
    assert page.locator("#chart-children[data-drawn='1']").count() == 1
    _fits_phone_and_passes_axe(page, axe)
    # when he clicks the Finance office's bar
    labels = page.evaluate("JSON.parse(document.getElementById('chart-children-data').textContent).links")
    _click_bar(page, "chart-children", labels.index(office.pk))
    page.wait_for_url(lambda url: f"/dashboard/{office.pk}/" in url)
    assert page.locator("h1").inner_text() == office.name
    _fits_phone_and_passes_axe(page, axe)
    # then one more click opens the accepted report that produced the figure
    page.locator("#submissions a", has_text="Báo cáo năm").click()
    page.wait_for_url(lambda url: "/reports/submissions/" in url)
    assert "Đã tiếp nhận" in page.inner_text("main")


def test_public_page_without_login(full_demo, page, live_server, axe):
    demo_load_publications()
    # an anonymous visitor opens the town's public page
    page.goto(f"{live_server.url}/public/TH-BS/")
    assert page.locator("h1").inner_text().startswith("Tiến độ bình đẳng giới")
    section = page.locator("#ind-ld-chuchot")
    assert section.locator("canvas[data-drawn='1']").count() == 1
    assert section.locator(".state").first.inner_text() == "Tiến bộ rõ rệt"
    assert "Mục tiêu: Tỷ lệ nữ (%) ≥ 30 (2020)" in section.inner_text()
    section.locator("summary").click()
    assert "Mã theo Thông tư 10/2019/TT-BKHĐT" in section.inner_text()
    _fits_phone_and_passes_axe(page, axe)
    with page.expect_download() as download:
        page.click("a[href$='data.csv?indicator=LD-CHUCHOT']")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("unit_code,unit_name,indicator_code,stat_code_tt10_2019")
    assert len(text.splitlines()) == 3  # 2017-H1 and 2017


def test_coordinator_dashboards_pass_axe_in_english(full_demo, login, live_server, axe):
    page = login("tinh")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/?period=2017-H1")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#chart-units[data-drawn='1']").count() == 1
    _fits_phone_and_passes_axe(page, axe)
