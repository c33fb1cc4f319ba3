"""The status page is paginated with a bounded page size and filtered by state, unit kind
and province; its totals and roll-ups still count everything the filters keep."""

import datetime
import re

import pytest

from binhdang.orgunits.generator import generate_national_tree
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind, Plan
from binhdang.reporting import selectors
from binhdang.reporting.models import Submission

from .conftest import at

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[tuple[str, str]]:
    """(unit code, state) of each row of the list on the page."""
    return re.findall(r'<tr data-unit="([^"]+)" data-status="(\w+)"', html)


def _codes(rows) -> list[str]:
    return [r.unit.code for r in rows]


def test_pages_together_are_the_whole_list_and_totals_count_everything(demo_2017, demo_tree, demo_user):
    user = demo_user("ldtbxh")
    whole = selectors.status_report(period_key="2017-H1", user=user, root=demo_tree["TH-BS"])
    # when
    pages = [selectors.status_page(period_key="2017-H1", user=user, root=demo_tree["TH-BS"], page=n, page_size=10)
             for n in (1, 2, 3)]
    # then
    assert [p.pages for p in pages] == [3, 3, 3] and [len(p.rows) for p in pages] == [10, 10, 3]
    assert [c for p in pages for c in _codes(p.rows)] == _codes(whole.rows)
    assert [(r.status, r.on_time, r.submitted_at) for p in pages for r in p.rows] == [
        (r.status, r.on_time, r.submitted_at) for r in whole.rows]
    for page in pages:
        assert page.totals.as_dict() == whole.totals.as_dict()
        assert page.totals.as_dict() == {"expected": 23, "missing": 2, "draft": 1, "submitted": 5,
                                         "returned": 1, "accepted": 14, "on_time": 16, "late": 4}
        assert [(n.unit.code, n.totals.as_dict()) for n in page.children] == [
            (n.unit.code, n.totals.as_dict()) for n in whole.children]
    assert (pages[2].first_index, pages[2].last_index, pages[2].count) == (21, 23, 23)


def test_state_and_kind_filters_and_page_bounds(demo_2017, demo_tree, demo_user):
    user = demo_user("ldtbxh")
    root = demo_tree["TH-BS"]
    # when
    accepted = selectors.status_page(period_key="2017-H1", user=user, root=root, status="accepted")
    late = selectors.status_page(period_key="2017-H1", user=user, root=root, status="late")
    agencies = selectors.status_page(period_key="2017-H1", user=user, root=root, unit_kind="agency")
    beyond = selectors.status_page(period_key="2017-H1", user=user, root=root, page=99, page_size=10)
    huge = selectors.status_page(period_key="2017-H1", user=user, root=root, page_size=10**9)
    # then
    assert accepted.count == 14 and {r.status for r in accepted.rows} == {"accepted"}
    assert accepted.totals.expected == 23  # the totals are the unit's, the list is filtered
    assert late.count == 4 and all(r.on_time is False for r in late.rows)
    assert agencies.rows and {r.unit.kind for r in agencies.rows} == {"agency"}
    assert agencies.totals.expected == len(agencies.rows) < 23
    assert beyond.page == 3 and _codes(beyond.rows) == _codes(
        selectors.status_page(period_key="2017-H1", user=user, root=root, page=3, page_size=10).rows)
    assert huge.page_size == selectors.STATUS_PAGE_SIZE_MAX


def test_a_reporter_pages_through_its_own_unit_only(demo_2017, demo_tree, demo_user):
    page = selectors.status_page(period_key="2017-H1", user=demo_user("badinh"), root=demo_tree["TH-BS-BADINH"])
    assert _codes(page.rows) == ["TH-BS-BADINH"] and page.totals.expected == 1


