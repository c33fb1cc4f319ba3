import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from binhdang.plans.models import TaskUpdate

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def api(demo_user):
    def as_user(username: str) -> APIClient:
        client = APIClient()
        token, _created = Token.objects.get_or_create(user=demo_user(username))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


def test_plan_list_and_detail_in_plan_json(seed_plan, api):
    client = api("badinh")
    listing = client.get("/api/plans/").json()
    assert listing["count"] == 1
    assert listing["results"][0]["number"] == "268/KH-UBND"
    detail = client.get(f"/api/plans/{seed_plan.pk}/").json()
    assert detail["document"]["number"] == "268/KH-UBND"
    assert len(detail["tasks"]) == 30
    assert detail["version"] == seed_plan.version


def test_anonymous_api_call_is_refused(seed_plan):
    assert APIClient().get("/api/plans/").status_code in (401, 403)


def test_task_list_filtered_by_unit_and_status(seed_plan, api, demo_tree):
    client = api("ldtbxh")
    hlhpn = demo_tree["TH-BS-HLHPN"].pk
    data = client.get(f"/api/tasks/?unit={hlhpn}&limit=100").json()
    codes = {t["code"] for t in data["results"]}
    assert {"III.2.a", "III.2.b", "III.2.c", "III.2.d", "III.1.e"} <= codes
    overdue = client.get(f"/api/tasks/?unit={hlhpn}&status=in_progress").json()
    assert overdue["count"] == 0


def test_task_detail(seed_plan, api, task_of):
    data = api("hoilhpn").get(f"/api/tasks/{task_of('III.2.d').pk}/").json()
    assert (data["code"], data["lead"], data["progress"]) == ("III.2.d", ["Hội Liên hiệp Phụ nữ"], 0)


def test_obligations_by_unit_and_period(seed_plan, api, demo_tree):
    unit = demo_tree["TH-BS-BADINH"].pk
    data = api("ldtbxh").get(f"/api/obligations/?unit={unit}&period=2017-H1").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert (row["due_date"], row["period_start"], row["period_end"], row["receiver"]) == (
        "2017-06-15", "2016-12-15", "2017-06-14", "Phòng Lao động - Thương binh và Xã hội"
    )
    assert api("ldtbxh").get("/api/obligations/?period=xyz").status_code == 400


def test_progress_post_by_lead_agency_with_a_file(seed_plan, api, task_of):
    task = task_of("III.2.d")
    response = api("hoilhpn").post(
        f"/api/tasks/{task.pk}/progress/",
        {"text": "Đã tổ chức mít tinh 8/3", "percent": 70, "status": "in_progress",
         "files": [SimpleUploadedFile("anh.pdf", PDF)]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["files"] == ["anh.pdf"]
    task.refresh_from_db()
    assert (task.progress, task.status) == (70, "in_progress")


def test_progress_post_by_another_unit_is_refused(seed_plan, api, task_of):
    task = task_of("III.2.d")
    response = api("yt").post(f"/api/tasks/{task.pk}/progress/", {"text": "x", "percent": 10}, format="json")
    assert response.status_code == 403
    assert TaskUpdate.objects.count() == 0


def test_progress_post_with_a_wrong_file_type_gives_the_message(seed_plan, api, task_of):
    task = task_of("III.2.d")
    response = api("hoilhpn").post(
        f"/api/tasks/{task.pk}/progress/",
        {"text": "x", "percent": 10, "files": [SimpleUploadedFile("a.txt", b"hello")]},
        format="multipart",
    )
    assert response.status_code == 400
    message = "Tệp “a.txt” không đúng loại cho phép (chỉ nhận docx, jpeg, jpg, pdf, png, xlsx)."
    assert response.json() == {"code": "invalid", "detail": message, "errors": {"files": [message]}}
    assert TaskUpdate.objects.count() == 0
