import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from binhdang.accounts.models import User
from binhdang.plans.models import Plan, Task, TaskAssignment, TaskEvidence, TaskUpdate

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def as_user(client, demo_user):
    def login(username: str):
        client.force_login(demo_user(username))
        return client

    return login


def test_plan_document_page_looks_like_the_original(seed_plan, as_user):
    html = as_user("lanhdao").get(f"/plans/{seed_plan.pk}/").content.decode()
    for text in [
        "ỦY BAN NHÂN DÂN THỊ XÃ BỈM SƠN", "Số: 268/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Bỉm Sơn, ngày 20 tháng 02 năm 2017", "KẾ HOẠCH",
        "Quyết định số 2351/QĐ-TTg", "Nơi nhận", "Ban VSTBPN Tỉnh", "Mai Đình Lâm",
        "Chủ trì: Hội Liên hiệp Phụ nữ", "Phối hợp: Hội Liên hiệp Phụ nữ",
        "Chủ trì: Ủy ban nhân dân các xã, phường", "25/02/2017",
    ]:
        assert text in html, text
    assert "Sao chép sang năm sau" not in html  # a viewer cannot copy


def test_coordinator_sees_editor_buttons(seed_plan, as_user):
    html = as_user("ldtbxh").get(f"/plans/{seed_plan.pk}/").content.decode()
    assert "Sao chép sang năm sau" in html
    assert "Sửa kế hoạch" in html


def test_reporter_cannot_open_the_editor(seed_plan, as_user):
    assert as_user("hoilhpn").get(f"/plans/{seed_plan.pk}/edit/").status_code == 403


def test_user_without_units_cannot_see_the_plan(seed_plan, client):
    client.force_login(User.objects.create_user("nobody", password="x"))
    assert client.get(f"/plans/{seed_plan.pk}/").status_code == 404


def _header(plan, **changes):
    data = {
        "number": plan.number, "doc_type": plan.doc_type, "type_name": plan.type_name, "place": plan.place,
        "date": plan.date.strftime("%d/%m/%Y"), "title": plan.title, "purpose": "", "parent_issuer": "",
        "signer_name": plan.signer_name, "signer_title": "", "signer_authority": "", "status": plan.status,
        "version": plan.version,
    }
    data.update(changes)
    return data


