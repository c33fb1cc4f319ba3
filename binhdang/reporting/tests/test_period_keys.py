"""One period grammar on every surface: the same key means the same obligations in the CLI,
the pages and the API, and a bad key gets the same Vietnamese message on all three."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from binhdang.core.periods import bad_period_message
from binhdang.reporting import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(seed_plan, demo_tree, demo_user):
    """Every key kind, with the ad-hoc request the coordinator sends to two wards."""
    request = services.adhoc_request_create(
        actor=demo_user("ldtbxh"), plan=seed_plan, title="Báo cáo nhanh quý III",
        units=[demo_tree["TH-BS-BADINH"], demo_tree["TH-BS-LAMSON"]],
        due_date=datetime.date(2017, 9, 30))
    return {"2017-plan": 23, "2017-H1": 23, "2017-H2": 0, "2017": 23, request.period_key: 2}


def _api(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_key_kind_means_the_same_obligations_in_cli_pages_and_api(keys, demo_user, capsys):
    coordinator = demo_user("ldtbxh")
    client = _api(coordinator)
    for key, expected in keys.items():
        # CLI
        call_command("report", "status", "--period", key, "--json")
        cli = json.loads(capsys.readouterr().out)
        # API: status and the obligations list
        status = client.get("/api/reporting/status/", {"period": key})
        listed = client.get("/api/obligations/", {"period": key, "limit": 500})
        # pages
        page = client.get("/reports/status/", {"period": key})
        reports = client.get("/reports/", {"period": key})
        assert (cli["period"], cli["totals"]["expected"]) == (key, expected), key
        assert status.status_code == 200 and status.json()["totals"] == cli["totals"], key
        assert listed.status_code == 200, (key, listed.content[:200])
        body = listed.json()
        count = body["count"] if isinstance(body, dict) else len(body)
        assert count == expected, key
        assert page.status_code == 200 and reports.status_code == 200, key
        window = {"2017-H1": {"from": "2016-12-15", "to": "2017-06-14"},
                  "2017-H2": {"from": "2017-06-15", "to": "2017-12-14"},
                  "2017": {"from": "2016-12-15", "to": "2017-12-14"}}.get(key)
        assert cli["window"] == window, key


@pytest.mark.parametrize("bad", ["2017-H3", "2017-q1", "adhoc-", "1800", "abc"])
def test_a_bad_key_gets_one_vietnamese_message_everywhere(seed_plan, demo_user, capsys, bad):
    message = bad_period_message(bad)
    client = _api(demo_user("ldtbxh"))
    with pytest.raises(CommandError) as cli_error:
        call_command("report", "status", "--period", bad, "--json")
    api = client.get("/api/obligations/", {"period": bad})
    status = client.get("/api/reporting/status/", {"period": bad})
    page = client.get("/reports/status/", {"period": bad}, follow=True)
    assert message in str(cli_error.value)
    assert api.status_code == 400 and message in api.content.decode()
    assert status.status_code == 400 and message in status.content.decode()
    assert page.status_code in (200, 400) and message in page.content.decode()
    assert capsys.readouterr().out == ""


def test_indicator_pages_refuse_a_period_without_data(demo_user, demo_tree):
    client = _api(demo_user("ldtbxh"))
    town = demo_tree["TH-BS"]
    assert client.get(f"/indicators/unit/{town.pk}/2017-H2/").status_code == 200
    assert client.get(f"/indicators/unit/{town.pk}/2017-plan/").status_code == 404
