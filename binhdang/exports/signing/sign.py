"""Sign an issued PDF twice, incrementally, PAdES (pyHanko): first the signer, then the organisation.

Appearances (NĐ 30/2020): the signer's signature image (blue, transparent background) in the
signature block, where the document leaves room between the title and the name; the
organisation's signature at the top right of the first page, with its name and the signing
time in ISO 8601. Both fields are created before the first signature, so the second one only
fills a field (an allowed change that keeps the first signature valid).
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError
from binhdang.exports.official.pdf import Anchor

from .config import SigningConfig, ensure_demo_keys

MM = 72 / 25.4
SIGNER_FIELD = "ChuKyNguoiKy"
ORG_FIELD = "ChuKyCoQuan"


@dataclass(frozen=True)
class SignedPdf:
    content: bytes
    sha256: str
    signer: str  # the certificates' subject names
    organisation: str
    signed_at: datetime.datetime
    level: str


def _font_file() -> str:
    from binhdang.exports.official.fonts import document_font

    return str(document_font().regular)  # DomainError with what to install when there is none


def _load_signers(config: SigningConfig) -> tuple[Any, Any, Any]:
    """(signer's Signer, organisation's Signer, session to close or None)."""
    from pyhanko.sign import signers

    if config.backend == "pkcs11":
        return _load_token_signers(config)
    if config.backend != "pkcs12":
        raise DomainError(_("BINHDANG_SIGNING_BACKEND phải là pkcs12 hoặc pkcs11."), code="signing_config")
    ensure_demo_keys(config)
    loaded = []
    for path, password in ((config.signer_pkcs12, config.signer_password), (config.org_pkcs12, config.org_password)):
        if not path.exists():
            raise DomainError(_("Không có tệp khóa ký “%(path)s”.") % {"path": path}, code="signing_config")
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=password.encode() or None)
        if signer is None:
            raise DomainError(_("Không mở được tệp khóa ký “%(path)s” (sai mật khẩu?).") % {"path": path},
                              code="signing_config")
        loaded.append(signer)
    return loaded[0], loaded[1], None


def _load_token_signers(config: SigningConfig) -> tuple[Any, Any, Any]:
    """Both signers from one PKCS#11 session; each key and its certificate are looked up now,
    so a wrong PIN, token or label is refused before anything is rendered or stored."""
    import pkcs11 as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11
    from pyhanko.sign.general import SigningError

    if not config.pkcs11_module:
        raise DomainError(_("Chưa cấu hình BINHDANG_PKCS11_MODULE (thư viện PKCS#11 của thiết bị ký)."),
                          code="signing_config")
    try:
        session = pkcs11.open_pkcs11_session(
            config.pkcs11_module, token_criteria=TokenCriteria(label=config.pkcs11_token or None),
            user_pin=config.pkcs11_pin or None)
    except p11.exceptions.PinIncorrect as exc:
        raise DomainError(_("Không mở được thiết bị ký: mã PIN không đúng."), code="signing_config") from exc
    except (p11.exceptions.PKCS11Error, SigningError, OSError) as exc:
        if "token" in str(exc).lower() or isinstance(exc, p11.exceptions.NoSuchToken):
            raise DomainError(_("Không tìm thấy thiết bị ký “%(token)s”.") % {"token": config.pkcs11_token},
                              code="signing_config") from exc
        raise DomainError(_("Không mở được thiết bị ký: %(reason)s.") % {"reason": exc.__class__.__name__},
                          code="signing_config") from exc
    loaded = []
    try:
        for label in (config.pkcs11_signer_key, config.pkcs11_org_key):
            signer = pkcs11.PKCS11Signer(session, key_label=label or None)
            try:
                signer.signing_cert  # noqa: B018 - loads the key and its certificate now
            except (p11.exceptions.PKCS11Error, SigningError) as exc:
                raise DomainError(_("Không tìm thấy khóa “%(label)s” (và chứng thư của nó) trên thiết bị ký.")
                                  % {"label": label}, code="signing_config") from exc
            loaded.append(signer)
    except DomainError:
        session.close()
        raise
    return loaded[0], loaded[1], session


def signer_name(config: SigningConfig) -> str:
    """The signer's name as in the certificate (printed under the signature when the document
    names nobody). Read before a token's session is closed: its objects load on first use."""
    signer, _organisation, session = _load_signers(config)
    try:
        return _common_name(signer)
    finally:
        if session is not None:
            session.close()


