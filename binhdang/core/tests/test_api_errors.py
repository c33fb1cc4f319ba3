"""One error shape for the whole API, validated query parameters, and the schema's status codes."""

import json

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(demo_user):
    def make(username: str | None = "ldtbxh") -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(demo_user(username))
        return client

    return make


def _shape(response) -> dict:
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}, body
    return body


@pytest.mark.parametrize("query", ["parent=abc", "parent=true", "parent=99999999999999999999999"])
def test_a_bad_parent_is_a_400_with_the_field(api, query):
    response = api().get(f"/api/orgunits/?{query}")
    assert response.status_code == 400
    body = _shape(response)
    assert body["code"] == "invalid" and list(body["errors"]) == ["parent"]
    assert "số nguyên" in body["detail"] or "phải từ" in body["detail"]


@pytest.mark.parametrize("path", ["/api/orgunits/", "/api/plans/", "/api/submissions/", "/api/obligations/"])
def test_a_huge_limit_or_offset_is_a_400_not_a_server_error(api, path):
    client = api()
    limit = client.get(f"{path}?limit=99999999999999999999999")
    offset = client.get(f"{path}?offset=99999999999999999999999")
    too_many = client.get(f"{path}?limit=501")
    assert limit.status_code == offset.status_code == too_many.status_code == 400
    assert list(_shape(limit)["errors"]) == ["limit"] and list(_shape(offset)["errors"]) == ["offset"]
    assert _shape(too_many)["detail"] == "“limit” phải từ 1 đến 500."
    assert client.get(f"{path}?limit=500").status_code == 200


def test_not_found_not_authenticated_and_forbidden_share_the_shape(api, demo_tree):
    missing = api().get("/api/plans/999999/")
    anonymous = api(None).get("/api/plans/")
    forbidden = api("badinh").get(f"/api/exports/report/?unit={demo_tree['TH-BS'].pk}&period=2017-H1")
    assert (missing.status_code, _shape(missing)) == (404, {"code": "not_found", "detail": "Không tìm thấy.", "errors": {}})
    assert anonymous.status_code == 401 and _shape(anonymous)["code"] == "not_authenticated"
    assert anonymous["WWW-Authenticate"] == "Token"
    assert "đăng nhập" in _shape(anonymous)["detail"]
    assert forbidden.status_code == 403
    assert _shape(forbidden) == {"code": "permission_denied", "errors": {},
                                 "detail": "Chỉ cơ quan điều phối trong phạm vi mới được thực hiện việc này."}


def test_a_refusal_is_recorded_in_the_audit_trail(api, demo_tree, demo_user):
    from binhdang.core.models import AuditEvent

    api("badinh").get(f"/api/exports/report/?unit={demo_tree['TH-BS'].pk}&period=2017-H1")
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == demo_user("badinh") and event.object_repr == "/api/exports/report/"
    assert event.org_unit == demo_tree["TH-BS-BADINH"]


def test_serializer_messages_are_vietnamese(api):
    response = api("badinh").post("/api/submissions/", {}, format="json")
    assert response.status_code == 400
    assert _shape(response) == {"code": "invalid", "detail": "Trường này là bắt buộc.",
                                "errors": {"obligation": ["Trường này là bắt buộc."]}}
    wrong = api("badinh").post("/api/submissions/", {"obligation": "x"}, format="json")
    assert _shape(wrong)["detail"] == "Cần một số nguyên hợp lệ."


def test_a_bad_period_is_a_400_from_the_domain_error(api):
    response = api().get("/api/obligations/?period=2017-H9")
    assert response.status_code == 400 and _shape(response)["detail"]


def test_deeply_nested_json_is_a_400(api):
    body = "[" * 200_000 + "]" * 200_000
    response = api("badinh").generic("POST", "/api/submissions/", body, content_type="application/json")
    assert response.status_code == 400
    assert _shape(response) == {"code": "parse_error", "detail": "JSON lồng nhau quá sâu.", "errors": {}}
    malformed = api("badinh").generic("POST", "/api/submissions/", "{", content_type="application/json")
    assert _shape(malformed)["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_a_deeply_nested_import_file_is_a_400(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    nested = SimpleUploadedFile("x.json", b"[" * 200_000 + b"]" * 200_000)
    response = api().post("/api/imports/values/", {"file": nested, "format": "dhis2-json"}, format="multipart")
    assert response.status_code == 400
    assert _shape(response)["errors"] == {"file": ["Tệp lồng nhau quá sâu, không phải tệp dữ liệu hợp lệ."]}


def test_an_oversized_import_is_refused_before_reading(api, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.BINHDANG_MAX_IMPORT_BYTES = 1024
    big = SimpleUploadedFile("x.json", b" " * 4096)
    response = api().post("/api/imports/values/", {"file": big, "format": "dhis2-json"}, format="multipart")
    assert response.status_code == 400
    assert _shape(response)["errors"] == {"file": ["Tệp quá lớn (0.0 MB); giới hạn là 0 MB."]}


def test_a_request_over_the_size_limit_is_a_413(api, settings):
    settings.BINHDANG_MAX_REQUEST_BYTES = 1024 * 1024
    response = api().generic("POST", "/api/imports/values/", b"x" * (2 * 1024 * 1024),
                             content_type="application/octet-stream")
    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "errors": {},
                               "detail": "Dữ liệu gửi lên quá lớn (2.0 MB); giới hạn là 1 MB."}


def test_the_schema_documents_the_error_codes_of_every_operation(api):
    schema = api().get("/api/schema/?format=json")
    document = json.loads(schema.content)
    assert "Error" in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"401", "403"} <= codes, (method, path)
            if method in ("post", "put", "patch"):
                assert {"400", "404", "409", "413"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
    submissions = document["paths"]["/api/submissions/"]
    assert set(submissions["get"]["responses"]) == {"200", "400", "401", "403", "404", "414"}
    assert set(submissions["post"]["responses"]) == {"201", "400", "401", "403", "404", "409", "413", "415"}
    error = submissions["post"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
