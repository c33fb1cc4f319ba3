"""Parsing runs in a child process with bounded time and memory: a huge DOCX that passes the
zip guard (45 MB of XML, ratio 5:1) is refused in Vietnamese within the budget, under 300 MB,
by the upload and by `binhdang parse`; an ordinary document parses exactly as before."""

import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from binhdang.core.zipguard import check_zip
from binhdang.documents.models import PlanImport
from binhdang.documents.parsing import ParseError, parse_file
from binhdang.documents.parsing.bounded import cpu_budget, parse_bounded, parse_budgets

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "binhdang/fixtures/plans/268-KH-UBND-2017.txt"
MEMORY_REFUSAL = ("Đọc văn bản này cần quá 256 MB bộ nhớ nên đã bị từ chối. Hãy lưu lại văn bản gọn hơn "
                  "(bỏ ảnh, bảng thừa) hoặc dán nội dung vào tệp .txt rồi tải lên lại.")
WORDS = ["triển", "khai", "thực", "hiện", "công", "tác", "bình", "đẳng", "giới", "vì", "sự", "tiến", "bộ", "của", "phụ", "nữ", "phòng", "lao", "động", "thương", "binh", "xã", "hội", "ủy", "ban", "nhân", "dân", "phường", "xã", "các", "đơn", "vị", "năm", "kế", "hoạch", "báo", "cáo", "trước", "ngày", "tháng", "chủ", "trì", "phối", "hợp"]


@pytest.fixture(scope="module")
def huge_docx(tmp_path_factory) -> Path:
    """A real DOCX of about 300,000 numbered paragraphs: 45 MB of XML in 8 MB, within every
    limit of the zip guard and of the upload (20 MB)."""
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    blank = io.BytesIO()
    docx.Document().save(blank)
    template = zipfile.ZipFile(io.BytesIO(blank.getvalue()))
    body = [f"<w:p><w:r><w:t>{n}. {' '.join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))}.</w:t></w:r></w:p>"
            for n in range(1, 300_000)]
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
           '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + "".join(body) + "<w:sectPr/></w:body></w:document>").encode()
    path = tmp_path_factory.mktemp("huge") / "ke-hoach-rat-dai.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in template.infolist():
            out.writestr(item, xml if item.filename == "word/document.xml" else template.read(item.filename))
    return path


def test_the_huge_docx_passes_the_zip_guard_and_the_upload_limit(huge_docx):
    check_zip(huge_docx)  # no bomb: what refuses it below is the bound on parsing
    assert huge_docx.stat().st_size < 20 * 1024 * 1024
    assert zipfile.ZipFile(huge_docx).getinfo("word/document.xml").file_size > 40 * 1024 * 1024


def test_it_is_refused_under_300_mb(huge_docx):
    # A fresh process, so that its children's peak memory is the parser's alone.
    probe = (
        "import json, resource, time\n"
        "from binhdang.documents.parsing import ParseError\n"
        "from binhdang.documents.parsing.bounded import cpu_budget, parse_bounded, parse_budgets\n"
        "t = time.monotonic()\n"
        "try:\n"
        f"    parse_bounded({str(huge_docx)!r}, max_bytes=20 * 1024 * 1024)\n"
        "    code, message = 'parsed', ''\n"
        "except ParseError as error:\n"
        "    code, message = error.code, error.message_vi\n"
        "print(json.dumps({'code': code, 'message': message, 'seconds': time.monotonic() - t,\n"
        "                  'max_rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, timeout=60,
                         check=True)
    result = json.loads(run.stdout)
    assert result["code"] in ("too_much_memory", "too_slow"), result
    assert result["message"] in (MEMORY_REFUSAL, ) or result["message"].startswith(
        "Văn bản quá phức tạp: đọc nó cần hơn 8 giây tính toán của máy chủ nên đã bị từ chối.")
    assert result["max_rss_kb"] < 300 * 1024


def test_with_memory_to_spare_the_cpu_budget_refuses_it(huge_docx):
    # The wall clock is far away: only the child's own CPU time can have stopped it.
    with pytest.raises(ParseError) as refused:
        parse_bounded(huge_docx, max_bytes=20 * 1024 * 1024, seconds=1.5, memory_mb=4096, wall_seconds=600)
    assert refused.value.code == "too_slow"
    assert refused.value.message_vi.startswith(
        "Văn bản quá phức tạp: đọc nó cần hơn 1.5 giây tính toán của máy chủ nên đã bị từ chối.")
    assert refused.value.message_en.startswith("The document is too complex: reading it needs more than 1.5 seconds")


def test_a_busy_server_is_not_blamed_on_the_document():
    # Stopped by the wall clock long before it could use its CPU budget: the machine was
    # the cost, so the officer is told to try again, not to change the document.
    with pytest.raises(ParseError) as refused:
        parse_bounded(SEED, max_bytes=20 * 1024 * 1024, seconds=30, wall_seconds=0.05)
    assert refused.value.code == "server_busy"
    assert "Văn bản không có lỗi; hãy tải lên lại sau ít phút." in refused.value.message_vi
    assert "phức tạp" not in refused.value.message_vi


def test_each_format_has_its_cpu_budget():
    assert cpu_budget("ke-hoach.txt") == 4.0 and cpu_budget("KE-HOACH.DOCX") == 8.0 and cpu_budget("a.pdf") == 8.0
    assert cpu_budget("a.docx", parse_budgets("txt=2,docx=3")) == 3.0
    assert parse_budgets("5") == {"txt": 5.0, "docx": 5.0, "pdf": 5.0}
    with pytest.raises(ValueError, match="BINHDANG_PARSE_CPU_SECONDS"):
        parse_budgets("docx=fast")


def test_an_ordinary_document_parses_exactly_as_in_process():
    bounded = parse_bounded(SEED, max_bytes=20 * 1024 * 1024, seconds=30)
    assert bounded.plan == json.loads(json.dumps(parse_file(SEED).to_json_dict()))
    assert 0 < bounded.cpu_seconds < 30  # the child reports what it used
    assert bounded.plan["document"]["number"] == "268/KH-UBND"
    assert "Bỉm Sơn" in bounded.text


def test_the_reader_s_own_refusals_come_through_unchanged(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ParseError) as refused:
        parse_bounded(broken, max_bytes=1024 * 1024, seconds=30)
    with pytest.raises(ParseError) as in_process:
        parse_file(broken)
    assert (refused.value.code, refused.value.message_vi) == (in_process.value.code, in_process.value.message_vi)


def test_the_command_refuses_it_in_vietnamese(huge_docx, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("parse", str(huge_docx), "--json")
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert err.strip() == MEMORY_REFUSAL or "giây tính toán của máy chủ nên đã bị từ chối" in err


@pytest.mark.django_db
def test_the_upload_refuses_it_and_saves_nothing(huge_docx, client, demo_user):
    client.force_login(demo_user("ldtbxh"))
    before = PlanImport.objects.count()
    response = client.post(reverse("documents:import"),
                           {"file": SimpleUploadedFile(huge_docx.name, huge_docx.read_bytes())})
    page = response.content.decode()
    assert response.status_code == 400
    assert MEMORY_REFUSAL in page or "giây tính toán của máy chủ nên đã bị từ chối" in page
    assert PlanImport.objects.count() == before
