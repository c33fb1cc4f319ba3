"""PAdES B-LT: with a timestamp server configured, both signatures carry an RFC 3161 timestamp
and the document keeps the chains and revocation data (CRL) it needs, so it validates later
with no network. Tested against a timestamp server and a CRL served here over HTTP by a test
CA; a revoked signer or an unreachable server is a Vietnamese refusal and stores nothing."""

import datetime
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.management import call_command

from binhdang.exports.models import SignedDocument
from binhdang.exports.signing.keys import signature_image

pytestmark = pytest.mark.django_db
TOWN = "Ủy ban nhân dân thị xã Bỉm Sơn"
PASSWORD = b"lt-test"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, TOWN),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


class LocalCA:
    """A CA that publishes a CRL at `crl_url`, with the signer, the organisation and a TSA."""

    def __init__(self, crl_url: str):
        now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
        self.now, self.revoked = now, []
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.name = _name("binhdang LT test CA")
        self.cert = self._issue(self.name, self.key, ca=True)
        self.crl_url = crl_url

    def _issue(self, subject, key, *, ca=False, tsa=False, crl_url=""):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(self.name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(self.now).not_valid_after(self.now + datetime.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                                  critical=False)
                   .add_extension(x509.KeyUsage(
                       digital_signature=not ca, content_commitment=not ca and not tsa, key_encipherment=False,
                       data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                       encipher_only=False, decipher_only=False), critical=True))
        if tsa:
            builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        if crl_url:
            builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(crl_url)], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False)
        return builder.sign(self.key, hashes.SHA256())

    def leaf(self, common: str, *, tsa: bool = False):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return key, self._issue(_name(common), key, tsa=tsa, crl_url=self.crl_url)

    def crl(self) -> bytes:
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.name)
                   .last_update(self.now).next_update(self.now + datetime.timedelta(days=1)))
        for serial in self.revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(self.now).build())
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@pytest.fixture
def lt_keys(tmp_path, monkeypatch):
    """The test CA's keys in PKCS#12 files, a timestamp server and the CRL on 127.0.0.1."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    state: dict = {"stamps": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self._send(state["ca"].crl(), "application/pkix-crl")

        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            state["stamps"] += 1
            self._send(state["tsa"].request_tsa_response(request).dump(), "application/timestamp-reply")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    ca = state["ca"] = LocalCA(f"{base}/ca.crl")
    tsa_key, tsa_cert = ca.leaf("binhdang test TSA", tsa=True)
    state["tsa"] = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(tsa_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))
    files = {}
    for role, common in (("signer", "Mai Đình Lâm"), ("organisation", TOWN)):
        key, cert = ca.leaf(common)
        path = tmp_path / f"{role}.p12"
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            common.encode(), key, cert, [ca.cert], serialization.BestAvailableEncryption(PASSWORD)))
        files[role] = (path, cert)
    (tmp_path / "ca.pem").write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    signature_image(tmp_path / "sig.png")
    for name, value in {
        "BINHDANG_SIGNING_BACKEND": "pkcs12", "BINHDANG_SIGNING_DIR": str(tmp_path / "none"),
        "BINHDANG_SIGNER_PKCS12": str(files["signer"][0]), "BINHDANG_SIGNER_PKCS12_PASSWORD": PASSWORD.decode(),
        "BINHDANG_ORG_PKCS12": str(files["organisation"][0]), "BINHDANG_ORG_PKCS12_PASSWORD": PASSWORD.decode(),
        "BINHDANG_SIGNING_CA": str(tmp_path / "ca.pem"), "BINHDANG_SIGNER_IMAGE": str(tmp_path / "sig.png"),
        "BINHDANG_SIGNING_TSA_URL": f"{base}/tsa",
    }.items():
        monkeypatch.setenv(name, value)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"ca": ca, "state": state, "signer_cert": files["signer"][1], "ca_pem": tmp_path / "ca.pem",
           "server": server}
    server.shutdown()
    server.server_close()


def _export(tmp_path, name="bc-lt.pdf"):
    target = tmp_path / name
    call_command("export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", "pdf", "--signed",
                 "--number", "17", "-o", str(target))
    return target


def test_b_lt_signatures_validate_offline_from_what_the_document_holds(full_demo, lt_keys, tmp_path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    target = _export(tmp_path)
    lt_keys["server"].shutdown()  # from here on, nothing can be fetched
    assert lt_keys["state"]["stamps"] >= 2  # one per signature (pyHanko also asks once to size the token)
    reader = PdfFileReader(io.BytesIO(target.read_bytes()))
    dss = DocumentSecurityStore.read_dss(reader)  # the document security store: chains and CRLs
    assert len(dss.crls) >= 1 and len(list(dss.load_certs())) >= 3
    names = []
    for signature in reader.embedded_signatures:
        # only what the document holds: no fetching, and revocation data required
        context = dss.as_validation_context({
            "trust_roots": [load_cert_from_pemder(str(lt_keys["ca_pem"]))], "allow_fetching": False,
            "revocation_mode": "hard-fail"})
        status = validate_pdf_signature(signature, context)
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.timestamp_validity is not None and status.timestamp_validity.valid
        names.append(status.signing_cert.subject.native["common_name"])
    assert names == ["Mai Đình Lâm", TOWN]
    record = SignedDocument.objects.get()
    assert record.level == "PAdES B-LT" and bytes(record.content) == target.read_bytes()


def test_a_revoked_signer_certificate_is_refused(full_demo, lt_keys, tmp_path, capsys):
    lt_keys["ca"].revoked.append(lt_keys["signer_cert"].serial_number)
    with pytest.raises(SystemExit):
        _export(tmp_path)
    err = capsys.readouterr().err
    assert "Không kiểm tra được chứng thư số" in err and "Traceback" not in err
    assert not (tmp_path / "bc-lt.pdf").exists() and not SignedDocument.objects.exists()


def test_an_unreachable_timestamp_server_is_refused(full_demo, lt_keys, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BINHDANG_SIGNING_TSA_URL", "http://127.0.0.1:9/tsa")  # discard port: nothing listens
    with pytest.raises(SystemExit):
        _export(tmp_path)
    err = capsys.readouterr().err
    assert "Không lấy được dấu thời gian từ máy chủ “http://127.0.0.1:9/tsa”" in err and "Traceback" not in err
    assert not SignedDocument.objects.exists()
