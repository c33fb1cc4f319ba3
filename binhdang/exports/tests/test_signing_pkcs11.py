"""Signing with keys on a PKCS#11 token (production: a USB token or an HSM), tested on SoftHSM:
the same two PAdES signatures as with the demo files, valid against the same CA; a wrong PIN or
a missing key is a Vietnamese refusal and stores nothing."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import call_command

from binhdang.conftest import REQUIRE_ALL
from binhdang.exports.models import SignedDocument
from binhdang.exports.signing.keys import DEMO_PASSWORD, generate_demo_keys

from .test_signing import _validate

pytestmark = pytest.mark.django_db

MODULE = next((p for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so") if Path(p).exists()), "")
PIN, SO_PIN, TOKEN = "246810", "13579135", "binhdang-test"
TOWN = "Ủy ban nhân dân thị xã Bỉm Sơn"


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    """A SoftHSM token holding the demo signer's and organisation's keys and certificates."""
    if not MODULE or not shutil.which("softhsm2-util"):
        message = "SoftHSM is not installed (apt-get install softhsm2)"
        if REQUIRE_ALL:
            pytest.fail(f"BINHDANG_REQUIRE_ALL=1 but {message}")
        pytest.skip(message)
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN,
                    "--pin", PIN], check=True, capture_output=True)
    keys = generate_demo_keys(folder / "demo")
    for label, ident, p12 in (("signer", "01", keys.signer), ("organisation", "02", keys.organisation)):
        key, cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), DEMO_PASSWORD.encode())
        pem = folder / f"{label}.pem"
        pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
        subprocess.run(["softhsm2-util", "--import", str(pem), "--token", TOKEN, "--label", label, "--id", ident,
                        "--pin", PIN], check=True, capture_output=True)
        pem.unlink()  # the key now lives only on the token
        with pkcs11.lib(MODULE).get_token(token_label=TOKEN).open(user_pin=PIN, rw=True) as session:
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: bytes.fromhex(ident),
                Attribute.SUBJECT: cert.subject.public_bytes(), Attribute.VALUE: cert.public_bytes(
                    serialization.Encoding.DER),
            })
    yield keys
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture
def on_token(token, monkeypatch):
    for name, value in {
        "BINHDANG_SIGNING_BACKEND": "pkcs11", "BINHDANG_PKCS11_MODULE": MODULE, "BINHDANG_PKCS11_TOKEN": TOKEN,
        "BINHDANG_PKCS11_PIN": PIN, "BINHDANG_PKCS11_SIGNER_KEY": "signer", "BINHDANG_PKCS11_ORG_KEY": "organisation",
        "BINHDANG_SIGNING_CA": str(token.ca), "BINHDANG_SIGNER_IMAGE": str(token.signer_image),
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("BINHDANG_SIGNER_PKCS12", "BINHDANG_ORG_PKCS12", "BINHDANG_SIGNING_TSA_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BINHDANG_SIGNING_DIR", str(token.folder / "none"))  # no demo files to fall back on
    return token


def test_a_report_signed_on_the_token_is_valid_against_the_ca(full_demo, on_token, tmp_path):
    target = tmp_path / "bc-token.pdf"
    call_command("export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", "pdf", "--signed",
                 "--number", "16", "-o", str(target))
    results = _validate(target.read_bytes(), on_token.ca)
    assert [r[:5] for r in results] == [("ChuKyNguoiKy", True, True, True, "Mai Đình Lâm"),
                                        ("ChuKyCoQuan", True, True, True, TOWN)]
    record = SignedDocument.objects.get()
    assert record.number == "16/BC-UBND" and bytes(record.content) == target.read_bytes()
    assert not (on_token.folder / "none").exists()  # no demo keys were made beside the token


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("BINHDANG_PKCS11_PIN", "000000", "Không mở được thiết bị ký"),
    ("BINHDANG_PKCS11_SIGNER_KEY", "khong-co", "Không tìm thấy khóa “khong-co”"),
    ("BINHDANG_PKCS11_TOKEN", "khong-co", "Không tìm thấy thiết bị ký “khong-co”"),
])
def test_a_token_that_cannot_sign_is_a_refusal(full_demo, on_token, tmp_path, capsys, monkeypatch,
                                              variable, value, expected):
    monkeypatch.setenv(variable, value)
    target = tmp_path / "x.pdf"
    with pytest.raises(SystemExit):
        call_command("export", "report", "--unit", TOWN, "--period", "2017-H1", "--format", "pdf", "--signed",
                     "-o", str(target))
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not target.exists() and not SignedDocument.objects.exists()
