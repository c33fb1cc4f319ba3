"""Zip bombs and oversized files are refused before any parser inflates them; only those who
may issue a plan can upload one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from binhdang.core.zipguard import ZipRefusedError, check_zip

from .bombs import bomb_bytes, docx_bomb, xlsx_bomb

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "binhdang/documents/tests/samples/kh-bim-son-2018-ngay-8-3.txt"
REFUSAL = "Tệp bị từ chối: thành phần “word/document.xml” giải nén ra 211 MB, vượt giới hạn 50 MB."


def test_the_guard_names_each_limit() -> None:
    with pytest.raises(ZipRefusedError) as member:
        check_zip(bomb_bytes("word/document.xml", 60))
    with pytest.raises(ZipRefusedError) as ratio:
        check_zip(bomb_bytes("word/document.xml", 20))
    with pytest.raises(ZipRefusedError) as total:
        check_zip(bomb_bytes("word/document.xml", 20), max_ratio=10**6, max_uncompressed=10 * 1024 * 1024)
    with pytest.raises(ZipRefusedError) as broken:
        check_zip(b"PK\x03\x04 not really a zip")
    assert member.value.code == "zip_member_too_large"
    assert ratio.value.code == "zip_ratio" and "bom nén" in str(ratio.value)
    assert total.value.code == "zip_too_large" and "vượt giới hạn 10 MB" in str(total.value)
    assert broken.value.code == "zip_invalid"


def test_an_ordinary_docx_passes(tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Kế hoạch " * 2000)
    document.save(tmp_path / "ok.docx")
    check_zip(tmp_path / "ok.docx")


def test_parse_refuses_a_bomb_within_seconds_and_little_memory(tmp_path) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx")
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.monotonic()\n"
        f"run = subprocess.run([sys.executable, '-m', 'binhdang', 'parse', {str(bomb)!r}, '--json'], capture_output=True)\n"
        "print(run.returncode, round(time.monotonic() - t, 2), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.buffer.write(run.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LANGUAGE"))}
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, timeout=60, check=False)
    code, seconds, max_rss_kb = run.stdout.decode().split()
    assert int(code) != 0 and run.stderr.decode().strip() == REFUSAL
    # Time is measured in bench/upload_bench.py (no timed tests); memory is not timing.
    assert float(seconds) > 0 and int(max_rss_kb) < 300 * 1024


@pytest.mark.django_db
def test_the_upload_page_refuses_a_bomb(client, demo_user, tmp_path) -> None:
    client.force_login(demo_user("ldtbxh"))
    bomb = docx_bomb(tmp_path / "bomb.docx").read_bytes()
    response = client.post(reverse("documents:import"), {"file": SimpleUploadedFile("bomb.docx", bomb)})
    assert response.status_code == 400 and REFUSAL in response.content.decode()


@pytest.mark.django_db
def test_the_values_import_refuses_an_xlsx_bomb(demo_user) -> None:
    client = APIClient()
    client.force_authenticate(demo_user("ldtbxh"))
    upload = SimpleUploadedFile("bomb.xlsx", xlsx_bomb())
    response = client.post("/api/imports/values/", {"file": upload, "format": "xlsx"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == {"file": [
        "Tệp bị từ chối: thành phần “xl/worksheets/sheet1.xml” giải nén ra 211 MB, vượt giới hạn 50 MB."]}


@pytest.mark.django_db
def test_the_indicator_template_upload_refuses_an_xlsx_bomb(demo_tree) -> None:
    from binhdang.indicators.xlsx import parse_upload

    parsed = parse_upload(data=xlsx_bomb(), unit=demo_tree["TH-BS-BADINH"], period="2017")
    assert [e.message for e in parsed.errors] == [
        "Tệp bị từ chối: thành phần “xl/worksheets/sheet1.xml” giải nén ra 211 MB, vượt giới hạn 50 MB."]


@pytest.mark.django_db
def test_a_viewer_cannot_upload_a_plan(client, demo_user) -> None:
    from binhdang.documents.models import PlanImport

    client.force_login(demo_user("lanhdao"))
    page = client.get(reverse("documents:import"))
    posted = client.post(reverse("documents:import"), {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())})
    assert page.status_code == posted.status_code == 403
    assert not PlanImport.objects.exists()


@pytest.mark.django_db
def test_a_reporter_uploads_only_its_own_units_plan(client, demo_user) -> None:
    from binhdang.documents.models import PlanImport

    client.force_login(demo_user("hoilhpn"))  # Hội LHPN; the sample is issued by the town
    response = client.post(reverse("documents:import"), {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())})
    assert response.status_code == 403
    assert "bạn chỉ được nhập kế hoạch của đơn vị mình" in response.content.decode()
    assert not PlanImport.objects.exists()


@pytest.mark.django_db
def test_a_refused_page_is_recorded_too(client, demo_user) -> None:
    from binhdang.core.models import AuditEvent

    client.force_login(demo_user("lanhdao"))
    client.get(reverse("documents:import"))
    event = AuditEvent.objects.get(action="access.denied")
    assert event.object_repr == "/documents/import/" and event.reason == "Tài khoản chỉ xem không được nhập văn bản kế hoạch."
