"""Who may enter, read and edit the catalogue; refused writes change nothing."""

import pytest

from binhdang.core.models import AuditEvent
from binhdang.indicators.models import Activity, Indicator, IndicatorValue, Target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "unit_code", "page", "status"),
    [
        ("badinh", "TH-BS-BADINH", "entry", 200),
        ("badinh", "TH-BS-BADINH", "table", 200),
        ("badinh", "TH-BS-LAMSON", "entry", 404),
        ("badinh", "TH-BS-LAMSON", "table", 404),
        ("badinh", "TH-BS", "table", 404),
        ("ldtbxh", "TH-BS", "table", 200),
        ("ldtbxh", "TH-BS-BADINH", "table", 200),
        ("ldtbxh", "TH-BS", "entry", 403),
        ("ldtbxh", "TH-BS-LDTBXH", "entry", 200),
        ("lanhdao", "TH-BS", "table", 200),
        ("lanhdao", "TH-BS", "entry", 403),
        ("tinh", "TH", "table", 200),
        ("admin", "TH-BS-BADINH", "entry", 200),
    ],
)
def test_page_access_matrix(client, demo_user, demo_tree, username, unit_code, page, status):
    client.force_login(demo_user(username))
    suffix = "entry/" if page == "entry" else ""
    response = client.get(f"/indicators/unit/{demo_tree[unit_code].pk}/2017-H1/{suffix}")
    assert response.status_code == status


@pytest.mark.parametrize(("username", "status"), [("admin", 200), ("tinh", 200), ("ldtbxh", 403),
                                                  ("badinh", 403), ("lanhdao", 403)])
def test_catalogue_edit_needs_root_coordination_or_administration(client, demo_user, demo_tree, username, status):
    indicator = Indicator.objects.get(code="DP-VIECLAM")
    client.force_login(demo_user(username))
    assert client.get(f"/indicators/catalogue/{indicator.pk}/edit/").status_code == status


def test_refused_catalogue_and_target_writes_change_nothing(client, demo_user, demo_tree):
    # given a town coordinator (not at the root of the tree)
    client.force_login(demo_user("ldtbxh"))
    indicator = Indicator.objects.get(code="DP-VIECLAM")
    targets, audits = Target.objects.count(), AuditEvent.objects.count()
    # when they post an indicator edit and a new target
    edit = client.post(f"/indicators/catalogue/{indicator.pk}/edit/",
                       {"name": "Đổi tên", "unit": "người", "kind": "count", "scale": 1, "direction": "higher",
                        "periodicity": "year", "group": "local", "version": indicator.version})
    new = client.post(f"/indicators/catalogue/{indicator.pk}/targets/new/",
                      {"measure": "value", "comparator": "ge", "value": "5", "year": 2020, "scope": "national"})
    # then both are refused and nothing changed
    assert (edit.status_code, new.status_code) == (403, 403)
    assert Indicator.objects.get(pk=indicator.pk).name == "Số người được tạo việc làm mới"
    # the two refusals are recorded as such (issue 14), nothing else is
    assert Target.objects.count() == targets
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)[audits:]) == ["access.denied"] * 2


def test_root_coordinator_edits_a_target_with_audit(client, demo_user, demo_tree):
    client.force_login(demo_user("tinh"))
    indicator = Indicator.objects.get(code="DP-VIECLAM")
    response = client.post(f"/indicators/catalogue/{indicator.pk}/targets/new/",
                           {"measure": "female_share", "comparator": "ge", "value": "45", "year": 2026,
                            "scope": "province"})
    assert response.status_code == 302
    target = Target.objects.get(indicator=indicator, year=2026)
    assert (target.measure, target.value, target.scope) == ("female_share", 45.0, "province")
    assert AuditEvent.objects.filter(action="indicators.target_create", object_id=str(target.pk)).count() == 1


def test_percent_target_over_100_is_refused(client, demo_user, demo_tree):
    client.force_login(demo_user("admin"))
    indicator = Indicator.objects.get(code="CL21-1.1")
    before = Target.objects.count()
    response = client.post(f"/indicators/catalogue/{indicator.pk}/targets/new/",
                           {"measure": "value", "comparator": "ge", "value": "120", "year": 2030, "scope": "national"})
    assert response.status_code == 200
    assert "Mục tiêu tỷ lệ phải nằm trong khoảng 0–100." in response.content.decode()
    assert Target.objects.count() == before


def test_reporter_posting_values_for_another_ward_changes_nothing(client, demo_user, demo_tree):
    client.force_login(demo_user("badinh"))
    indicator = Indicator.objects.get(code="DP-VIECLAM")
    response = client.post(f"/indicators/unit/{demo_tree['TH-BS-LAMSON'].pk}/2017-H1/entry/",
                           {f"v-{indicator.pk}-F": "5"})
    assert response.status_code == 404
    assert IndicatorValue.objects.count() == 0


def test_viewer_cannot_log_an_activity(client, demo_user, demo_tree):
    client.force_login(demo_user("lanhdao"))
    response = client.post("/indicators/activities/new/", {
        "org_unit": demo_tree["TH-BS"].pk, "kind": "training", "title": "x", "date": "10/03/2017",
        "participants_female": 1, "participants_male": 1})
    assert response.status_code == 200  # the unit is not offered: the form refuses it
    assert Activity.objects.count() == 0


def test_grid_post_saves_and_shows_vietnamese_numbers(client, demo_user, demo_tree):
    client.force_login(demo_user("badinh"))
    ward = demo_tree["TH-BS-BADINH"]
    indicator = Indicator.objects.get(code="DP-VIECLAM")
    response = client.post(f"/indicators/unit/{ward.pk}/2017-H1/entry/",
                           {f"v-{indicator.pk}-F": "1.250", f"v-{indicator.pk}-M": "980"})
    assert response.status_code == 302
    page = client.get(f"/indicators/unit/{ward.pk}/2017-H1/").content.decode()
    assert "2.230" in page and "1.250" in page
    assert sorted(IndicatorValue.objects.values_list("sex", "num")) == [("F", 1250.0), ("M", 980.0)]