def certificate_holders(config: SigningConfig) -> tuple[str, str]:
    """(signer's name, organisation's name) as their certificates give them."""
    signer, organisation, session = _load_signers(config)
    try:
        return _common_name(signer), _common_name(organisation)
    finally:
        if session is not None:
            session.close()


def _common_name(signer: Any) -> str:
    try:
        return str(signer.signing_cert.subject.native.get("common_name", ""))
    except (AttributeError, ValueError):
        return ""


Box = tuple[float, float, float, float]


def _boxes(anchor: Anchor | None, page_size: tuple[float, float], pages: int) -> tuple[tuple[int, Box], Box]:
    """The signer's box (centred in the signature space) and the organisation's (top right, page 1)."""
    width, height = page_size
    org_box = (width - 15 * MM - 80 * MM, height - 19 * MM, width - 15 * MM, height - 5 * MM)
    if anchor is None:
        x2 = width - 15 * MM
        return (pages - 1, (x2 - 70 * MM, 60 * MM, x2 - 10 * MM, 85 * MM)), org_box
    x1, y1, x2, y2 = anchor.box
    centre, half = (x1 + x2) / 2, min(32 * MM, (x2 - x1) / 2)
    return (anchor.page, (centre - half, y1, centre + half, y2)), org_box


def _whole(box: Box) -> tuple[int, int, int, int]:
    return round(box[0]), round(box[1]), round(box[2]), round(box[3])


def organisation_stamp_image(name: str, signed_at: datetime.datetime, size_pt: tuple[float, float]) -> Any:
    """The organisation's signature appearance: a framed box with its name and the signing time
    in ISO 8601, in Times New Roman (metric-compatible Tinos / Liberation Serif), drawn at 300 dpi."""
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    scale = 300 / 72
    width, height = int(size_pt[0] * scale), int(size_pt[1] * scale)
    image = PilImage.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle([2, 2, width - 3, height - 3], outline=(0, 0, 0, 255), width=3)
    font = ImageFont.truetype(_font_file(), int(10.5 * scale))
    with translation.override("vi"):  # an official document: Vietnamese whatever the reader's language
        lines = [_("Ký bởi: %(org)s") % {"org": name}, _("Thời gian ký: %(ts)s") % {"ts": signed_at.isoformat()}]
    while font.size > 20 and max(draw.textlength(line, font=font) for line in lines) > width - 40:
        font = ImageFont.truetype(_font_file(), font.size - 2)
    step = font.size * 1.25
    top = (height - step * len(lines)) / 2
    for i, line in enumerate(lines):
        draw.text((20, top + i * step), line, font=font, fill=(0, 0, 0, 255))
    return image


