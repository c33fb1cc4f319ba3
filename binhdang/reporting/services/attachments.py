"""Files attached to a report's sections."""

import datetime
import os

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.locking import require_version

from .. import permissions
from ..models import (
    ALLOWED_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    Attachment,
    SectionKind,
    Submission,
)
from .forms import _now
from .submissions import _cas, _lock, _section, _stale, _sync, _user

# --- attachments ------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor: Actor, submission: Submission, section_key: str, file: UploadedFile, version: int,
                   now: datetime.datetime | None = None) -> Attachment:
    """Attach a file to an editable report. Raises DomainError for a bad type or size."""
    now = _now(now)
    current = _lock(submission)
    permissions.require_submit(actor, current.obligation)
    version = require_version(version)
    if version != current.version:
        raise _stale(current)
    if not current.is_editable:
        raise DomainError(_("Báo cáo đã gửi, không thêm tệp được."), code="locked")
    section = _section(current, section_key)
    if section["kind"] != SectionKind.ATTACHMENTS:
        raise DomainError(_("Mục này không nhận tệp đính kèm."))
    name = os.path.basename(getattr(file, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise DomainError(_("Chỉ nhận tệp %(ext)s.") % {"ext": ", ".join(ALLOWED_EXTENSIONS)}, field="file")
    size = getattr(file, "size", 0) or 0
    if size <= 0:
        raise DomainError(_("Tệp rỗng."), field="file")
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(_("Tệp lớn hơn 10 MB."), field="file")
    attachment = Attachment(submission=current, section_key=section_key, original_name=name[:255], size=size,
                            content_type=(getattr(file, "content_type", "") or "")[:100],
                            uploaded_by=_user(actor), uploaded_at=now)
    attachment.file.save(name, file, save=False)
    attachment.save()
    names = [*(current.content.get(section_key) or []), attachment.original_name]
    _cas(current, current.version, content={**current.content, section_key: names}, updated_at=now)
    audit_record(actor=actor, action="submission.attachment_add", obj=current, org_unit=current.org_unit,
                 changes={"file": attachment.original_name, "size": size})
    _sync(submission, current)
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment, now: datetime.datetime | None = None) -> None:
    current = _lock(attachment.submission)
    permissions.require_submit(actor, current.obligation)
    if not current.is_editable:
        raise DomainError(_("Báo cáo đã gửi, không xóa tệp được."), code="locked")
    key = attachment.section_key
    names = list(current.content.get(key) or [])
    if attachment.original_name in names:
        names.remove(attachment.original_name)
    _cas(current, current.version, content={**current.content, key: names}, updated_at=_now(now))
    audit_record(actor=actor, action="submission.attachment_remove", obj=current, org_unit=current.org_unit,
                 changes={"file": attachment.original_name})
    attachment.file.delete(save=False)
    attachment.delete()
