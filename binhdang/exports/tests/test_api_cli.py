"""Permissions on the downloads and the API, the `export`/`import` commands (the CONTRACTS
§2 command included) and a schema-driven fuzz of every GET endpoint."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
TOWN = "Ủy ban nhân dân thị xã Bỉm Sơn"


def _client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_reporter_cannot_export_the_town_report_and_a_coordinator_can(full_demo, demo_user):
    town = full_demo["TH-BS"]
    url = f"/api/exports/report/?unit={town.pk}&period=2017-H1&format=docx"
    assert _client(demo_user("badinh")).get(url).status_code == 403
    response = _client(demo_user("ldtbxh")).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    assert "BÁO CÁO" in [p.text for p in document.paragraphs]
    assert _client(demo_user("ldtbxh")).get(url.replace("2017-H1", "2017-X")).status_code == 400
    assert APIClient().get(url).status_code in (401, 403)


def test_report_page_and_downloads_for_coordinators_only(full_demo, demo_user, client):
    town = full_demo["TH-BS"]
    client.force_login(demo_user("badinh"))
    assert client.get(f"/exports/reports/document.pdf?unit={town.pk}&period=2017-H1").status_code == 403
    client.force_login(demo_user("ldtbxh"))
    page = client.get(f"/exports/reports/?unit={town.pk}&period=2017-H1")
    assert page.status_code == 200 and "Tải PDF" in page.content.decode()
    pdf = client.get(f"/exports/reports/document.pdf?unit={town.pk}&period=2017-H1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/exports/reports/?unit={town.pk}&period=2017-H1&table=completeness")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_plan_document_readable_by_plan_readers(full_demo, demo_user, client):
    from binhdang.plans.models import Plan

    plan = Plan.objects.get(number="268/KH-UBND")
    client.force_login(demo_user("badinh"))  # a commune reporter reads the town's plan
    response = client.get(f"/exports/plans/{plan.pk}.docx")
    assert response.status_code == 200
    assert "Số: 268/KH-UBND" in Document(io.BytesIO(response.content)).tables[0].rows[0].cells[0].text
    assert client.get(f"/exports/plans/{plan.pk}.pdf").content.startswith(b"%PDF")
    api = _client(demo_user("badinh")).get(f"/api/exports/plans/{plan.pk}/document/?format=pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")


def test_values_api_import_then_export(full_demo, demo_user):
    coordinator = _client(demo_user("ldtbxh"))
    payload = {"dataValues": [
        {"dataElement": "TK-DS", "period": "2017S1", "orgUnit": "TH-BS-BADINH", "categoryOptionCombo": "F", "value": "10"},
        {"dataElement": "TK-DS", "period": "2017S1", "orgUnit": "TH-BS-BADINH", "categoryOptionCombo": "M", "value": "9"},
    ]}
    upload = io.BytesIO(json.dumps(payload).encode())
    upload.name = "values.json"
    response = coordinator.post("/api/imports/values/", {"file": upload, "format": "dhis2-json"}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    badinh = full_demo["TH-BS-BADINH"].pk
    exported = coordinator.get(f"/api/exports/values/?format=dhis2-json&period=2017-H1&unit={badinh}")
    data = json.loads(b"".join(exported.streaming_content))
    assert {(v["categoryOptionCombo"], v["value"]) for v in data["dataValues"] if v["dataElement"] == "TK-DS"} == {
        ("F", "10"), ("M", "9")}
    reporter = _client(demo_user("lamson"))
    upload.seek(0)
    refused = reporter.post("/api/imports/values/", {"file": upload, "format": "dhis2-json"}, format="multipart")
    assert refused.status_code == 400 and "không có quyền" in refused.json()["errors"]["rows"][0]


def _fail(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        call_command(*args)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_export_report_command_contract(full_demo, tmp_path, capsys):
    docx_path, pdf_path = tmp_path / "bc.docx", tmp_path / "bc.pdf"
    call_command("export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", "docx", "-o", str(docx_path))
    call_command("export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", "pdf", "-o", str(pdf_path))
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert "BÁO CÁO" in [p.text for p in Document(str(docx_path)).paragraphs]
    assert pdf_path.read_bytes().startswith(b"%PDF")
    # accent-insensitive unique match
    call_command("export", "report", "--unit", "uy ban nhan dan thi xa bim son", "--period", "2017",
                 "--format", "docx", "-o", str(tmp_path / "nam.docx"))
    assert (tmp_path / "nam.docx").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["--unit", "Không có đơn vị này", "--period", "2017-H1", "--format", "docx"], "Không tìm thấy đơn vị"),
    (["--unit", "phường", "--period", "2017-H1", "--format", "docx"], "khớp với nhiều đơn vị"),
    (["--unit", TOWN, "--period", "2017-Q3", "--format", "docx"], "Kỳ “2017-Q3” không hợp lệ"),
    (["--unit", TOWN, "--period", "2017-H1", "--format", "odt"], "Định dạng “odt” không hỗ trợ"),
    # the province before the town has issued its report: no hollow document
    (["--unit", "Ủy ban nhân dân tỉnh Thanh Hóa", "--period", "2017-H1", "--format", "pdf"],
     "Chưa có gì để lập báo cáo 6 tháng đầu năm 2017 của Ủy ban nhân dân tỉnh Thanh Hóa"),
])
def test_export_report_errors_are_vietnamese_on_stderr(full_demo, tmp_path, capsys, args, expected):
    code, out, err = _fail(capsys, "export", "report", *args, "-o", str(tmp_path / "x.docx"))
    assert code != 0 and out == "" and expected in err
    assert not (tmp_path / "x.docx").exists()


def test_export_report_unwritable_output(full_demo, tmp_path, capsys, monkeypatch):
    code, out, err = _fail(capsys, "export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", "pdf",
                           "-o", str(tmp_path / "khong-co" / "x.pdf"))
    assert code != 0 and out == "" and "Không ghi được tệp" in err
    monkeypatch.setenv("LANGUAGE", "en")
    code, out, err = _fail(capsys, "export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", "pdf",
                           "-o", str(tmp_path / "khong-co" / "x.pdf"))
    assert code != 0 and out == "" and "Cannot write" in err


def test_values_commands_round_trip(full_demo, tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"dataValues": [
        {"dataElement": "TK-BLGD", "period": "2017", "orgUnit": "TH-BS-LAMSON", "categoryOptionCombo": "T", "value": "2"},
    ]}), encoding="utf-8")
    call_command("import", "values", str(source), "--format", "dhis2-json", "--dry-run")
    assert "Đã kiểm tra (chưa lưu) 1 giá trị: 1 mới, 0 thay đổi, 0 không đổi, 0 bị từ chối." in capsys.readouterr().out
    call_command("import", "values", str(source), "--format", "dhis2-json")
    assert "1 mới" in capsys.readouterr().out
    for fmt, name in (("adx", "out.xml"), ("xlsx", "out.xlsx"), ("dhis2-json", "out.json")):
        call_command("export", "values", "--format", fmt, "--unit", TOWN, "--period", "2017", "-o", str(tmp_path / name))
    assert 'dataElement="TK-BLGD" value="2"' in (tmp_path / "out.xml").read_text(encoding="utf-8")
    call_command("import", "values", str(tmp_path / "out.xlsx"), "--format", "xlsx")
    assert " 0 mới, 0 thay đổi," in capsys.readouterr().out  # the whole export came back unchanged
    bad = tmp_path / "bad.json"
    bad.write_text('{"dataValues": [{"dataElement": "X", "period": "2017", "orgUnit": "Y", "value": "a"}]}')
    code, out, err = _fail(capsys, "import", "values", str(bad), "--format", "dhis2-json")
    assert code != 0 and out == "" and "chưa lưu số liệu nào" in err


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the subprocess run uses its own SQLite file; covered once on SQLite")
def test_contract_command_in_a_subprocess(tmp_path, sqlite_file):
    """The exact command of CONTRACTS §2 on a SQLite file holding what `seed-demo` loads (the
    "seeded" layer's rows; CI runs `seed-demo` itself through `./dev demo`)."""
    database = sqlite_file(tmp_path, "seeded")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "BINHDANG_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    root = Path(__file__).resolve().parents[3]
    run = [sys.executable, "-m", "binhdang"]
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"bc.{fmt}"
        done = subprocess.run([*run, "export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", fmt,
                               "-o", str(out)], cwd=root, env=env, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()
        assert done.stdout == b"" and out.stat().st_size > 10_000
    bad = subprocess.run([*run, "export", "report", "--unit", "Không có", "--period", "2017-H1", "--format",
                          "pdf", "-o", str(tmp_path / "x.pdf")], cwd=root, env={**env, "LANGUAGE": "en"},
                         capture_output=True, timeout=120)
    assert bad.returncode != 0 and bad.stdout == b"" and b"No org unit" in bad.stderr


# --- fuzz: every GET endpoint from the OpenAPI schema, a few generated query strings --------

_QUERY = st.fixed_dictionaries({}, optional={
    "limit": st.one_of(st.integers(-5, 500), st.text(max_size=4)),
    "offset": st.one_of(st.integers(-5, 10_000), st.text(max_size=4)),
    "q": st.text(max_size=12),
    "period": st.sampled_from(["2017-H1", "2017", "2017-plan", "x", "", "9999"]),
    "year": st.one_of(st.integers(-1, 3000), st.text(max_size=3)),
    "unit": st.one_of(st.integers(-1, 10**6), st.text(max_size=3)),
    "status": st.text(max_size=8),
    "format": st.sampled_from(["json", "docx", "pdf", "xlsx", "adx", "dhis2-json", "zz"]),
})


def test_every_get_endpoint_survives_generated_query_strings(full_demo, demo_user):
    client = _client(demo_user("ldtbxh"))
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    from binhdang.plans.models import Obligation, Plan, Task

    ids = {"plan": Plan.objects.first().pk, "task": Task.objects.first().pk,
           "obligation": Obligation.objects.first().pk, "orgunit": full_demo["TH-BS"].pk}
    urls = []
    for path, operations in paths.items():
        if "get" not in operations:
            continue
        url = path
        for name in [p["name"] for p in operations["get"].get("parameters", []) if p.get("in") == "path"]:
            guess = next((v for k, v in ids.items() if k in path.replace("/", "").replace("_", "")), ids["plan"])
            url = url.replace("{" + name + "}", str(guess))
        urls.append(url)
    assert urls

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(query=_QUERY)
    def check(query):
        for url in urls:
            response = client.get(url, query)
            assert response.status_code < 500, (url, query, response.status_code)

    check()
