import datetime

import pytest

from binhdang.plans.models import Recurrence, TaskDue
from binhdang.plans.selectors import (
    calendar_events,
    month_grid,
    my_work,
    obligation_list_visible,
    plan_to_contract_json,
    recurrence_dates,
    task_list_visible,
    task_status_on,
)
from binhdang.plans.services import task_update_progress

pytestmark = pytest.mark.django_db
D = datetime.date


def test_recurrence_expansion_in_one_year():
    assert recurrence_dates(Recurrence(freq="yearly", month=3, day=8), 2017) == [D(2017, 3, 8)]
    assert recurrence_dates(Recurrence(freq="yearly", month=2, day=29), 2017) == [D(2017, 2, 28)]
    assert recurrence_dates(Recurrence(freq="semiannual"), 2017) == [D(2017, 6, 15), D(2017, 12, 15)]
    assert recurrence_dates(Recurrence(freq="quarterly", day=31), 2017) == [
        D(2017, 3, 31), D(2017, 6, 30), D(2017, 9, 30), D(2017, 12, 31)
    ]
    monthly = recurrence_dates(Recurrence(freq="monthly", day=31), 2017)
    assert len(monthly) == 12
    assert monthly[1] == D(2017, 2, 28)


def test_task_status_is_overdue_after_the_final_due_date_unless_done(task_of, demo_user):
    task = task_of("III.2.a")
    TaskDue.objects.create(task=task, date=D(2017, 6, 15), text="")
    assert task_status_on(task, D(2017, 6, 15)) == "not_started"
    assert task_status_on(task, D(2017, 6, 16)) == "overdue"
    task_update_progress(actor=demo_user("hoilhpn"), task=task, text="Xong", percent=100)
    task.refresh_from_db()
    assert task_status_on(task, D(2017, 6, 16)) == "done"
    assert task.status == "done"  # "overdue" is never stored


def test_task_without_due_date_is_due_at_the_end_of_the_plan_year(task_of):
    task = task_of("III.3")
    assert task_status_on(task, D(2017, 12, 31)) == "not_started"
    assert task_status_on(task, D(2018, 1, 1)) == "overdue"


def test_my_work_of_hoi_lhpn_buckets(task_of, demo_user):
    # given one Hội LHPN task done, one due soon
    user = demo_user("hoilhpn")
    task_update_progress(actor=user, task=task_of("III.2.a"), text="Xong", percent=100)
    TaskDue.objects.create(task=task_of("III.2.b"), date=D(2017, 3, 20), text="")
    # when looking on 01/03/2017
    work = my_work(user=user, today=D(2017, 3, 1))
    # then
    assert [u.code for u in work.units] == ["TH-BS-HLHPN"]
    assert [r.task.code for r in work.done] == ["III.2.a"]
    assert [r.task.code for r in work.due_soon] == ["III.2.b"]
    assert [r.task.code for r in work.overdue] == []
    later = {(r.task.code, r.role) for r in work.later}
    assert ("III.2.d", "lead") in later
    assert ("III.1.e", "coordinating") in later
    assert ("III.7", "lead") in later  # an organisation under "Các đoàn thể chính trị - xã hội"
    assert [o.kind for o in work.obligations_overdue] == ["unit_plan"]  # 25/02 has passed
    assert [o.kind for o in work.obligations_later] == ["report_semiannual", "report_annual"]


def test_my_work_at_the_end_of_the_year_lists_unfinished_tasks_as_overdue(seed_plan, demo_user):
    work = my_work(user=demo_user("badinh"), today=D(2018, 1, 2))
    assert {(r.task.code, r.unit.code, r.role) for r in work.overdue} >= {("III.8", "TH-BS-BADINH", "lead")}
    assert {r.unit.code for r in work.overdue} == {"TH-BS-BADINH"}
    assert work.due_soon == work.later == work.done == []
    assert len(work.obligations_overdue) == 3


def test_calendar_expands_yearly_events_of_march_for_the_women_union(seed_plan, demo_user, demo_tree):
    events = calendar_events(user=demo_user("hoilhpn"), start=D(2017, 3, 1), end=D(2017, 3, 31),
                             unit=demo_tree["TH-BS-HLHPN"])
    assert [(e.date, e.kind, e.task.code) for e in events] == [
        (D(2017, 3, 8), "recurring", "III.1.e"), (D(2017, 3, 8), "recurring", "III.2.d"),
    ]


def test_calendar_of_a_year_has_reviews_events_and_obligations(seed_plan, demo_user, demo_tree):
    events = calendar_events(user=demo_user("ldtbxh"), start=D(2017, 1, 1), end=D(2017, 12, 31))
    recurring = sorted({(e.date, e.task.code) for e in events if e.kind == "recurring"})
    assert (D(2017, 3, 8), "III.2.d") in recurring
    assert (D(2017, 10, 20), "III.2.d") in recurring
    assert (D(2017, 10, 20), "II.5.f") in recurring
    assert (D(2017, 6, 15), "II.5.d") in recurring  # semiannual review in June
    assert (D(2017, 12, 15), "II.5.d") in recurring  # … and December
    deadlines = [(e.date, e.units) for e in events if e.kind == "deadline"]
    assert deadlines == [(D(2017, 2, 25), ["23"]), (D(2017, 6, 15), ["23"]), (D(2017, 12, 15), ["23"])]


def test_calendar_of_another_year_is_empty(seed_plan, demo_user):
    assert calendar_events(user=demo_user("ldtbxh"), start=D(2018, 3, 1), end=D(2018, 3, 31)) == []


def test_month_grid_starts_on_monday():
    weeks = month_grid(2017, 3, [])
    assert weeks[0][0]["date"] == D(2017, 2, 27)
    assert len(weeks) == 5
    assert all(len(w) == 7 for w in weeks)


def test_task_list_visible_filters_by_unit_and_status(seed_plan, demo_user, demo_tree, task_of):
    user = demo_user("ldtbxh")
    task_update_progress(actor=demo_user("hoilhpn"), task=task_of("III.2.a"), text="x", percent=50)
    tasks = task_list_visible(user=user, unit=demo_tree["TH-BS-HLHPN"], status="in_progress", today=D(2017, 3, 1))
    assert [t.code for t in tasks] == ["III.2.a"]
    assert len(task_list_visible(user=user, today=D(2017, 3, 1))) == 30


def test_obligations_filtered_by_period_and_visibility(seed_plan, demo_user, demo_tree):
    assert obligation_list_visible(user=demo_user("ldtbxh"), period="2017-H1").count() == 23
    assert obligation_list_visible(user=demo_user("ldtbxh"), period="2017").count() == 23
    assert obligation_list_visible(user=demo_user("ldtbxh"), period="2017-plan").count() == 23
    mine = obligation_list_visible(user=demo_user("badinh"))
    assert {o.org_unit.code for o in mine} == {"TH-BS-BADINH"}
    assert mine.count() == 3


def test_contract_json_groups_keep_their_label(seed_plan):
    data = plan_to_contract_json(seed_plan, today=D(2017, 3, 1))
    tasks = {t["id"]: t for t in data["tasks"]}
    assert tasks["III.8"]["lead"] == ["Ủy ban nhân dân các xã, phường"]
    assert tasks["III.2.d"]["lead"] == ["Hội Liên hiệp Phụ nữ"]
    assert tasks["III.2.d"]["status"] == "not_started"
    assert [s["label"] for s in data["sections"]] == ["I", "II", "III"]
