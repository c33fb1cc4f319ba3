"""Browser journey: a ward reporter logs a training; the town coordinator sees it in the
town's 6-month indicator table."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ward_training_shows_in_the_town_half_year_table(demo_tree, login, live_server):
    # given the Ba Đình ward reporter on a phone-sized screen
    page = login("badinh")
    page.set_viewport_size({"width": 375, "height": 800})
    # when she logs a training with 25 women and 10 men on 10/03/2017
    page.goto(f"{live_server.url}/indicators/activities/new/")
    page.select_option("#id_kind", "training")
    page.fill("#id_title", "Tập huấn kiến thức bình đẳng giới cho cán bộ khu phố")
    page.fill("#id_date", "10/03/2017")
    page.fill("#id_participants_female", "25")
    page.fill("#id_participants_male", "10")
    page.click("#activity-form button[type=submit].primary")
    page.wait_for_url(lambda url: url.endswith("/indicators/activities/"))
    assert "10/03/2017" in page.inner_text("#activities")
    # and the town coordinator opens the town's 2017-H1 table
    page.context.clear_cookies()
    page = login("ldtbxh")
    page.goto(f"{live_server.url}/indicators/unit/{demo_tree['TH-BS'].pk}/2017-H1/")
    # then the trainees by sex and the number of classes include it
    row = page.locator("tr[data-code='DP-TH-NGUOI']")
    assert (row.locator("td.female").inner_text(), row.locator("td.male").inner_text(),
            row.locator("td.total").inner_text()) == ("25", "10", "35")
    assert page.locator("tr[data-code='DP-TH-LOP'] td.total").inner_text() == "1"
    # and the ward's column links down the tree to the ward's own table
    page.click("#indicator-table th.child a:text('phường Ba Đình')")
    page.wait_for_url(lambda url: f"/unit/{demo_tree['TH-BS-BADINH'].pk}/2017-H1/" in url)
    assert page.locator("tr[data-code='DP-TH-NGUOI'] td.female").inner_text() == "25"
