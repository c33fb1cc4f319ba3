"""Pages: activity edit, budget lines and the estimate deadline, the demo loader."""

import datetime

import pytest

from binhdang.indicators.demo import demo_load_indicators
from binhdang.indicators.models import (
    Activity,
    BudgetCategory,
    BudgetEstimateDue,
    BudgetLine,
    IndicatorValue,
)
from binhdang.indicators.selectors import budget_report
from binhdang.indicators.services import activity_create, budget_dues_generate

pytestmark = pytest.mark.django_db


def _form(activity: Activity, **changes) -> dict:
    data = {"org_unit": activity.org_unit_id, "kind": activity.kind, "title": activity.title,
            "date": activity.date.strftime("%d/%m/%Y"), "participants_female": activity.participants_female,
            "participants_male": activity.participants_male, "version": activity.version}
    data.update(changes)
    return data


def test_activity_edit_page_saves_and_refuses_a_stale_version(client, demo_user, demo_tree):
    # given a training logged by the ward reporter
    reporter = demo_user("badinh")
    activity = activity_create(actor=reporter, org_unit=demo_tree["TH-BS-BADINH"], kind="training", title="Lớp 1",
                               date=datetime.date(2017, 3, 10), participants_female=5, participants_male=5)
    client.force_login(reporter)
    # when she changes the women to 8, then posts again from the old page
    ok = client.post(f"/indicators/activities/{activity.pk}/edit/", _form(activity, participants_female=8))
    stale = client.post(f"/indicators/activities/{activity.pk}/edit/", _form(activity, participants_female=1))
    # then the first is saved (and feeds the indicator), the second refused
    assert ok.status_code == 302
    assert "Hoạt động đã được người khác sửa; hãy tải lại trang." in stale.content.decode()
    activity.refresh_from_db()
    assert (activity.participants_female, activity.version) == (8, 2)
    assert IndicatorValue.objects.get(indicator__code="DP-TH-NGUOI", sex="F", period="2017-H1").num == 8


def test_budget_planned_vs_executed_and_estimate_due(client, demo_user, demo_tree):
    # given the town's Ban VSTBPN officer
    committee = demo_tree["TH-BS-BVSTBPN"]
    client.force_login(demo_user("bvstbpn"))
    training = BudgetCategory.objects.get(code="4")
    # when an estimate and a spending line are added for 2018 and the estimate is sent
    for kind, amount in (("estimate", "10.000.000"), ("spending", "7500000")):
        response = client.post(f"/indicators/budget/{committee.pk}/2018/",
                               {"kind": kind, "category": training.pk, "amount": amount.replace(".", ""),
                                "date": "15/07/2017"})
        assert response.status_code == 302
    assert budget_dues_generate(budget_year=2018) == 2
    due = BudgetEstimateDue.objects.get(org_unit=committee, budget_year=2018)
    client.post(f"/indicators/budget/dues/{due.pk}/submit/")
    # then the report shows 75 % executed and the due is marked sent
    row = next(r for r in budget_report(unit=committee, year=2018) if r.category.code == "4")
    assert (row.planned, row.executed, row.rate) == (10_000_000, 7_500_000, 75.0)
    due.refresh_from_db()
    assert (due.due_date, due.submitted_at is not None) == (datetime.date(2017, 7, 20), True)
    page = client.get(f"/indicators/budget/{committee.pk}/2018/").content.decode()
    assert "10.000.000" in page and "75%" in page


def test_demo_loader_is_idempotent(demo_tree):
    first = demo_load_indicators()
    counts = (IndicatorValue.objects.count(), Activity.objects.count(), BudgetLine.objects.count())
    second = demo_load_indicators()
    # without accepted reports (only the tree is loaded) no figure is typed in behind their back:
    # values come in through the reports themselves (decision 0161)
    assert first["activities_created"] == 12 and first["values_created"] == 0
    assert (second["values_created"], second["activities_created"], second["budget_lines_created"]) == (0, 0, 0)
    assert (IndicatorValue.objects.count(), Activity.objects.count(), BudgetLine.objects.count()) == counts


def test_activity_list_filtered_by_unit_and_period_renders(client, demo_tree, demo_user):
    from binhdang.demo.steps import DEMO_STEPS  # noqa: F401 - the catalogue comes from migrations
    client.force_login(demo_user("ldtbxh"))
    unit = demo_tree["TH-BS-BADINH"]
    response = client.get("/indicators/activities/", {"unit": unit.pk, "period": "2017-H1"})
    assert response.status_code == 200
    assert client.get("/indicators/activities/", {"unit": "abc"}).status_code == 200