def test_plan_edit_with_an_impossible_date_shows_the_message_and_saves_nothing(seed_plan, as_user):
    response = as_user("ldtbxh").post(f"/plans/{seed_plan.pk}/edit/", _header(seed_plan, date="31/02/2017", place="X"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ (ngày không có thật như 31/02, hoặc sai dạng)" in html
    plan = Plan.objects.get(pk=seed_plan.pk)
    assert (plan.place, plan.version) == ("Bỉm Sơn", seed_plan.version)


def test_plan_edit_with_a_stale_version_shows_the_conflict(seed_plan, as_user):
    client = as_user("ldtbxh")
    stale = _header(seed_plan, place="Bản của tôi")
    assert client.post(f"/plans/{seed_plan.pk}/edit/", _header(seed_plan, place="Bản trước")).status_code == 302
    response = client.post(f"/plans/{seed_plan.pk}/edit/", stale)
    assert "đã được người khác sửa" in response.content.decode()
    assert Plan.objects.get(pk=seed_plan.pk).place == "Bản trước"


def test_task_new_with_a_due_date_before_the_plan_date(seed_plan, as_user):
    response = as_user("ldtbxh").post(f"/plans/{seed_plan.pk}/tasks/new/", {"text": "Việc", "dues": "01/02/2017 sớm"})
    assert "Hạn thực hiện 01/02/2017 không được trước ngày ban hành kế hoạch 20/02/2017." in response.content.decode()
    assert seed_plan.tasks.count() == 30


def test_task_new_with_an_impossible_due_date(seed_plan, as_user):
    response = as_user("ldtbxh").post(f"/plans/{seed_plan.pk}/tasks/new/", {"text": "Việc", "dues": "31/02/2017"})
    assert "Dòng 1: ngày “31/02/2017” không hợp lệ" in response.content.decode()
    assert seed_plan.tasks.count() == 30


def test_task_new_then_assign_by_autocomplete(seed_plan, as_user, demo_tree):
    client = as_user("ldtbxh")
    response = client.post(f"/plans/{seed_plan.pk}/tasks/new/", {"text": "Tổ chức hội thi", "dues": "15/10/2017 trước 20/10"})
    task = seed_plan.tasks.get(text="Tổ chức hội thi")
    assert response.status_code == 302
    for query, code in [("ldtbxh", "TH-BS-LDTBXH"), ("hoi lhpn", "TH-BS-HLHPN"), ("tai chinh", "TH-BS-TCKH")]:
        html = client.get(f"/plans/tasks/{task.pk}/units/", {"q": query, "role": "lead"}, HTTP_HX_REQUEST="true").content.decode()
        assert f'name="org_unit" value="{demo_tree[code].pk}"' in html.split("</li>")[0], query
    html = client.post(f"/plans/tasks/{task.pk}/assign/", {"org_unit": demo_tree["TH-BS-HLHPN"].pk, "role": "lead"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "Chủ trì: Hội Liên hiệp Phụ nữ" in html
    html = client.post(f"/plans/tasks/{task.pk}/assign/", {"org_unit": demo_tree["TH-SNV"].pk, "role": "coordinating"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "không thuộc phạm vi của Ủy ban nhân dân thị xã Bỉm Sơn" in html
    assert list(TaskAssignment.objects.filter(task=task).values_list("org_unit__code", flat=True)) == ["TH-BS-HLHPN"]


def test_task_move_by_htmx_returns_the_list(seed_plan, as_user, task_of):
    task = task_of("III.2.b")
    html = as_user("ldtbxh").post(f"/plans/tasks/{task.pk}/move/up/", HTTP_HX_REQUEST="true").content.decode()
    assert html.index("III.2.b") < html.index("III.2.a")


def test_copy_button_creates_the_draft_and_opens_its_editor(seed_plan, as_user):
    response = as_user("ldtbxh").post(f"/plans/{seed_plan.pk}/copy/")
    copy_ = Plan.objects.get(copied_from=seed_plan)
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{copy_.pk}/edit/"


def test_progress_form_with_a_wrong_file_shows_the_message(seed_plan, as_user, task_of):
    task = task_of("III.2.d")
    response = as_user("hoilhpn").post(
        f"/plans/tasks/{task.pk}/progress/",
        {"text": "x", "percent": "10", "status": "in_progress", "files": [SimpleUploadedFile("a.exe", b"MZ")]},
    )
    assert response.status_code == 400
    assert "Tệp “a.exe” không đúng loại cho phép" in response.content.decode()
    assert TaskUpdate.objects.count() == 0


def test_progress_form_refused_to_another_unit(seed_plan, as_user, task_of):
    task = task_of("III.2.d")
    response = as_user("yt").post(f"/plans/tasks/{task.pk}/progress/", {"text": "x", "percent": "10", "status": "in_progress"})
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).progress == 0


def test_evidence_download_is_access_controlled(seed_plan, as_user, task_of, client):
    task = task_of("III.2.d")
    as_user("hoilhpn").post(
        f"/plans/tasks/{task.pk}/progress/",
        {"text": "Kế hoạch 8/3", "percent": "40", "status": "in_progress", "files": [SimpleUploadedFile("kh.pdf", PDF)]},
    )
    evidence = TaskEvidence.objects.get()
    response = as_user("ldtbxh").get(f"/plans/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="kh.pdf"' in response["Content-Disposition"]
    client.force_login(User.objects.create_user("nobody", password="x"))
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 302


def test_my_work_page_and_home_panel(seed_plan, as_user):
    client = as_user("hoilhpn")
    html = client.get("/plans/my/?on=01/03/2017").content.decode()
    assert "III.2.d" in html and "Báo cáo 6 tháng" in html
    assert "Gửi kế hoạch của đơn vị" in html  # the 25/02 plan is still owed
    home = client.get("/").content.decode()
    assert "Việc của tôi" in home


def test_calendar_month_and_list(seed_plan, as_user):
    client = as_user("hoilhpn")
    html = client.get("/plans/calendar/?year=2017&month=3").content.decode()
    assert "ngày Quốc tế phụ nữ 8/3 (III.2.d)" in html
    html = client.get("/plans/calendar/?view=list&year=2017").content.decode()
    assert "20/10/2017" in html and "15/06/2017" in html


def test_unit_page_shows_tasks_and_the_ics_link(seed_plan, as_user, demo_tree):
    html = as_user("hoilhpn").get(f"/units/{demo_tree['TH-BS-HLHPN'].pk}/").content.decode()
    assert "Nhiệm vụ theo kế hoạch" in html
    assert f"/plans/ics/{demo_tree['TH-BS-HLHPN'].pk}/" in html


def test_unit_plan_submit_form(seed_plan, as_user):
    obligation = seed_plan.obligations.get(org_unit__code="TH-BS-BADINH", kind="unit_plan")
    client = as_user("badinh")
    response = client.post(f"/plans/obligations/{obligation.pk}/unit-plan/", {"date": "30/02/2017", "title": "KH"})
    assert "Ngày không hợp lệ" in response.content.decode()
    response = client.post(f"/plans/obligations/{obligation.pk}/unit-plan/",
                           {"number": "09/KH-UBND", "date": "23/02/2017", "title": "Kế hoạch BĐG phường Ba Đình 2017"})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.fulfilled_by_plan.parent == seed_plan
    assert as_user("lamson").get(f"/plans/obligations/{obligation.pk}/unit-plan/").status_code == 403


def test_evidence_stays_with_the_uploader_the_lead_units_and_the_coordinators(seed_plan, as_user, task_of, client):
    # issue 14: a reporter of another ward may see the plan but not another unit's evidence
    task = task_of("III.2.d")
    as_user("hoilhpn").post(
        f"/plans/tasks/{task.pk}/progress/",
        {"text": "Kế hoạch 8/3", "percent": "40", "status": "in_progress", "files": [SimpleUploadedFile("kh.pdf", PDF)]},
    )
    evidence = TaskEvidence.objects.get()
    client.logout()
    assert as_user("badinh").get(f"/plans/evidence/{evidence.pk}/").status_code == 404
    client.logout()
    assert as_user("hoilhpn").get(f"/plans/evidence/{evidence.pk}/").status_code == 200
    client.logout()
    assert as_user("tinh").get(f"/plans/evidence/{evidence.pk}/").status_code == 200