@pytest.fixture
def country(db):
    """A small synthetic country (34 provinces, 68 communes) with one report owed by each
    commune to its province's Ban VSTBPN; every other one accepted."""
    root = generate_national_tree(communes=68, prefix="GENT")
    plan = Plan.objects.create(issuer=root, number="T/KH", date=datetime.date(2017, 1, 10), year=2017,
                               title="Kế hoạch thử")
    for province in OrgUnit.objects.filter(depth=root.depth + 1, path__startswith=root.path):
        receiver = OrgUnit.objects.get(code=f"{province.code}-BVSTBPN")
        for unit in OrgUnit.objects.filter(path__startswith=province.path, level="commune"):
            obligation = Obligation.objects.create(
                plan=plan, kind=ObligationKind.REPORT_SEMIANNUAL, title="Báo cáo 6 tháng", org_unit=unit,
                receiver=receiver, due_date=datetime.date(2017, 6, 15))
            if unit.code.endswith("1"):
                Submission.objects.create(obligation=obligation, org_unit=unit, status="accepted",
                                          first_submitted_at=at(2017, 6, 10), last_submitted_at=at(2017, 6, 10))
    return root


def test_the_country_is_narrowed_to_a_province(country, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri-test", "qt@example.invalid", "x-2017-secret")
    hanoi = OrgUnit.objects.get(code="GENT-P01")
    # when
    whole = selectors.status_page(period_key="2017-H1", user=admin, root=country, page_size=20)
    one = selectors.status_page(period_key="2017-H1", user=admin, root=country, province=hanoi)
    # then
    assert whole.count == 68 and whole.pages == 4 and len(whole.rows) == 20
    assert len(whole.provinces) == 34 and len(whole.children) == 34
    assert whole.totals.accepted == 34  # C001 and C011… end in 1: the first commune of each province, once
    assert _codes(one.rows) == ["GENT-P01-C001", "GENT-P01-C002"]
    assert one.totals.as_dict() == {"expected": 2, "missing": 1, "draft": 0, "submitted": 0, "returned": 0,
                                    "accepted": 1, "on_time": 1, "late": 0}
    assert selectors.status_province(root=hanoi, pk=OrgUnit.objects.get(code="GENT-P02").pk) is None


def test_the_page_shows_one_page_with_a_pager_and_bad_parameters_do_no_harm(demo_2017, demo_tree, demo_user, client):
    client.force_login(demo_user("ldtbxh"))
    town = demo_tree["TH-BS"].pk
    # when
    first = client.get(f"/reports/status/?period=2017-H1&unit={town}&size=10")
    last = client.get(f"/reports/status/?period=2017-H1&unit={town}&size=10&page=3")
    agencies = client.get(f"/reports/status/?period=2017-H1&unit={town}&kind=agency&status=accepted")
    odd = client.get("/reports/status/?period=2017-H1&page=abc&size=-5&kind=zzz&status=nope"
                     "&province=99999999999999999999&unit=99999999999999999999")
    # then
    html = first.content.decode()
    assert first.status_code == 200 and len(_rows(html)) == 10
    assert "Dòng 1–10 trong 23 nghĩa vụ." in html and "Trang 1/3" in html
    assert 'rel="next"' in html and "size=10" in re.search(r'href="\?([^"]*)page=2"', html)[1]
    assert len(_rows(last.content.decode())) == 3 and 'rel="prev"' in last.content.decode()
    page = agencies.content.decode()
    assert {status for _, status in _rows(page)} == {"accepted"}
    assert all(OrgUnit.objects.get(code=c).kind == "agency" for c in (code for code, _ in _rows(page)))
    assert odd.status_code == 404  # a unit that does not exist
    odd = client.get("/reports/status/?period=2017-H1&page=abc&size=-5&kind=zzz&status=nope&province=9999999999999")
    assert odd.status_code == 200 and len(_rows(odd.content.decode())) == 23


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_paginated_status_page_in_a_browser(demo_2017, demo_tree, login, live_server, axe):
    page = login("ldtbxh")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/reports/status/?period=2017-H1&unit={demo_tree['TH-BS'].pk}&size=10")
    assert page.locator("#status-rows tbody tr").count() == 10
    page.click("#status-pager a[rel=next]")
    page.wait_for_url(lambda url: "page=2" in url)
    assert page.locator("#status-rows tbody tr").count() == 10
    assert "Trang 2/3" in page.locator("#status-pager").inner_text()
    assert axe(page) == []
    page.screenshot(path="/tmp/h_ops/status-1366.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="/tmp/h_ops/status-375.png", full_page=True)
