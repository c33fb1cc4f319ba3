"""Import pages: upload → review → edit an agency → save, and what is refused."""

import pytest
from django.urls import reverse

from binhdang.documents.models import PlanImport
from binhdang.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, demo_user):
    def login(username: str):
        client.force_login(demo_user(username))
        return client

    return login


def _agency_index(draft: PlanImport, name: str) -> int:
    from binhdang.documents.selectors import document_agency_names

    return document_agency_names(draft.data).index(name)


def test_the_menu_offers_import_to_coordinators_and_the_plan_list_to_reporters(as_user, client):
    # The coordinator's menu has "Nhập văn bản"; a reporter (who may import its own unit's
    # plan) finds it on the plan list instead, and a viewer nowhere (issue 17).
    assert "Nhập văn bản" in as_user("ldtbxh").get(reverse("core:home")).content.decode()
    client.logout()
    home = as_user("badinh").get(reverse("core:home")).content.decode()
    assert "Nhập văn bản" not in home
    plans = as_user("badinh").get(reverse("plans:list")).content.decode()
    assert f'href="{reverse("documents:import")}" id="import-plan"' in plans
    client.logout()
    viewer = as_user("lanhdao")
    assert reverse("documents:import") not in viewer.get(reverse("core:home")).content.decode()
    assert reverse("documents:import") not in viewer.get(reverse("plans:list")).content.decode()


def test_upload_review_pick_an_agency_save(as_user, upload, demo_tree):
    client = as_user("ldtbxh")
    # when the coordinator uploads the short plan
    response = client.post(reverse("documents:import"), {"file": upload()})
    draft = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:review", args=[draft.pk])
    # then the review screen shows the header, tasks, the unknown agency in red and the source
    page = client.get(response["Location"]).content.decode()
    assert 'value="45/KH-UBND"' in page and 'value="05/02/2018"' in page
    assert "→ Ủy ban nhân dân thị xã Bỉm Sơn" in page
    assert 'class="agency-row state-unmatched"' in page and "Trung tâm Y tế" in page
    assert "→ Phòng Lao động - Thương binh và Xã hội" in page
    assert "Còn 1 cơ quan chưa khớp" in page
    assert 'class="source-text"' in page and "Trung tâm Y tế chủ trì tổ chức khám" in page
    # when the officer searches for the right unit and picks Phòng Y tế
    index = _agency_index(draft, "Trung tâm Y tế")
    suggestions = client.get(reverse("documents:unit-search", args=[draft.pk]), {"i": index, f"q_{index}": "y te"})
    assert "Phòng Y tế" in suggestions.content.decode()
    form = {"version": draft.version, "number": "45/KH-UBND", "date": "05/02/2018", f"agency_{index}": "Trung tâm Y tế",
            "op": f"pick:{index}:{demo_tree['TH-BS-YT'].pk}", "task_2_text": "Phòng Y tế tổ chức khám sức khỏe sinh sản."}
    response = client.post(reverse("documents:review", args=[draft.pk]), form)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.choices == {"Trung tâm Y tế": demo_tree["TH-BS-YT"].pk}
    assert draft.data["tasks"][2]["text"] == "Phòng Y tế tổ chức khám sức khỏe sinh sản."
    # and saves
    response = client.post(reverse("documents:review", args=[draft.pk]), {"version": draft.version, "op": "save"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.tasks.get(code="I.3").assignments.get().org_unit.code == "TH-BS-YT"
    assert plan.tasks.get(code="I.3").text == "Phòng Y tế tổ chức khám sức khỏe sinh sản."
    assert "Đã lưu kế hoạch 45/KH-UBND" in client.get(plan.get_absolute_url()).content.decode()


def test_a_bad_file_shows_the_parser_message_on_the_form(as_user, upload):
    client = as_user("ldtbxh")
    response = client.post(reverse("documents:import"),
                           {"file": upload(name="pho.txt", content="Cách nấu phở bò\nXương bò.\n".encode())})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Không nhận ra văn bản hành chính" in page and 'role="alert"' in page
    assert not PlanImport.objects.exists()


def test_a_legacy_encoded_file_is_converted(as_user, upload):
    from .test_legacy import to_tcvn3

    client = as_user("ldtbxh")
    text = upload().read().decode("utf-8")
    response = client.post(reverse("documents:import"), {"file": upload(name="kh-vntime.txt",
                                                                          content=to_tcvn3(text).encode("cp1252"))})
    assert response.status_code == 302
    assert PlanImport.objects.get().data["document"]["issuer"] == "Ủy ban nhân dân thị xã Bỉm Sơn"


def test_saving_with_an_unmatched_agency_is_refused_with_a_clear_message(as_user, upload):
    client = as_user("ldtbxh")
    client.post(reverse("documents:import"), {"file": upload()})
    draft = PlanImport.objects.get()
    response = client.post(reverse("documents:review", args=[draft.pk]), {"version": draft.version, "op": "save"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được: còn 1 cơ quan chưa khớp" in page and "Trung tâm Y tế" in page
    assert not Plan.objects.exists()


def test_a_reporter_cannot_import_another_units_plan(as_user, upload):
    # The sample is the town's plan; Hội LHPN may import only its own (issue 14).
    client = as_user("hoilhpn")
    response = client.post(reverse("documents:import"), {"file": upload()})
    assert response.status_code == 403
    assert "bạn chỉ được nhập kế hoạch của đơn vị mình" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_others_cannot_see_a_draft_but_the_issuers_coordinator_can(as_user, upload, client):
    as_user("tinh").post(reverse("documents:import"), {"file": upload()})
    draft = PlanImport.objects.get()
    client.logout()
    assert as_user("badinh").get(reverse("documents:review", args=[draft.pk])).status_code == 404
    client.logout()
    assert as_user("ldtbxh").get(reverse("documents:review", args=[draft.pk])).status_code == 200


def test_an_invalid_date_is_reported_and_other_edits_are_kept(as_user, upload):
    client = as_user("ldtbxh")
    client.post(reverse("documents:import"), {"file": upload()})
    draft = PlanImport.objects.get()
    response = client.post(reverse("documents:review", args=[draft.pk]),
                           {"version": draft.version, "date": "31/02/2018", "title": "Kỷ niệm 8/3", "op": "draft"})
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["document"]["title"] == "Kỷ niệm 8/3" and draft.data["document"]["date"] == "2018-02-05"


def test_a_stale_form_is_refused_and_the_newest_state_shown(as_user, upload):
    client = as_user("ldtbxh")
    client.post(reverse("documents:import"), {"file": upload()})
    draft = PlanImport.objects.get()
    url = reverse("documents:review", args=[draft.pk])
    client.post(url, {"version": 1, "number": "46/KH-UBND", "op": "draft"})
    response = client.post(url, {"version": 1, "number": "47/KH-UBND", "op": "draft"}, follow=True)
    assert "đã được sửa ở nơi khác" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["document"]["number"] == "46/KH-UBND"


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("documents:import"))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
