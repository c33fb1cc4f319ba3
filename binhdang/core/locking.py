"""The one optimistic lock of binhdang: every editable row carries a `version`, and every write
of it names the version its editor read.

`lock_version` takes the row for update (PostgreSQL row lock; SQLite runs IMMEDIATE
transactions, so the write lock is already held) and refuses a stale version with
ConflictError. `bump_version` writes through a compare-and-swap on the version, so even a
caller that forgot to lock cannot overwrite silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext as _

from .errors import ConflictError, DomainError

M = TypeVar("M", bound=Model)


def require_version(version: object) -> int:
    """The version a client sent, as an int; DomainError when missing or not a number.

    Every write of a versioned object requires it: a client that leaves it out must not
    overwrite without a check.
    """
    if isinstance(version, bool) or version is None or version == "":
        raise DomainError(
            _("Thiếu số phiên bản (version) của bản ghi bạn sửa; hãy tải lại trang rồi thử lại."),
            code="version_required", field="version",
        )
    try:
        number = int(str(version))
    except (TypeError, ValueError):
        raise DomainError(_("Số phiên bản (version) không hợp lệ."), code="version_required",
                          field="version") from None
    if number < 0:
        raise DomainError(_("Số phiên bản (version) không hợp lệ."), code="version_required",
                          field="version")
    return number


def _default_stale(current: Model, given: int) -> str:
    return _(
        "Bản ghi đã được người khác sửa trong lúc bạn đang sửa (bạn sửa từ phiên bản "
        "%(given)s, hiện là phiên bản %(current)s). Hãy tải lại trang rồi nhập lại thay đổi "
        "của bạn."
    ) % {"given": given, "current": getattr(current, "version", "?")}


def lock_version(
    queryset: QuerySet[M], pk: Any, version: object,
    stale: Callable[[M, int], str] | None = None, code: str = "stale",
) -> M:
    """The row `pk` of `queryset`, locked for update, whose version must equal `version`.

    Raises ConflictError (with `stale(current, given)` as its message) otherwise, and
    DomainError when `version` is missing.
    """
    given = require_version(version)
    current = queryset.select_for_update().get(pk=pk)
    if getattr(current, "version", None) != given:
        raise ConflictError((stale or _default_stale)(current, given), code=code)
    return current


def lock_row(queryset: QuerySet[M], pk: Any) -> M:
    """The row `pk`, locked for update, for writes that append rather than edit (a progress
    update, a comment): they carry no version because they overwrite nothing."""
    return queryset.select_for_update().get(pk=pk)


def bump_version(obj: M, version: int, stale: Callable[[M, int], str] | None = None,
                 code: str = "stale", **fields: Any) -> M:
    """Write `fields` and version + 1 only if the row still has `version` (compare-and-swap).

    Raises ConflictError when someone else wrote the row meanwhile.
    """
    manager = type(obj)._default_manager
    updated = manager.filter(pk=obj.pk, version=version).update(version=F("version") + 1, **fields)
    if not updated:
        fresh = manager.filter(pk=obj.pk).first()
        raise ConflictError((stale or _default_stale)(fresh or obj, version), code=code)
    obj.version = version + 1  # type: ignore[attr-defined]  # M is any model; only versioned rows come here
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj
