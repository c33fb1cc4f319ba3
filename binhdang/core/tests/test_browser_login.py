import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_coordinator_logs_in_and_sees_bim_son(demo_tree, login, live_server):
    # given the demo tree and the town's coordinator
    page = login("ldtbxh")
    # then the home page shows the user's unit and the tree opened on Bỉm Sơn
    body = page.locator("body")
    assert "Phòng Lao động - Thương binh và Xã hội" in body.inner_text()
    assert page.locator("#orgtree").get_by_text("Ủy ban nhân dân thị xã Bỉm Sơn").is_visible()
    assert page.locator("#orgtree").get_by_text("Ủy ban nhân dân phường Ba Đình").is_visible()


def test_search_without_accents_finds_bim_son(demo_tree, login, live_server):
    page = login("badinh")
    page.fill("main input[name=q]", "bim son")
    page.wait_for_selector("#search-results li a")
    assert "Ủy ban nhân dân thị xã Bỉm Sơn" in page.locator("#search-results").inner_text()


def test_phone_width_layout_has_no_horizontal_scroll(demo_tree, login, live_server):
    page = login("lanhdao")
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375
