"""An uploaded scan is queued for OCR in the background worker; the review page shows its
progress, then the draft it became; a scan with no words fails with a clear message."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from binhdang.conftest import require_program
from binhdang.core.models import AuditEvent
from binhdang.documents.models import PlanImport
from binhdang.documents.services import plan_import_ocr_run, plan_import_upload

from .conftest import SHORT_PLAN
from .corpus_files import write_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The short plan of Bỉm Sơn photographed: one PNG page at 200 dpi."""
    require_program("tesseract", "reads scans (Debian: tesseract-ocr tesseract-ocr-vie)")
    pdftoppm = require_program("pdftoppm", "renders PDF pages to images")
    out = tmp_path_factory.mktemp("photo")
    pdf = write_pdf(SHORT_PLAN.read_text(encoding="utf-8"), out / "plan.pdf")
    subprocess.run([pdftoppm, "-r", "200", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(out / "anh")],
                   check=True)
    return (out / "anh.png").read_bytes()


def blank_png(path: Path) -> bytes:
    from PIL import Image

    Image.new("L", (800, 1100), 255).save(path)
    return path.read_bytes()


def test_a_scan_is_queued_then_read_in_the_background(client, demo_user, demo_tree, photo,
                                                      django_capture_on_commit_callbacks) -> None:
    from django_tasks_db.models import DBTaskResult

    coordinator = demo_user("ldtbxh")
    client.force_login(coordinator)
    # when the coordinator uploads a photo of the plan
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:import"),
                               {"file": SimpleUploadedFile("ke-hoach.png", photo, content_type="image/png")})
    draft = PlanImport.objects.get()
    assert response.status_code == 302
    # then nothing is read yet: the job waits for the worker and the page shows the progress
    assert (draft.ocr_status, draft.source_text, draft.parsed) == ("queued", "", {})
    job = DBTaskResult.objects.get()
    assert job.task_path == "binhdang.documents.tasks.plan_import_ocr" and job.args_kwargs["args"] == [draft.pk]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Đang đọc bản quét" in page and 'id="ocr-bar"' in page and "Đang chờ nhận dạng chữ" in page
    fragment = client.get(reverse("documents:ocr-progress", args=[draft.pk]))
    assert "HX-Refresh" not in fragment and 'hx-trigger="every 2s"' in fragment.content.decode()
    # when the worker runs the job
    result = plan_import_ocr_run(plan_import_id=draft.pk)
    draft.refresh_from_db()
    # then the draft holds what OCR read, and the page reloads into the review
    assert result == {"id": draft.pk, "status": "done", "pages": 1}
    assert (draft.ocr_status, draft.ocr_done, draft.ocr_pages) == ("done", 1, 1)
    assert draft.data["document"]["number"] == "45/KH-UBND" and draft.parsed["text_source"] == "ocr"
    assert draft.issuer is not None and draft.issuer.code == "TH-BS"
    assert client.get(reverse("documents:ocr-progress", args=[draft.pk]))["HX-Refresh"] == "true"
    review = client.get(draft.get_absolute_url()).content.decode()
    assert 'value="45/KH-UBND"' in review and 'id="ocr-notice"' in review and 'class="conf conf-' in review
    assert AuditEvent.objects.filter(action="plan_import.ocr", object_id=str(draft.pk)).count() == 1
    # running the job again changes nothing
    assert plan_import_ocr_run(plan_import_id=draft.pk) == {"id": draft.pk, "status": "done"}


def test_a_scan_without_words_fails_with_a_vietnamese_message(tmp_path, client, demo_user, demo_tree) -> None:
    require_program("tesseract", "reads scans (Debian: tesseract-ocr tesseract-ocr-vie)")
    user = demo_user("ldtbxh")
    draft = plan_import_upload(actor=user, uploaded=SimpleUploadedFile("trang.png", blank_png(tmp_path / "b.png")))
    assert draft.ocr_status == "queued"
    assert plan_import_ocr_run(plan_import_id=draft.pk)["status"] == "failed"
    draft.refresh_from_db()
    assert draft.ocr_status == "failed" and draft.data == {}
    assert draft.ocr_error == "Nhận dạng chữ (OCR) không đọc được chữ nào trong ảnh quét."
    client.force_login(user)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="ocr-error"' in page and "không đọc được chữ nào" in page and "every 2s" not in page


def test_typed_documents_show_a_confidence_per_field(client, demo_user, demo_tree, upload) -> None:
    client.force_login(demo_user("ldtbxh"))
    client.post(reverse("documents:import"), {"file": upload()})
    page = client.get(PlanImport.objects.get().get_absolute_url()).content.decode()
    assert 'id="confidence"' in page and 'data-field="number"' in page and "Số, ký hiệu 95%" in page
    assert 'id="ocr-notice"' not in page


def test_the_new_words_have_english() -> None:
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Đang đọc bản quét") == "Reading the scan"
        assert translation.gettext("Độ tin cậy khi đọc") == "Reading confidence"