def sign_issued_pdf(pdf: bytes, *, anchor: Anchor | None, config: SigningConfig,
                    reason: str = "") -> SignedPdf:
    """Two PAdES signatures over `pdf` (B-B; B-LT when a timestamp server is configured)."""
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.stamp import StaticStampStyle

    signer, organisation, session = _load_signers(config)
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        pages = int(reader.root["/Pages"]["/Count"])
        first = reader.root["/Pages"]["/Kids"][0].get_object()
        media = [float(v) for v in first["/MediaBox"]]
        (signer_page, signer_box), org_box = _boxes(anchor, (media[2] - media[0], media[3] - media[1]), pages)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        fields.append_signature_field(writer, fields.SigFieldSpec(SIGNER_FIELD, on_page=signer_page,
                                                                  box=_whole(signer_box)))
        fields.append_signature_field(writer, fields.SigFieldSpec(ORG_FIELD, on_page=0, box=_whole(org_box)))
        prepared = io.BytesIO()
        writer.write(prepared)

        timestamper = HTTPTimeStamper(config.tsa_url, timeout=20) if config.tsa_url else None
        lt = timestamper is not None
        # B-LT: the chains of both signers and of the timestamp, with their revocation data
        # (CRL or OCSP, fetched now), kept in the document so it can be checked offline later.
        context = _validation_context(config) if lt else None

        def meta(field: str, name: str) -> signers.PdfSignatureMetadata:
            return signers.PdfSignatureMetadata(
                field_name=field, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
                reason=reason or None, name=name or None, location="Việt Nam",
                embed_validation_info=lt, use_pades_lta=False, validation_context=context,
            )

        if not config.signer_image.exists():
            raise DomainError(_("Không có ảnh chữ ký “%(path)s”.") % {"path": config.signer_image},
                              code="signing_config")
        from PIL import Image as PilImage

        image_style = StaticStampStyle(
            background=PdfImage(PilImage.open(config.signer_image).convert("RGBA")), border_width=0,
            background_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                                                  margins=Margins.uniform(2)),
        )
        first_out = io.BytesIO()
        _sign(signers.PdfSigner(meta(SIGNER_FIELD, _common_name(signer)), signer, timestamper=timestamper,
                                stamp_style=image_style), prepared.getvalue(), first_out, config)

        signed_at = timezone.localtime().replace(microsecond=0)
        org_name = _common_name(organisation)
        org_image = organisation_stamp_image(org_name, signed_at, (org_box[2] - org_box[0], org_box[3] - org_box[1]))
        org_style = StaticStampStyle(
            background=PdfImage(org_image), border_width=0,
            background_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                                                  margins=Margins.uniform(0),
                                                  inner_content_scaling=InnerScaling.STRETCH_TO_FIT))
        second_out = io.BytesIO()
        _sign(signers.PdfSigner(meta(ORG_FIELD, org_name), organisation, timestamper=timestamper,
                                stamp_style=org_style), first_out.getvalue(), second_out, config)
    finally:
        if session is not None:
            session.close()
    content = second_out.getvalue()
    return SignedPdf(content=content, sha256=hashlib.sha256(content).hexdigest(), signer=_common_name(signer),
                     organisation=org_name, signed_at=signed_at, level=config.level)


def _validation_context(config: SigningConfig) -> Any:
    """Trust anchored at the configured root (BINHDANG_SIGNING_CA); revocation data fetched
    from the addresses in the certificates, and required (hard-fail): a B-LT signature whose
    revocation data could not be fetched would not be B-LT."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko_certvalidator import ValidationContext

    if not config.ca.exists():
        raise DomainError(_("Không có chứng thư gốc “%(path)s” (BINHDANG_SIGNING_CA) để kiểm tra chữ ký B-LT.")
                          % {"path": config.ca}, code="signing_config")
    return ValidationContext(trust_roots=[load_cert_from_pemder(str(config.ca))], allow_fetching=True,
                             revocation_mode="hard-fail")


def _sign(pdf_signer: Any, pdf: bytes, output: io.BytesIO, config: SigningConfig) -> None:
    """One incremental signature; a timestamp server or a revocation source that cannot be
    reached is a refusal in Vietnamese, not a traceback."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    def causes(exc: BaseException) -> list[BaseException]:
        chain: list[BaseException] = []
        current: BaseException | None = exc
        while current is not None and current not in chain:
            chain.append(current)
            current = current.__cause__ or current.__context__
        return chain

    try:
        pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output)
    except (SigningError, PathBuildingError, PathValidationError, OSError) as exc:
        chain = causes(exc)
        invalid = next((e for e in chain if isinstance(e, PathBuildingError | PathValidationError)), None)
        if invalid is not None or (isinstance(exc, SigningError) and "could not be validated" in str(exc)):
            raise DomainError(_("Không kiểm tra được chứng thư số về chứng thư gốc đã cấu hình, hoặc chứng thư "
                                "đã bị thu hồi hoặc không lấy được thông tin thu hồi: %(reason)s")
                              % {"reason": invalid or exc}, code="signing_validation") from exc
        if config.tsa_url and any(isinstance(e, TimestampRequestError | OSError) for e in chain):
            raise DomainError(_("Không lấy được dấu thời gian từ máy chủ “%(url)s”: %(reason)s")
                              % {"url": config.tsa_url, "reason": exc}, code="signing_tsa") from exc
        raise DomainError(_("Không ký được văn bản: %(reason)s") % {"reason": exc}, code="signing_error") from exc
