"""Signed documents: two incremental PAdES signatures (signer, then organisation) that pyHanko
validates against the demo CA, broken by any changed byte; stored with their hash, immutable,
corrected only by a new version; `export report … --format pdf --signed`."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from binhdang.exports.models import SignedDocument
from binhdang.exports.official.model import OfficialDocument, Paragraph, Signer
from binhdang.exports.signing.keys import DemoKeyPaths, generate_demo_keys

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def demo_keys(tmp_path_factory):
    return generate_demo_keys(tmp_path_factory.mktemp("signing"))


@pytest.fixture
def keys(demo_keys, monkeypatch):
    monkeypatch.setenv("BINHDANG_SIGNING_DIR", str(demo_keys.folder))
    for name in ("BINHDANG_SIGNER_PKCS12", "BINHDANG_ORG_PKCS12", "BINHDANG_SIGNING_TSA_URL",
                 "BINHDANG_SIGNING_BACKEND", "BINHDANG_SIGNING_CA"):
        monkeypatch.delenv(name, raising=False)
    return demo_keys


def _validate(data: bytes, ca_path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_path))])
    reader = PdfFileReader(io.BytesIO(data))
    results = []
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, context)
        results.append((sig.field_name, status.intact, status.bottom_line, status.trusted,
                        status.signing_cert.subject.native["common_name"], sig.signed_revision))
    return results


def _document(**kwargs) -> OfficialDocument:
    values = {"issuer": "Ủy ban nhân dân thị xã Bỉm Sơn", "type_code": "BC", "date": datetime.date(2017, 6, 20),
              "title": "Kết quả công tác bình đẳng giới 6 tháng đầu năm 2017", "number": "15", "place": "Bỉm Sơn",
              "body": [Paragraph("Trong 6 tháng đầu năm, các đơn vị đã triển khai kế hoạch.")],
              "recipients": ["UBND tỉnh (để báo cáo)", "Lưu: VT"],
              "signer": Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Mai Đình Lâm")}
    values.update(kwargs)
    return OfficialDocument(**values)


def test_two_signatures_signer_then_organisation_valid_against_the_demo_ca(keys, demo_tree):
    from binhdang.exports.signing.services import do_signed_document_issue

    record = do_signed_document_issue(actor=None, document=_document(), org_unit=demo_tree["TH-BS"],
                                      period="2017-H1")
    data = bytes(record.content)
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert (record.version, record.level, record.number) == (1, "PAdES B-B", "15/BC-UBND")
    assert record.signer == "Mai Đình Lâm" and record.organisation == "Ủy ban nhân dân thị xã Bỉm Sơn"
    assert _validate(data, keys.ca) == [
        # revision 0 is the document, 1 adds both empty fields, 2 the signer's, 3 the organisation's
        ("ChuKyNguoiKy", True, True, True, "Mai Đình Lâm", 2),
        ("ChuKyCoQuan", True, True, True, "Ủy ban nhân dân thị xã Bỉm Sơn", 3),
    ]
    assert data.count(b"/ETSI.CAdES.detached") == 2  # PAdES, not adbe.pkcs7


def test_a_changed_byte_breaks_the_signatures(keys, demo_tree):
    from binhdang.exports.signing.services import do_signed_document_issue

    data = bytes(do_signed_document_issue(actor=None, document=_document(), org_unit=demo_tree["TH-BS"],
                                       period="2017-H1").content)
    at = data.index(b"WeasyPrint")  # the Producer string of the original revision
    tampered = data[:at] + b"X" + data[at + 1:]
    results = _validate(tampered, keys.ca)
    assert [(name, intact, bottom_line) for name, intact, bottom_line, *_ in results] == [
        ("ChuKyNguoiKy", False, False), ("ChuKyCoQuan", False, False)]


def test_signed_documents_are_immutable_and_corrected_by_a_new_version(keys, demo_tree):
    from binhdang.core.models import AuditEvent
    from binhdang.exports.signing.services import do_signed_document_issue

    town = demo_tree["TH-BS"]
    first = do_signed_document_issue(actor=None, document=_document(), org_unit=town, period="2017-H1")
    first.number = "16/BC-UBND"
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        SignedDocument.objects.filter(pk=first.pk).update(number="16/BC-UBND")
    with pytest.raises(ValidationError):
        first.delete()
    second = do_signed_document_issue(actor=None, document=_document(number="16"), org_unit=town, period="2017-H1")
    assert (second.version, second.supersedes_id, second.number) == (2, first.pk, "16/BC-UBND")
    stored = SignedDocument.objects.get(pk=first.pk)
    assert (stored.number, stored.sha256) == ("15/BC-UBND", hashlib.sha256(bytes(stored.content)).hexdigest())
    assert AuditEvent.objects.filter(action="exports.document_signed").count() == 2


def test_a_reporter_may_not_issue_a_signed_report(keys, demo_tree, demo_user):
    from binhdang.core.errors import AccessDenied
    from binhdang.exports.signing.services import signed_document_issue

    with pytest.raises(AccessDenied):
        signed_document_issue(actor=demo_user("badinh"), document=_document(), org_unit=demo_tree["TH-BS"])
    assert SignedDocument.objects.count() == 0


def test_demo_keys_are_generated_on_demand_and_kept(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BINHDANG_SIGNING_DIR", str(tmp_path / "signing"))
    call_command("signing", "demo-keys")
    paths = DemoKeyPaths(tmp_path / "signing")
    assert paths.complete()
    before = paths.signer.read_bytes()
    call_command("signing", "demo-keys")
    assert paths.signer.read_bytes() == before
    assert "binhdang-demo" in capsys.readouterr().out


def test_export_report_signed_command(full_demo, keys, tmp_path):
    target = tmp_path / "bc-ky.pdf"
    call_command("export", "report", "--unit", "Ủy ban nhân dân thị xã Bỉm Sơn", "--period", "2017-H1",
                 "--format", "pdf", "--signed", "--number", "15", "-o", str(target))
    data = target.read_bytes()
    results = _validate(data, keys.ca)
    assert [r[:4] for r in results] == [("ChuKyNguoiKy", True, True, True), ("ChuKyCoQuan", True, True, True)]
    record = SignedDocument.objects.get()
    assert (record.sha256, record.period, record.number) == (hashlib.sha256(data).hexdigest(), "2017-H1", "15/BC-UBND")


def test_signed_needs_pdf(full_demo, keys, tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("export", "report", "--unit", "Ủy ban nhân dân thị xã Bỉm Sơn", "--period", "2017-H1",
                     "--format", "docx", "--signed", "-o", str(tmp_path / "x.docx"))
    assert "Chỉ ký số được bản PDF" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_a_printed_signer_who_does_not_hold_the_key_is_refused(full_demo, keys, tmp_path, capsys):
    target = tmp_path / "bc-ky.pdf"
    with pytest.raises(SystemExit):
        call_command("export", "report", "--unit", "Ủy ban nhân dân thị xã Bỉm Sơn", "--period", "2017-H1",
                     "--format", "pdf", "--signed", "--signer-name", "Nguyễn Văn An", "-o", str(target))
    err = capsys.readouterr().err
    assert "Người ký ghi trên văn bản (“Nguyễn Văn An”) không phải người giữ chứng thư số (“Mai Đình Lâm”)" in err
    assert not target.exists() and not SignedDocument.objects.exists()
    # the holder's own name, however it is typed, is the holder
    call_command("export", "report", "--unit", "Ủy ban nhân dân thị xã Bỉm Sơn", "--period", "2017-H1",
                 "--format", "pdf", "--signed", "--signer-name", "MAI ĐÌNH LÂM", "-o", str(target))
    assert target.exists() and SignedDocument.objects.count() == 1


def test_export_plan_signed_command(full_demo, keys, tmp_path, capsys):
    target = tmp_path / "kh-ky.pdf"
    call_command("export", "plan", "268/KH-UBND", "--format", "pdf", "--signed", "-o", str(target))
    data = target.read_bytes()
    results = _validate(data, keys.ca)
    assert [r[:5] for r in results] == [("ChuKyNguoiKy", True, True, True, "Mai Đình Lâm"),
                                        ("ChuKyCoQuan", True, True, True, "Ủy ban nhân dân thị xã Bỉm Sơn")]
    record = SignedDocument.objects.get()
    assert (record.type_code, record.period, record.number, record.version) == ("KH", "2017-plan", "268/KH-UBND", 1)
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    # the issued text, under its signatures
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Số: 268/KH-UBND" in text and "Mai Đình Lâm" in text
    # a DOCX cannot be signed
    with pytest.raises(SystemExit):
        call_command("export", "plan", "268/KH-UBND", "--format", "docx", "--signed", "-o", str(tmp_path / "x.docx"))
    assert "Chỉ ký số được bản PDF" in capsys.readouterr().err


def test_the_organisation_key_of_another_body_is_refused(full_demo, keys, tmp_path, capsys):
    target = tmp_path / "bc-phuong.pdf"
    with pytest.raises(SystemExit):
        call_command("export", "report", "--unit", "TH-BS-BACSON", "--period", "2017-H1", "--format", "pdf",
                     "--signed", "-o", str(target))
    assert ("Khóa của cơ quan thuộc “Ủy ban nhân dân thị xã Bỉm Sơn”, không phải cơ quan ban hành văn bản "
            "(“Ủy ban nhân dân phường Bắc Sơn”)") in capsys.readouterr().err
    assert not target.exists() and not SignedDocument.objects.exists()
