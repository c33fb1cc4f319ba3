"""Demo signing keys: a test CA and two PKCS#12 files (the signer, the organisation), plus the
signer's handwritten-signature image (blue on a transparent background, NĐ 30/2020).

Production keys come from a PKCS#11 token instead (see config.py); nothing here is used then.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEMO_PASSWORD = "binhdang-demo"  # noqa: S105 - a demo key, documented as such


@dataclass(frozen=True)
class DemoKeyPaths:
    folder: Path

    @property
    def ca(self) -> Path:
        return self.folder / "demo-ca.pem"

    @property
    def signer(self) -> Path:
        return self.folder / "signer.p12"

    @property
    def organisation(self) -> Path:
        return self.folder / "organisation.p12"

    @property
    def signer_image(self) -> Path:
        return self.folder / "signer-signature.png"

    def complete(self) -> bool:
        return all(p.exists() for p in (self.ca, self.signer, self.organisation, self.signer_image))


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common),
    ])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(subject: x509.Name, key: rsa.RSAPrivateKey, issuer: x509.Name, issuer_key: rsa.RSAPrivateKey,
                 *, ca: bool, days: int) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .add_extension(x509.KeyUsage(
            digital_signature=not ca, content_commitment=not ca, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False,
        ), critical=True)
    )
    return builder.sign(issuer_key, hashes.SHA256())


def signature_image(path: Path, name: str = "") -> None:
    """A demo handwritten signature: a blue stroke on a transparent background (PNG)."""
    from PIL import Image, ImageDraw

    width, height = 600, 220
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 50, 170, 255)
    points = []
    for i in range(241):
        t = i / 240
        x = 40 + 520 * t
        y = 120 - 55 * math.sin(t * 3.2 * math.pi) * (1 - 0.5 * t) - 20 * math.sin(t * 11 * math.pi) * t
        points.append((x, y))
    draw.line(points, fill=blue, width=7, joint="curve")
    draw.line([(70, 170), (520, 150)], fill=blue, width=5)
    image.save(path, format="PNG")


def generate_demo_keys(folder: Path, *, signer_name: str = "Mai Đình Lâm",
                       organisation: str = "Ủy ban nhân dân thị xã Bỉm Sơn", force: bool = False) -> DemoKeyPaths:
    """Write demo-ca.pem, signer.p12, organisation.p12 (password DEMO_PASSWORD) and the signer's
    image into `folder`; kept as they are when already there (unless `force`)."""
    paths = DemoKeyPaths(folder)
    if paths.complete() and not force:
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = _key()
    ca_name = _name("binhdang demo CA (không dùng thật)", "binhdang demo")
    ca_cert = _certificate(ca_name, ca_key, ca_name, ca_key, ca=True, days=3650)
    password = serialization.BestAvailableEncryption(DEMO_PASSWORD.encode())
    for path, common in ((paths.signer, signer_name), (paths.organisation, organisation)):
        key = _key()
        cert = _certificate(_name(common, organisation), key, ca_name, ca_key, ca=False, days=1825)
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            common.encode(), key, cert, [ca_cert], password))
        path.chmod(0o600)
    paths.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    signature_image(paths.signer_image)
    return paths
