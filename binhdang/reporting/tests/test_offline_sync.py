"""Entries typed offline and sent when the network returns: the idempotency service, the
sync API (one save per key, refused on another body, 409 with the server copy on a stale
version), the rules the browser checks offline, and the service worker and manifest."""

import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.idempotency import idempotent
from binhdang.core.models import AuditEvent, IdempotencyKey
from binhdang.reporting import rules, services
from binhdang.reporting.models import Submission

from .conftest import at
from .test_services import FILLED

pytestmark = pytest.mark.django_db

KEY = "3f0c2a9e-6b1d-4e8a-9c55-0d7f1e2b4a61"


@pytest.fixture
def draft(obligation_of, demo_user):
    return services.submission_start(actor=demo_user("badinh"), obligation=obligation_of("TH-BS-BADINH"),
                                     now=at(2017, 6, 1))


def _form(**texts):
    return {**FILLED, **texts}


def _sync(user, submission, *, key=KEY, action="submit", version=None, form=None):
    form = _form() if form is None else form
    return services.submission_sync(actor=user, submission=submission, key=key, action=action,
                                    version=submission.version if version is None else version,
                                    fields=form, changes=dict(form))


def test_the_same_key_twice_saves_once_and_answers_the_same(draft, demo_user):
    badinh = demo_user("badinh")
    version = draft.version
    # when: the answer to the first send was lost, and the client sends again
    first = _sync(badinh, draft, version=version)
    second = _sync(badinh, Submission.objects.get(pk=draft.pk), version=version)
    # then: one revision, one key, the stored answer replayed
    submission = Submission.objects.get(pk=draft.pk)
    assert first[0] == 200 and first[2] is False
    assert second == (200, first[1], True)
    assert first[1]["status"] == "submitted" and first[1]["revisions"] == 1
    assert submission.status == "submitted" and submission.revisions.count() == 1
    assert submission.content["kho_khan"] == FILLED["kho_khan"]
    assert IdempotencyKey.objects.filter(user=badinh, key=KEY).count() == 1
    assert AuditEvent.objects.filter(action="idempotency.store").count() == 1
    assert AuditEvent.objects.filter(action="submission.submit", object_id=str(draft.pk)).count() == 1


def test_the_same_key_with_another_body_is_refused_in_vietnamese(draft, demo_user):
    badinh = demo_user("badinh")
    _sync(badinh, draft, action="save", form=_form())
    saved = Submission.objects.get(pk=draft.pk)
    # when: the key comes back with other text
    with pytest.raises(ConflictError) as refused:
        _sync(badinh, saved, action="save", form=_form(kho_khan="Thiếu cán bộ chuyên trách."))
    # then: refused, and nothing changed
    assert refused.value.code == "idempotency_mismatch"
    assert "Khóa chống gửi trùng này đã được dùng cho một nội dung khác" in refused.value.message
    after = Submission.objects.get(pk=draft.pk)
    assert after.version == saved.version and after.content["kho_khan"] == FILLED["kho_khan"]
    assert IdempotencyKey.objects.count() == 1


def test_a_failed_write_stores_no_key_so_the_corrected_retry_goes_through(draft, demo_user):
    badinh = demo_user("badinh")
    # when: sent with a required section empty, then corrected under the same key
    with pytest.raises(DomainError) as invalid:
        _sync(badinh, draft, form=_form(kho_khan=""))
    done = _sync(badinh, Submission.objects.get(pk=draft.pk), form=_form())
    # then
    assert invalid.value.code == "required" and "Khó khăn" in invalid.value.message
    assert IdempotencyKey.objects.count() == 1 and done[1]["status"] == "submitted"


def test_a_malformed_key_is_refused(draft, demo_user):
    with pytest.raises(DomainError) as refused:
        _sync(demo_user("badinh"), draft, key="x")
    assert refused.value.code == "idempotency_key_invalid" and "Idempotency-Key" in refused.value.message
    assert not Submission.objects.get(pk=draft.pk).revisions.exists()


