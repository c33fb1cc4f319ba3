import pytest

from binhdang.plans.demo import demo_load_plans
from binhdang.plans.models import Obligation, Plan, TaskComment, TaskUpdate
from binhdang.plans.services import plan_update

pytestmark = pytest.mark.django_db


def test_demo_loader_imports_the_seed_plan_once_and_keeps_user_changes(demo_tree, demo_user):
    # when loaded
    first = demo_load_plans()
    # then
    assert first == {"plans_created": 1, "obligations_created": 69, "task_updates_created": 2}
    plan = Plan.objects.get(number="268/KH-UBND")
    women_task = plan.tasks.get(code="III.2.d")
    assert (women_task.status, women_task.progress) == ("in_progress", 40)
    assert women_task.updates.get().evidence.get().original_name == "ke-hoach-ky-niem-8-3.pdf"
    assert TaskComment.objects.get().org_unit.code == "TH-BS-HLHPN"
    # given a user's change
    plan_update(actor=demo_user("ldtbxh"), plan=plan, version=plan.version, place="Thị xã Bỉm Sơn")
    # when loaded again
    second = demo_load_plans()
    # then nothing is added and the change stays
    assert second == {"plans_created": 0, "obligations_created": 0, "task_updates_created": 0}
    assert Plan.objects.get().place == "Thị xã Bỉm Sơn"
    assert (Obligation.objects.count(), TaskUpdate.objects.count()) == (69, 2)
