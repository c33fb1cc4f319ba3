"""Issuing a signed document: render the PDF, sign it twice (signer, then organisation), store
it with its SHA-256. A stored signed document never changes; a correction is a new version."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.core.text import search_key
from binhdang.exports.models import SignedDocument
from binhdang.exports.official.model import OfficialDocument
from binhdang.exports.official.pdf import render_pdf_layout
from binhdang.exports.selectors import ReportOptions
from binhdang.orgunits.models import OrgUnit

from .config import signing_config
from .sign import certificate_holders, sign_issued_pdf


def check_sign(actor: Any, org_unit: OrgUnit) -> None:
    """AccessDenied unless `actor` coordinates `org_unit` (who issues its documents)."""
    policy.require(actor, Action.COORDINATE, org_unit)


def signed_document_issue(
    *, actor: Any, document: OfficialDocument, org_unit: OrgUnit, period: str = "", reason: str = "",
) -> SignedDocument:
    """Sign and store `document` for `actor`: AccessDenied without COORDINATE on the unit."""
    check_sign(actor, org_unit)
    return do_signed_document_issue(actor=actor, document=document, org_unit=org_unit, period=period,
                                    reason=reason)


def do_signed_document_issue(
    *, actor: Any, document: OfficialDocument, org_unit: OrgUnit, period: str = "", reason: str = "",
) -> SignedDocument:
    """Sign `document` as a PDF and store it: version 1, or the next version of the same unit,
    type and period (which it supersedes). Trusts the caller (see `check_sign`); DomainError
    when the keys cannot be used."""
    config = signing_config()
    # The document names the person who signs it: the certificate's holder. A name typed for
    # the signature block that is not the holder's would print one person over another's key.
    holder, organisation = certificate_holders(config)
    if organisation and search_key(organisation) != search_key(document.issuer):
        raise DomainError(
            _("Khóa của cơ quan thuộc “%(holder)s”, không phải cơ quan ban hành văn bản (“%(issuer)s”): "
              "cấu hình khóa ký của đúng cơ quan.") % {"holder": organisation, "issuer": document.issuer},
            code="organisation_mismatch")
    if not document.signer.name:
        document.signer.name = holder
    elif holder and search_key(document.signer.name) != search_key(holder):
        raise DomainError(
            _("Người ký ghi trên văn bản (“%(name)s”) không phải người giữ chứng thư số (“%(holder)s”): "
              "bỏ tên người ký để dùng tên trong chứng thư, hoặc ký bằng khóa của đúng người ký.")
            % {"name": document.signer.name, "holder": holder},
            code="signer_mismatch")
    elif holder:
        document.signer.name = holder  # as the certificate spells it
    pdf, anchors = render_pdf_layout(document)
    number = document.number_line.removeprefix("Số:").strip()
    signed = sign_issued_pdf(
        pdf, anchor=anchors.get("signature-space"), config=config,
        reason=reason or _("Ban hành %(type)s %(number)s") % {"type": document.type_name, "number": number},
    )
    with transaction.atomic():
        previous = (SignedDocument.objects.select_for_update()
                    .filter(org_unit=org_unit, type_code=document.type_code, period=period)
                    .order_by("-version").first())
        if SignedDocument.objects.filter(sha256=signed.sha256).exists():
            raise DomainError(_("Văn bản này đã được ký và lưu."), code="already_signed")
        record = SignedDocument.objects.create(
            type_code=document.type_code, org_unit=org_unit, period=period, number=number,
            version=previous.version + 1 if previous else 1, supersedes=previous,
            content=signed.content, sha256=signed.sha256, signer=signed.signer,
            organisation=signed.organisation, level=signed.level, signed_at=signed.signed_at,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(actor=actor, action="exports.document_signed", obj=record, org_unit=org_unit,
                     changes={"sha256": signed.sha256, "version": record.version, "level": signed.level,
                              "supersedes": previous.pk if previous else None},
                     reason=reason)
    return record


def do_report_sign(unit: OrgUnit, period_key: str, options: ReportOptions | None = None,
                   *, actor: Any = None) -> bytes:
    """The consolidated report, signed (signer, then organisation) and stored as a new version;
    for the CLI, which signs as the system (`check_sign` first for a user)."""
    from binhdang.exports.report_document import report_document_build, report_source_require

    options = options or ReportOptions()
    report_source_require(unit, period_key, as_is_hint=options.as_is_hint)
    document = report_document_build(unit, period_key, number=options.number, date=options.date,
                                     signer=options.signer())
    record = do_signed_document_issue(actor=actor, document=document, org_unit=unit, period=period_key)
    return bytes(record.content)
