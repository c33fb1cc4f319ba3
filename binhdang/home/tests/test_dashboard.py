"""Home pages per role: the leader's and coordinators' dashboards print the figures of the
status page and of the indicator table for the same period; the reporter sees what is due
first; the drill-down reaches the submission; the trend is one query."""

import re

import pytest

from binhdang.home import selectors
from binhdang.indicators.models import Indicator
from binhdang.indicators.selectors import unit_table
from binhdang.reporting.selectors import status_report

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_leader_sees_the_town_dashboard_not_the_reporters_zeros(full_demo, client, demo_user):
    leader = demo_user("lanhdao")
    client.force_login(leader)
    response = client.get("/?period=2017")
    html, text = response.content.decode(), _text(response)
    assert 'id="dashboard"' in html and 'class="plans-home"' not in html
    # the reporting cycle: the status page's totals for the same period and unit
    report = status_report(period_key="2017", user=leader, root=full_demo["TH-BS"])
    totals = report.totals
    assert f"{totals.sent}/{totals.expected}" in text and f"({totals.percent_sent}%)" in text
    assert (totals.expected, totals.sent, totals.on_time, totals.late, totals.accepted) == (23, 19, 15, 4, 11)
    cycle = response.context["cycle"]
    assert cycle.curve[-1].sent == totals.sent and cycle.deadline.isoformat() == "2017-12-15"
    # the units most behind: those that sent nothing come first
    behind = [n.unit.code for n in cycle.behind]
    silent = {n.unit.code for n in report.children if n.totals.sent == 0}
    assert set(behind[:len(silent)]) == silent and len(silent) == 4
    assert "Phòng Kinh tế" in html.split('id="behind"')[1].split("</table>")[0]
    # plan progress by task and by lead unit, on the last day of the period's data window
    progress = response.context["progress"]
    assert [p.number for p in progress.plans] == ["268/KH-UBND"] and progress.as_of.isoformat() == "2017-12-14"
    assert sum(progress.counts.values()) == len(progress.tasks) == 30
    assert sum(u.total for u in progress.units) >= len(progress.tasks)
    # the indicators by sex: gap in points and ratio in their own columns, equal to the table page's
    table = unit_table(unit=full_demo["TH-BS"], period="2017", with_children=False)
    figure = table.figure(full_demo["TH-BS"].pk, Indicator.objects.get(code="DP-TH-NGUOI"))
    row = html.split('id="gender-table"')[1].split("Số người được tập huấn về bình đẳng giới")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num" data-label="([^"]+)">([^<]*)</td>', row)
    assert dict(cells)["Nữ"] == f"{figure.female:g}" and dict(cells)["Nam"] == f"{figure.male:g}"
    assert dict(cells)["Chênh lệch (điểm %)"] == f"+{figure.gap_pp:.1f}".replace(".", ",")
    assert dict(cells)["Tỷ số nữ/nam"] == f"{figure.fm_ratio:.2f}".replace(".", ",")
    # charts: the vendored library and the static script, data as JSON (no inline script)
    assert "vendor/chartjs/chart.umd.min.js" in html and 'id="chart-cycle-data" type="application/json"' in html
    assert not re.search(r"<script>(?!\s*</script>)", html)
    # the town's public page is one click away; publishing is for its coordinators only
    assert 'href="/public/TH-BS/"' in html and "/public/TH-BS/publish/" not in html
    client.force_login(demo_user("ldtbxh"))
    assert 'href="/public/TH-BS/publish/"' in client.get("/?period=2017").content.decode()


def test_a_province_coordinator_sees_the_current_cycle_and_can_choose_another(full_demo, client, demo_user):
    client.force_login(demo_user("tinh"))
    response = client.get("/")
    assert response.context["root"].code == "TH"
    assert response.context["period_key"] == "2026-H1"  # the last cycle whose deadline passed
    assert response.context["cycle"].totals.expected == 6
    response = client.get("/?period=2017-H1")
    totals = status_report(period_key="2017-H1", user=demo_user("tinh"), root=full_demo["TH"]).totals
    assert response.context["cycle"].totals.as_dict() == totals.as_dict() and totals.expected > 0
    assert response.context["data_period"].key == "2017-H1"


def test_a_reporter_sees_what_is_due_from_her_unit_first(full_demo, client, demo_user):
    client.force_login(demo_user("halan"))  # xã Hà Lan has not sent its 2017 annual report
    response = client.get("/")
    html = response.content.decode()
    assert 'id="dashboard"' not in html
    assert html.index('id="due-first"') < html.index("Đơn vị của tôi")
    work = response.context["work"]
    due = work.obligations_overdue + work.obligations_due_soon
    assert due and all(ob.org_unit.code == "TH-BS-HALAN" for ob in due)
    assert any(ob.kind == "report_annual" for ob in work.obligations_overdue)
    assert f"/reports/obligations/{due[0].pk}/" in html.split('id="due-first"')[1].split("</section>")[0]
    # a ward whose reports are all in sees only its overdue plan tasks there
    client.force_login(demo_user("badinh"))
    response = client.get("/")
    section = response.content.decode().split('id="due-first"')[1].split("</section>")[0]
    assert response.context["work"].obligations_overdue == [] and "/reports/obligations/" not in section
    assert all(f"/plans/tasks/{row.task.pk}/" in section for row in response.context["work"].overdue)


def test_drill_down_from_the_town_to_a_unit_and_its_accepted_report(full_demo, client, demo_user):
    client.force_login(demo_user("lanhdao"))
    town, office = full_demo["TH-BS"], full_demo["TH-BS-TCKH"]
    response = client.get(f"/dashboard/{town.pk}/?period=2017&indicator=DP-TH-NGUOI")
    children = {c.unit.code: c.figure for c in response.context["drill"].children}
    table = unit_table(unit=town, period="2017", indicators=[Indicator.objects.get(code="DP-TH-NGUOI")])
    for child in table.children:
        figure = table.figure(child.pk, table.indicators[0])
        if not figure.is_empty:
            assert (children[child.code].female, children[child.code].male) == (figure.female, figure.male)
    html = response.content.decode()
    assert f'href="/dashboard/{office.pk}/?period=2017&amp;indicator=DP-TH-NGUOI"' in html
    response = client.get(f"/dashboard/{office.pk}/?period=2017&indicator=DP-TH-NGUOI")
    (submission,) = [s for s in response.context["drill"].submissions if s.status == "accepted"]
    assert submission.obligation.kind == "report_annual" and submission.org_unit == office
    assert f'href="/reports/submissions/{submission.pk}/"' in response.content.decode()
    # a unit outside the leader's town is not shown
    assert client.get(f"/dashboard/{full_demo['TH'].pk}/").status_code == 404


def test_the_trend_is_one_query_and_marks_the_2025_series_break(full_demo, django_assert_num_queries):
    indicator = Indicator.objects.get(code="DP-TH-NGUOI")
    with django_assert_num_queries(1):
        points = selectors.indicator_trend(unit=full_demo["TH-BS"], indicator=indicator)
    assert [p.period for p in points] == ["2017-H1", "2017"]
    chart = selectors.trend_chart(points, indicator)
    assert chart["labels"][0] == "2017-H1" and chart["marker"] == "2025-H2"
    assert chart["series"][0]["data"][0] == points[0].female and chart["series"][0]["data"][1] is None


def test_the_submissions_curve_counts_each_first_submission_once(full_demo, demo_user):
    cycle = selectors.reporting_cycle(user=demo_user("ldtbxh"), root=full_demo["TH-BS"], period_key="2017-H1")
    sent = [p.sent for p in cycle.curve]
    assert sent == sorted(sent) and sent[-1] == cycle.totals.sent
    assert cycle.curve[0].day < cycle.deadline <= cycle.curve[-1].day
    assert [p.day for p in cycle.steps] == sorted({p.day for p in cycle.steps})


def test_plan_progress_reads_each_lead_units_state_as_the_task_page_does(full_demo, demo_user):
    import datetime

    from binhdang.plans.models import Plan
    from binhdang.plans.progress import task_assignee_states

    for as_of in (datetime.date(2017, 6, 14), datetime.date(2026, 12, 1)):
        states_of = selectors._assignee_states(plans=list(Plan.objects.filter(year=2017)), until=as_of)
        for task in selectors._plan_task_list(list(Plan.objects.filter(year=2017))):
            mine = [(s.unit.pk, s.status, s.percent, s.evidence) for s in states_of(task)]
            theirs = [(s.unit.pk, s.status, s.percent, s.evidence) for s in task_assignee_states(task, until=as_of)]
            assert mine == theirs


def test_a_cached_dashboard_shows_a_write_at_once(full_demo, client, demo_user):
    """The dashboard's reads are cached until the next write (docs/decisions/0323): a report
    accepted between two requests is counted by the second, and the tree follows a new unit."""
    from binhdang.orgunits.services import orgunit_create
    from binhdang.reporting.models import Submission
    from binhdang.reporting.services import submission_accept

    leader = demo_user("lanhdao")
    client.force_login(leader)
    first = client.get("/?period=2017").context["cycle"].totals
    assert client.get("/?period=2017").context["cycle"].totals.accepted == first.accepted  # from the cache
    pending = (Submission.objects.filter(status=Submission.Status.SUBMITTED, obligation__kind="report_annual",
                                         org_unit__path__startswith=full_demo["TH-BS"].path)
               .select_related("obligation__receiver").first())
    coordinator = next(m.user for m in pending.obligation.receiver.memberships.filter(role="coordinator"))
    submission_accept(actor=coordinator, submission=pending, version=pending.version)
    after = client.get("/?period=2017").context["cycle"].totals
    assert (after.accepted, after.sent, after.expected) == (first.accepted + 1, first.sent, first.expected)
    # a unit created under the town shows in the home page's tree at once
    orgunit_create(actor=demo_user("admin"), parent=full_demo["TH-BS"], name="Phường Thử Nghiệm",
                   code="TH-BS-THU", kind="administrative", level="commune")
    assert "Phường Thử Nghiệm" in client.get("/?period=2017").content.decode()


@pytest.mark.parametrize(("username", "key"), [("lanhdao", "2017"), ("tinh", "2017-H1"), ("ldtbxh", "2017-H1")])
def test_the_cycle_counted_by_the_database_equals_the_status_rows(full_demo, demo_user, username, key):
    """status_summary counts in GROUP BY queries what status_report decides row by row: the
    same totals, children's totals, days of first submission (Vietnam time) and waiting list."""
    from collections import Counter

    from django.utils import timezone

    from binhdang.reporting.selectors import status_summary

    user = demo_user(username)
    root = selectors.dashboard_root(user=user)
    summary = status_summary(period_key=key, user=user, root=root)
    report = status_report(period_key=key, user=user, root=root)
    assert summary.totals.as_dict() == report.totals.as_dict() and summary.totals.expected == 23
    assert ([(c.unit.pk, c.totals.as_dict()) for c in summary.children]
            == [(c.unit.pk, c.totals.as_dict()) for c in report.children])
    days = Counter((timezone.localtime(r.submitted_at).date(), bool(r.on_time)) for r in report.rows if r.submitted_at)
    assert Counter({(d, o): n for d, o, n in summary.sent_days}) == days
    waiting = [r for r in report.rows if r.status in ("missing", "draft", "returned") or r.on_time is False]
    waiting.sort(key=lambda r: (r.status not in ("missing", "draft", "returned"), r.obligation.due_date,
                                r.unit.path, r.obligation.pk))
    assert summary.waiting == [r.obligation.pk for r in waiting][:50] and summary.waiting