def test_idempotent_rolls_back_the_write_when_it_raises(demo_user, draft):
    badinh = demo_user("badinh")

    def run():
        services.submission_save(actor=badinh, submission=draft, version=draft.version, changes={"kho_khan": "A"})
        raise DomainError("refused after writing")

    with pytest.raises(DomainError):
        idempotent(actor=badinh, key=KEY, scope="test", body={"a": 1}, run=run)
    assert Submission.objects.get(pk=draft.pk).content["kho_khan"] == ""
    assert not IdempotencyKey.objects.exists()


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_a_stale_version_answers_409_with_the_server_copy(draft, demo_user):
    badinh = demo_user("badinh")
    typed_on = draft.version
    # given: the entry was typed offline on version 1; meanwhile the server copy changed
    services.submission_save(actor=badinh, submission=draft, version=typed_on,
                             changes={"tuyen_truyen": "Bản sửa trên máy chủ.", "kinh_phi": "12 triệu đồng."})
    # when
    response = _api(badinh).post(f"/api/submissions/{draft.pk}/sync/",
                                 {"action": "submit", "version": typed_on, "form": _form()},
                                 format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    # then: 409, both copies of each differing section, and nothing written
    body = response.json()
    assert response.status_code == 409 and body["code"] == "stale_version"
    assert "phiên bản 2" in body["detail"] and "Chưa có gì bị ghi đè" in body["detail"]
    assert body["server"] == {"version": 2, "status": "draft", "status_label": "Đang soạn"}
    by_key = {s["key"]: s for s in body["sections"]}
    assert by_key["tuyen_truyen"] == {"key": "tuyen_truyen", "title": by_key["tuyen_truyen"]["title"],
                                      "mine": FILLED["tuyen_truyen"], "server": "Bản sửa trên máy chủ."}
    assert by_key["kinh_phi"]["server"] == "12 triệu đồng." and by_key["kinh_phi"]["mine"] == "10 triệu đồng."
    assert by_key["kho_khan"] == {**by_key["kho_khan"], "mine": "Kinh phí hạn hẹp.", "server": ""}
    submission = Submission.objects.get(pk=draft.pk)
    assert submission.version == 2 and submission.status == "draft" and not submission.revisions.exists()
    assert not IdempotencyKey.objects.exists()


def test_api_replays_a_retried_sync_and_refuses_a_missing_key(draft, demo_user):
    client = _api(demo_user("badinh"))
    url = f"/api/submissions/{draft.pk}/sync/"
    payload = {"action": "submit", "version": draft.version, "form": _form()}
    first = client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    other = client.post(url, {**payload, "form": _form(kho_khan="Khác.")}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    keyless = client.post(url, payload, format="json")
    assert first.status_code == 200 and first["Idempotent-Replayed"] == "false"
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert first.json()["status"] == "submitted" and first.json()["url"] == f"/reports/submissions/{draft.pk}/"
    assert other.status_code == 409 and other.json()["code"] == "idempotency_mismatch"
    assert keyless.status_code == 400 and keyless.json()["code"] == "idempotency_key_invalid"
    assert Submission.objects.get(pk=draft.pk).revisions.count() == 1


def test_another_unit_cannot_sync_into_the_report(draft, demo_user):
    response = _api(demo_user("lamson")).post(f"/api/submissions/{draft.pk}/sync/",
                                              {"action": "save", "version": draft.version, "form": _form()},
                                              format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert response.status_code == 404
    assert Submission.objects.get(pk=draft.pk).content["kho_khan"] == ""


def test_the_rules_sent_to_the_browser_are_the_ones_the_server_enforces(draft, demo_user):
    data = rules.form_rules(draft)
    by_key = {s["key"]: s for s in data["sections"]}
    required = [s["title"] for s in draft.sections if s.get("required")]
    # then: required sections and limits as the template and the services define them
    assert [s["title"] for s in data["sections"] if s["required"]] == required
    assert by_key["tuyen_truyen"]["max_length"] == rules.MAX_TEXT == 20000
    tasks = next(s for s in data["sections"] if s["kind"] == "task_table")
    assert tasks["columns"]["progress"] | {"label": ""} == {"number": True, "min": 0, "max": 100, "label": ""}
    assert tasks["columns"]["note"] == {"max_length": 2000}
    # and the server refuses what the browser's copy of the rules refuses, with the same message
    row = draft.content[tasks["key"]][0]
    with pytest.raises(DomainError) as refused:
        services.submission_save(actor=demo_user("badinh"), submission=draft, version=draft.version,
                                 changes={tasks["key"]: [{"code": row["code"], "progress": "101"}]})
    assert refused.value.message == data["messages"]["range"] % {"label": "tiến độ %", "low": 0, "high": 100}


def test_the_service_worker_and_manifest(client):
    worker = client.get("/sw.js")
    manifest = client.get("/manifest.webmanifest")
    body = worker.content.decode()
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/" and "no-cache" in worker["Cache-Control"]
    assert 'importScripts("/static/vendor/workbox-7.4.1/workbox-sw.js")' in body
    config = json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    urls = {entry["url"]: entry["revision"] for entry in config["precache"]}
    assert "/static/reporting/report_form.js" in urls and len(urls["/static/reporting/report_form.js"]) == 16
    assert "missing" not in urls.values()
    assert r"^/reports/submissions/\d+/$" in config["pages"] and r"^/plans/my/$" in config["pages"]
    data = manifest.json()
    assert manifest["Content-Type"] == "application/manifest+json"
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert [i["sizes"] for i in data["icons"]] == ["192x192", "512x512"]


def test_an_entry_for_a_report_sent_meanwhile_is_refused_and_kept_on_the_device(draft, demo_user):
    badinh = demo_user("badinh")
    typed_on = draft.version
    sent = services.submission_submit(actor=badinh, submission=draft, version=typed_on, changes=FILLED)
    # when: the offline entry arrives after a colleague sent the report
    with pytest.raises(DomainError) as refused:
        _sync(badinh, sent, version=typed_on, form=_form(kho_khan="Bản nhập ngoại tuyến."), key="late-entry-1")
    # then: a message saying why and what to do; the sent report is untouched
    assert refused.value.code == "locked"
    assert "trạng thái “Đã gửi”" in refused.value.message and "xóa bản nhập" in refused.value.message
    after = Submission.objects.get(pk=draft.pk)
    assert after.content["kho_khan"] == FILLED["kho_khan"] and after.revisions.count() == 1
    assert not IdempotencyKey.objects.exists()


def test_vendored_scripts_name_no_missing_source_map():
    """collectstatic's hashed-name manifest (production) refuses a sourceMappingURL to a
    file that is not there."""
    import re

    from django.conf import settings

    vendor = Path(settings.BASE_DIR) / "binhdang" / "static" / "vendor"
    missing = []
    for script in vendor.rglob("*.js"):
        for name in re.findall(r"sourceMappingURL=(\S+)", script.read_text(encoding="utf-8")):
            if not (script.parent / name).exists():
                missing.append(f"{script.name} → {name}")
    assert missing == []
    assert (vendor / "workbox-7.4.1" / "workbox-core.prod.js").exists()
