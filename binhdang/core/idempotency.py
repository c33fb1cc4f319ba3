"""Idempotent writes: a client names each write with a key of its own (an offline entry's
UUID), so sending it again after a lost answer never saves twice.

`idempotent()` runs the write and stores its answer under (user, key) in one transaction.
The same key again with the same body answers the stored response without running
anything; the same key with another body is refused (ConflictError, code
"idempotency_mismatch"). A write that fails stores nothing, so the key stays free for the
corrected retry. Two requests racing with one key: the loser's transaction is rolled back
by the unique constraint (or by the winner's new version) and it answers the winner's stored
response.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .audit import audit_record
from .errors import ConflictError, DomainError
from .models import IdempotencyKey

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool


def require_key(key: object) -> str:
    """The client's key, checked: 8–64 letters, digits, '-' or '_' (a UUID fits)."""
    text = str(key or "").strip()
    if not KEY_RE.match(text):
        raise DomainError(
            _("Thiếu hoặc sai khóa chống gửi trùng (Idempotency-Key): cần 8–64 chữ cái, chữ số, "
              "dấu “-” hoặc “_”."),
            code="idempotency_key_invalid", field="idempotency_key")
    return text


def body_hash(scope: str, body: Any) -> str:
    canonical = json.dumps({"scope": scope, "body": body}, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _stored(actor, key: str, scope: str, digest: str) -> Outcome | None:
    existing = IdempotencyKey.objects.select_for_update().filter(user=actor, key=key).first()
    if existing is None:
        return None
    if existing.scope != scope or existing.request_hash != digest:
        raise ConflictError(
            _("Khóa chống gửi trùng này đã được dùng cho một nội dung khác, nên yêu cầu bị từ chối "
              "để không ghi đè dữ liệu. Hãy tạo bản nhập mới rồi gửi lại."),
            code="idempotency_mismatch")
    return Outcome(existing.status_code, existing.response, True)


def idempotent(*, actor, key: object, scope: str, body: Any,
               run: Callable[[], tuple[int, dict[str, Any], Any]]) -> Outcome:
    """Run `run()` once per (actor, key); `run` returns (status, JSON body, the written object).

    Raises ConflictError when the key was used with another body or scope, DomainError for
    a malformed key; whatever `run` raises rolls back the whole write, key included.
    """
    if not getattr(actor, "pk", None):
        raise DomainError(_("Cần đăng nhập để gửi dữ liệu."), code="login_required")
    key = require_key(key)
    digest = body_hash(scope, body)
    try:
        with transaction.atomic():
            stored = _stored(actor, key, scope, digest)
            if stored is not None:
                return stored
            status, response, obj = run()
            with transaction.atomic():
                record = IdempotencyKey.objects.create(user=actor, key=key, scope=scope, request_hash=digest,
                                                       status_code=status, response=response)
            audit_record(actor=actor, action="idempotency.store", obj=obj if obj is not None else record,
                         org_unit=getattr(obj, "org_unit", None),
                         changes={"scope": scope, "idempotency_key": key, "status": status})
            return Outcome(status, response, False)
    except (IntegrityError, DomainError):
        # Another request with this key may have committed meanwhile (ours then lost the race
        # on the version or on the key, and was rolled back whole): answer what it stored.
        with transaction.atomic():
            stored = _stored(actor, key, scope, digest)
        if stored is None:
            raise
        return stored
