"""Audit rows are append-only; admin deletions are audited and remove the record's file; reasons need substance."""

import pytest
from django.core.files.base import ContentFile

from binhdang.core.audit import require_reason
from binhdang.core.errors import DomainError
from binhdang.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted(demo_user):
    event = AuditEvent.objects.create(actor=demo_user("ldtbxh"), action="x", object_type="t", object_id="1")
    event.reason = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="sửa")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@pytest.mark.parametrize("reason", ["", "   ", "x", "sai!!!", "ok ok ok"])
def test_a_reason_needs_ten_letters_or_digits(reason):
    with pytest.raises(DomainError) as refused:
        require_reason(reason)
    assert refused.value.field == "reason"


def test_a_real_reason_is_kept_tidy():
    assert require_reason("  Thiếu số liệu\n kinh phí  ") == "Thiếu số liệu kinh phí"


def test_every_admin_is_audited_and_deleting_removes_the_file(admin_user, demo_tree, tmp_path,
                                                             django_capture_on_commit_callbacks):
    from django.contrib import admin
    from django.test import RequestFactory

    from binhdang.core.admin_audit import AuditedAdminMixin
    from binhdang.documents.models import PlanImport

    assert all(isinstance(m, AuditedAdminMixin) for m in admin.site._registry.values())
    draft = PlanImport(original_name="kh.txt", source_text="x", parsed={}, data={}, created_by=admin_user)
    draft.file.save("kh.txt", ContentFile(b"Ke hoach"), save=False)
    draft.save()
    name, storage = draft.file.name, draft.file.storage
    assert storage.exists(name)
    request = RequestFactory().post("/")
    request.user = admin_user
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[PlanImport].delete_model(request, draft)
    assert not storage.exists(name)
    event = AuditEvent.objects.get(action="admin.delete")
    assert event.changes == {"files": [name]} and event.actor == admin_user
