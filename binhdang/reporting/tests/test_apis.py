"""The REST API: the same workflow and policy through DRF."""

import pytest
from rest_framework.test import APIClient

from binhdang.reporting.models import Submission

from .test_services import FILLED

pytestmark = pytest.mark.django_db


def test_api_workflow_with_versions(obligation_of, demo_user):
    # given
    reporter, coordinator = APIClient(), APIClient()
    reporter.force_authenticate(demo_user("badinh"))
    coordinator.force_authenticate(demo_user("ldtbxh"))
    obligation = obligation_of("TH-BS-BADINH")
    # when
    created = reporter.post("/api/submissions/", {"obligation": obligation.pk}, format="json")
    pk = created.json()["id"]
    saved = reporter.patch(f"/api/submissions/{pk}/", {"version": 1, "content": FILLED}, format="json")
    stale = reporter.patch(f"/api/submissions/{pk}/", {"version": 1, "content": {"kho_khan": "x"}}, format="json")
    submitted = reporter.post(f"/api/submissions/{pk}/submit/", {"version": 2, "token": "abc"}, format="json")
    retried = reporter.post(f"/api/submissions/{pk}/submit/", {"version": 2, "token": "abc"}, format="json")
    version = submitted.json()["version"]
    forbidden = reporter.post(f"/api/submissions/{pk}/accept/", {"version": version}, format="json")
    no_reason = coordinator.post(f"/api/submissions/{pk}/return/", {"reason": "", "version": version}, format="json")
    no_version = coordinator.post(f"/api/submissions/{pk}/accept/", {}, format="json")
    stale_accept = coordinator.post(f"/api/submissions/{pk}/accept/", {"version": version - 1}, format="json")
    accepted = coordinator.post(f"/api/submissions/{pk}/accept/", {"version": version}, format="json")
    # then
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert saved.json()["version"] == 2
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert submitted.json()["status"] == "submitted" and retried.status_code == 200
    assert Submission.objects.get(pk=pk).revisions.count() == 1
    assert forbidden.status_code == 403 and no_reason.status_code == 400
    # a client that leaves the version out, or sends an old one, changes nothing
    assert no_version.status_code == 400 and "version" in no_version.content.decode()
    assert stale_accept.status_code == 409
    assert accepted.json()["status"] == "accepted"


def test_api_lists_only_visible_submissions_and_status(obligation_of, demo_user):
    lamson = APIClient()
    lamson.force_authenticate(demo_user("lamson"))
    lamson.post("/api/submissions/", {"obligation": obligation_of("TH-BS-LAMSON").pk}, format="json")
    badinh = APIClient()
    badinh.force_authenticate(demo_user("badinh"))
    assert badinh.get("/api/submissions/").json()["count"] == 0
    assert lamson.get("/api/submissions/?period=2017-H1").json()["count"] == 1
    status = badinh.get("/api/reporting/status/?period=2017-H1").json()
    assert status["totals"]["expected"] == 1 and status["obligations"][0]["unit"] == "Ủy ban nhân dân phường Ba Đình"
    assert badinh.get("/api/reporting/status/?period=xx").status_code == 400


def test_openapi_schema_lists_the_endpoints(demo_user, client):
    client.force_login(demo_user("ldtbxh"))
    schema = client.get("/api/schema/").content.decode()
    assert "/api/submissions/{id}/submit/" in schema and "/api/reporting/status/" in schema
