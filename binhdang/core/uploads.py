"""Bounds on what a request may make the server read: file sizes and zip-based files."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .zipguard import ZipRefusedError, check_zip


def max_import_bytes() -> int:
    return int(settings.BINHDANG_MAX_IMPORT_BYTES)


def refuse_zip_bomb(data: bytes, *, error: type[Exception]) -> None:
    """Raise `error` with the zip guard's message (in the active language) for a bomb."""
    try:
        check_zip(data)
    except ZipRefusedError as refused:
        raise error(refused.message(get_language() or "vi")) from None


def too_large_message(size: int, limit: int) -> str:
    return _("Tệp quá lớn (%(size).1f MB); giới hạn là %(max)d MB.") % {
        "size": size / 1048576, "max": limit // 1048576}
