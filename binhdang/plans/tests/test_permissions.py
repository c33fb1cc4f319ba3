import pytest

from binhdang.plans.models import Plan
from binhdang.plans.permissions import (
    plan_can_edit,
    plan_can_view,
    plan_visible_q,
    task_can_comment,
    task_can_update,
)

pytestmark = pytest.mark.django_db

# (username, can read the plan, can edit it)
PLAN_MATRIX = [
    ("admin", True, True),
    ("tinh", True, True),  # coordinator over the whole province
    ("ldtbxh", True, True),  # coordinator with the town as scope
    ("lanhdao", True, False),  # viewer of the town
    ("hoilhpn", True, False),  # reporter of an organisation under the issuer
    ("badinh", True, False),  # reporter of a ward under the issuer
    ("yt", True, False),
]


@pytest.mark.parametrize(("username", "reads", "edits"), PLAN_MATRIX)
def test_plan_read_and_edit_matrix(seed_plan, demo_user, username, reads, edits):
    user = demo_user(username)
    assert plan_can_view(user, seed_plan) is reads
    assert Plan.objects.filter(plan_visible_q(user)).filter(pk=seed_plan.pk).exists() is reads
    assert plan_can_edit(user, seed_plan) is edits


def test_a_plan_of_a_ward_is_not_visible_to_another_ward(seed_plan, demo_tree, demo_user):
    from binhdang.plans.services import do_plan_create

    ward_plan = do_plan_create(actor=demo_user("badinh"), issuer=demo_tree["TH-BS-BADINH"], date=seed_plan.date,
                            title="Kế hoạch phường")
    assert plan_can_view(demo_user("lamson"), ward_plan) is False
    assert plan_can_view(demo_user("badinh"), ward_plan) is True
    assert plan_can_view(demo_user("ldtbxh"), ward_plan) is True
    assert plan_can_edit(demo_user("badinh"), ward_plan) is False


# (username, task id, can update progress, can comment)
TASK_MATRIX = [
    ("hoilhpn", "III.2.d", True, True),  # Hội LHPN leads its 8/3 task
    ("yt", "III.2.d", False, False),  # Phòng Y tế has nothing to do with it
    ("ldtbxh", "III.2.d", False, True),  # the plan's editor may comment, not report for others
    ("lanhdao", "III.2.d", False, False),  # leaders read only
    ("hoilhpn", "III.1.e", True, True),  # a coordinating agency reports its own part, and comments
    ("ldtbxh", "III.1.e", True, True),  # lead agency
    ("badinh", "III.8", True, True),  # the communes' task, through the group
    ("badinh", "III.2.d", False, False),
    ("mttq", "III.7", True, True),
    ("hnd", "III.7", True, True),  # an organisation, through "Các đoàn thể chính trị - xã hội"
    ("yt", "III.6", True, True),
]


@pytest.mark.parametrize(("username", "code", "updates", "comments"), TASK_MATRIX)
def test_task_update_and_comment_matrix(task_of, demo_user, username, code, updates, comments):
    user = demo_user(username)
    task = task_of(code)
    assert task_can_update(user, task) is updates
    assert task_can_comment(user, task) is comments


def test_anonymous_user_sees_no_plan(seed_plan):
    from django.contrib.auth.models import AnonymousUser

    assert plan_can_view(AnonymousUser(), seed_plan) is False
    assert Plan.objects.filter(plan_visible_q(AnonymousUser())).count() == 0
