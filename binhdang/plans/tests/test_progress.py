"""Progress per assignee: each lead unit keeps its own state; the task's is derived."""

import re

import pytest

from binhdang.plans.progress import RULE, task_assignee_states, task_overall
from binhdang.plans.services import task_update_progress

pytestmark = pytest.mark.django_db


def test_each_commune_keeps_its_own_progress_and_the_task_derives_its_own(task_of, demo_user, client):
    # given III.8, led by "Ủy ban nhân dân các xã, phường" (the eight communes)
    task = task_of("III.8")
    # when two communes report, one after the other
    task_update_progress(actor=demo_user("badinh"), task=task, text="Đã xây dựng kế hoạch phường", percent=50)
    task_update_progress(actor=demo_user("lamson"), task=task, text="Đã hoàn thành kế hoạch", percent=100,
                         status="done")
    # then the second does not overwrite the first
    states = {s.unit.code: (s.status, s.percent) for s in task_assignee_states(task)}
    assert len(states) == 8
    assert states["TH-BS-BADINH"] == ("in_progress", 50)
    assert states["TH-BS-LAMSON"] == ("done", 100)
    assert states["TH-BS-HALAN"] == ("not_started", 0)
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 19)  # (50 + 100 + 6 × 0) / 8
    assert task_overall(task_assignee_states(task)) == ("in_progress", 19)
    # and the task page shows each unit's state and the rule
    client.force_login(demo_user("ldtbxh"))
    page = client.get(task.get_absolute_url()).content.decode()
    # (a progress bar with its percentage as text, issue 17)
    row = 'data-unit="TH-BS-LAMSON"><td>Ủy ban nhân dân phường Lam Sơn</td><td>Hoàn thành</td><td class="num">'
    assert row + '<span class="progress"><progress max="100" value="100" aria-label="Ủy ban nhân dân phường Lam Sơn">' in page
    assert '<span class="progress-text">100%</span>' in page.split(row, 1)[1].split("</td>", 1)[0]
    assert str(RULE) in page


def test_a_coordinating_unit_reports_its_own_part_without_moving_the_leads_progress(task_of, demo_user, client):
    # given III.1.e, led by Phòng LĐ-TB&XH with Hội LHPN coordinating (the 8/3 and 20/10 events)
    task = task_of("III.1.e")
    task.refresh_from_db()
    before = (task.status, task.progress)
    leads_before = [(s.unit.code, s.status, s.percent) for s in task_assignee_states(task)]
    # when the Women's Union reports its part, with a note
    update = task_update_progress(actor=demo_user("hoilhpn"), task=task, text="Đã phối hợp tổ chức mít tinh 8/3",
                                  percent=60)
    # then it is the Union's own state, beside the lead's, and the overall state is the lead's
    assert update.org_unit.code == "TH-BS-HLHPN"
    coordinators = {s.unit.code: (s.status, s.percent) for s in task_assignee_states(task, role="coordinating")}
    assert coordinators["TH-BS-HLHPN"] == ("in_progress", 60)
    assert [(s.unit.code, s.status, s.percent) for s in task_assignee_states(task)] == leads_before
    task.refresh_from_db()
    assert (task.status, task.progress) == before
    # and the task page shows both tables, and the Union's form starts from its own 60%
    client.force_login(demo_user("hoilhpn"))
    page = client.get(task.get_absolute_url()).content.decode()
    assert 'id="coordinator-progress"' in page
    row = re.search(r'<table class="rep-table" id="coordinator-progress">.*?<tr data-unit="TH-BS-HLHPN">(.*?)</tr>',
                    page, re.S)
    assert row and "<td>Hội Liên hiệp Phụ nữ</td><td>Đang thực hiện</td>" in row[1]
    assert 'value="60"' in row[1] and "60%" in row[1]
    assert 'name="percent" value="60"' in page
    # a unit with nothing to do with the task may not report
    from binhdang.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        task_update_progress(actor=demo_user("yt"), task=task, text="x", percent=10)
