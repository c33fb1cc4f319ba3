"""Entries typed offline, sent when the network returns (reporting/static/reporting/offline.js).

`submission_sync` saves or submits one queued entry under the client's idempotency key
(binhdang/core/idempotency.py): a retry never saves twice, the same key with another body
is refused. The entry names the version it was typed on; when the server copy moved on
meanwhile nothing is written and `SyncConflictError` carries both copies, section by section,
for the user to choose.
"""

from typing import Any

from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.idempotency import idempotent
from binhdang.core.locking import require_version

from ..models import SectionKind, Submission
from ..rules import section_text, section_texts
from .submissions import _clean_value, _lock, submission_save, submission_submit

ACTIONS = ("save", "submit")


class SyncConflictError(ConflictError):
    """The report changed on the server since the entry was typed; `server` holds the
    server's copy and `sections` the two texts of every section that differs."""

    code: str  # always "stale_version"

    def __init__(self, message: str, *, server: dict[str, Any], sections: list[dict[str, Any]]):
        super().__init__(message, code="stale_version")
        self.server = server
        self.sections = sections


def _mine_texts(submission: Submission, changes: dict[str, Any]) -> dict[str, str]:
    texts = section_texts(submission)
    for section in submission.sections:
        key = section["key"]
        if key not in changes or section["kind"] == SectionKind.ATTACHMENTS:
            continue
        try:
            value = _clean_value(section, changes[key], submission.content.get(key))
        except DomainError:
            value = changes[key]
        texts[key] = section_text(section, value)
    return texts


def sync_conflict(submission: Submission, changes: dict[str, Any], version: int) -> SyncConflictError:
    """Both copies of every section where the entry and the server differ."""
    server = section_texts(submission)
    mine = _mine_texts(submission, changes)
    sections = [
        {"key": s["key"], "title": s["title"], "mine": mine[s["key"]], "server": server[s["key"]]}
        for s in submission.sections
        if s["key"] in server and mine[s["key"]] != server[s["key"]]
    ]
    return SyncConflictError(
        _("Báo cáo đã được sửa trên máy chủ (phiên bản %(v)s) sau khi bạn nhập ngoại tuyến (từ phiên bản "
          "%(mine)s). Chưa có gì bị ghi đè: hãy chọn giữ bản nào ở từng mục.") % {"v": submission.version,
                                                                              "mine": version},
        server={"version": submission.version, "status": submission.status,
                "status_label": str(submission.get_status_display())},
        sections=sections,
    )


def submission_sync(*, actor: Actor, submission: Submission, key: str, action: str, version: object,
                    fields: dict[str, Any], changes: dict[str, Any]) -> tuple[int, dict[str, Any], bool]:
    """Save (`action` "save") or send ("submit") an entry typed offline, once per `key`.

    `fields` are the form's fields as the client queued them (what the key stands for);
    `changes` the section values read from them. Returns (HTTP status, JSON answer,
    replayed). Raises SyncConflictError when `version` is stale, ConflictError when the key was
    used for another body, DomainError for an invalid entry; nothing is written then.
    """
    if action not in ACTIONS:
        raise DomainError(_("Thao tác đồng bộ không hợp lệ."), code="invalid", field="action")
    number = require_version(version)

    def run() -> tuple[int, dict[str, Any], Submission]:
        # Locked (PostgreSQL): a parallel send of the same entry waits here, then replays.
        current = _lock(submission)
        if not current.is_editable:  # sent or accepted meanwhile: nothing left to choose
            raise DomainError(
                _("Báo cáo đã ở trạng thái “%(s)s” nên không sửa được nữa. Bản bạn nhập ngoại tuyến vẫn "
                  "được giữ trên máy này: hãy sao chép phần cần giữ rồi xóa bản nhập.")
                % {"s": current.get_status_display()}, code="locked")
        if current.version != number:
            raise sync_conflict(current, changes, number)
        if action == "save":
            saved = submission_save(actor=actor, submission=current, version=number, changes=changes)
        else:
            saved = submission_submit(actor=actor, submission=current, version=number, token=key,
                                      changes=changes)
        answer = {
            "id": saved.pk, "action": action, "status": saved.status,
            "status_label": str(saved.get_status_display()), "version": saved.version,
            "revisions": saved.revisions.count(), "url": saved.get_absolute_url(),
        }
        return 200, answer, saved

    outcome = idempotent(actor=actor, key=key, scope=f"reporting.submission.{submission.pk}",
                         body={"action": action, "version": number, "fields": fields}, run=run)
    return outcome.status, outcome.body, outcome.replayed
