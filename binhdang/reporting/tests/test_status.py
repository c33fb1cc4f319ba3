"""Completeness and timeliness on the demo's 2017: Status JSON shape, totals, the command."""

import json

import pytest
from django.core.management import CommandError, call_command

from binhdang.reporting import selectors

pytestmark = pytest.mark.django_db

STATUSES = {"missing", "draft", "submitted", "returned", "accepted"}


@pytest.mark.parametrize("period", ["2017-H1", "2017", "2017-plan"])
def test_status_json_shape_and_invariants(demo_2017, period):
    # when
    data = selectors.status_json(period_key=period)
    # then
    assert set(data) == {"period", "window", "obligations", "totals"}
    assert data["period"] == period
    assert data["window"] == {"2017-H1": {"from": "2016-12-15", "to": "2017-06-14"},
                              "2017": {"from": "2016-12-15", "to": "2017-12-14"},
                              "2017-plan": None}[period]
    totals = data["totals"]
    assert set(totals) == {"expected", "missing", "draft", "submitted", "returned", "accepted", "on_time", "late"}
    assert totals["expected"] == len(data["obligations"]) == 23
    assert totals["expected"] == sum(totals[s] for s in STATUSES)
    sent = [o for o in data["obligations"] if o["submitted_at"] is not None]
    assert totals["on_time"] + totals["late"] == len(sent)
    for row in data["obligations"]:
        assert set(row) == {"unit", "obligation", "due", "status", "submitted_at", "on_time"}
        assert row["status"] in STATUSES
        assert (row["on_time"] is None) == (row["submitted_at"] is None)
        if row["submitted_at"]:
            assert row["submitted_at"].endswith("+07:00")


def test_demo_2017_h1_is_the_story_the_docs_tell(demo_2017):
    data = selectors.status_json(period_key="2017-H1")
    assert data["totals"] == {"expected": 23, "missing": 2, "draft": 1, "submitted": 5, "returned": 1,
                              "accepted": 14, "on_time": 16, "late": 4}
    badinh = next(o for o in data["obligations"] if o["unit"] == "Ủy ban nhân dân phường Ba Đình")
    assert badinh == {"unit": "Ủy ban nhân dân phường Ba Đình", "obligation": "Báo cáo 6 tháng", "due": "2017-06-15",
                      "status": "accepted", "submitted_at": "2017-06-13T09:20:00+07:00", "on_time": True}
    lamson = next(o for o in data["obligations"] if o["unit"] == "Ủy ban nhân dân phường Lam Sơn")
    assert lamson["status"] == "returned"


def test_demo_loader_is_idempotent_and_keeps_user_changes(demo_2017):
    from binhdang.reporting.demo import demo_load_reporting
    from binhdang.reporting.models import Submission

    draft = Submission.objects.get(org_unit__code="TH-BS-HALAN", obligation__kind="report_semiannual")
    Submission.objects.filter(pk=draft.pk).update(content={**draft.content, "kho_khan": "người dùng sửa"})
    before = Submission.objects.count()
    assert demo_load_reporting() == {"submissions": 0, "notifications": 0}
    assert Submission.objects.count() == before
    assert Submission.objects.get(pk=draft.pk).content["kho_khan"] == "người dùng sửa"


def test_command_prints_the_status_json(demo_2017, capsys):
    # when
    call_command("report", "status", "--period", "2017-H1", "--json")
    # then
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["period"] == "2017-H1" and data["totals"]["expected"] == 23


def test_command_refuses_an_unknown_period_in_vietnamese(demo_tree, capsys):
    with pytest.raises(CommandError) as error:
        call_command("report", "status", "--period", "2017-H9", "--json")
    assert "Kỳ “2017-H9” không hợp lệ" in str(error.value)
    assert capsys.readouterr().out == ""


def test_command_speaks_english_when_asked(demo_tree, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en_US")
    with pytest.raises(CommandError) as error:
        call_command("report", "status", "--period", "nope", "--json")
    assert "Unknown period “nope”" in str(error.value)


def test_rollup_from_the_province_to_the_town(demo_2017, demo_tree):
    report = selectors.status_report(period_key="2017-H1", root=demo_tree["TH"])
    assert [(n.unit.code, n.totals.expected, n.totals.accepted) for n in report.children] == [("TH-BS", 23, 14)]
    town = selectors.status_report(period_key="2017-H1", root=demo_tree["TH-BS"])
    assert sum(n.totals.expected for n in town.children) == 23
    assert {n.unit.code: n.totals.as_dict()["missing"] for n in town.children}["TH-BS-CA"] == 1


def test_consolidation_merges_accepted_reports_naming_each_unit(demo_2017, demo_tree):
    # when
    c = selectors.consolidation_build(demo_tree["TH-BS-LDTBXH"], "2017-H1")
    with_submitted = selectors.consolidation_build(demo_tree["TH-BS-LDTBXH"], "2017-H1", include_submitted=True)
    # then
    assert len(c.included) == 14 and len(with_submitted.included) == 19
    section = next(s for s in c.sections if s.key == "tuyen_truyen")
    units = [p.unit for p in section.contributions]
    assert "Ủy ban nhân dân phường Ba Đình" in units
    assert "Ủy ban nhân dân phường Lam Sơn" not in units  # returned: not merged
    indicators = next(s for s in c.sections if s.key == "chi_tieu").indicators
    values = [v for v in selectors.submission_indicator_values("2017-H1") if v.code == "LD-LANHDAO"]
    row = next(i for i in indicators if i.code == "LD-LANHDAO")
    assert (row.female, row.male, row.units) == (sum(v.female for v in values), sum(v.male for v in values), 14)
    assert not any(v.unit_code == "TH-BS-LAMSON" for v in values)  # returned: not counted
    tasks = next(s for s in c.sections if s.key == "nhiem_vu")
    assert sum(tasks.task_counts.values()) > 0


def test_pages_render_for_every_role(demo_2017, demo_user, client):
    for username in ["ldtbxh", "badinh", "lanhdao", "tinh", "hoilhpn"]:
        client.force_login(demo_user(username))
        for url in ["/reports/", "/reports/?period=2017", "/reports/status/?period=2017-H1",
                    "/reports/status/?period=2017-plan", "/reports/notifications/", "/"]:
            assert client.get(url).status_code == 200, (username, url)
    client.force_login(demo_user("ldtbxh"))
    for url in ["/reports/consolidation/?period=2017-H1&include_submitted=1", "/reports/forms/", "/reports/adhoc/new/"]:
        assert client.get(url).status_code == 200, url
