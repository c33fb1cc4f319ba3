"""Refuse zip bombs before any parser opens a zip-based file (DOCX, XLSX).

Only the central directory is read (no member is decompressed), so the check costs
milliseconds and no memory whatever the archive claims to hold. The declared sizes bound
what a parser can inflate: Python's zipfile stops a member at its declared size (and
then fails its CRC check), so an archive that understates a member gains nothing.

This module imports nothing from Django: the plan parser (documents/parsing) calls it.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import IO

MAX_ENTRIES = 2_000
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all members together
MAX_MEMBER = 50 * 1024 * 1024  # one member (word/document.xml, a sheet)
MAX_RATIO = 100  # declared uncompressed size / compressed size, per member above 1 MB
_RATIO_FLOOR = 1024 * 1024


class ZipRefusedError(Exception):
    """The archive was refused; both messages name the limit that was passed."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en

    def __str__(self) -> str:
        return self.message_vi

    def message(self, language: str = "vi") -> str:
        return self.message_en if language.startswith("en") else self.message_vi


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f}"


def check_zip(
    source: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    max_entries: int = MAX_ENTRIES,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_member: int = MAX_MEMBER,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Raise ZipRefusedError when `source` is not a zip or would inflate beyond the limits."""
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        source = Path(source)
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ZipRefusedError(
            "zip_invalid",
            "Tệp không phải là tệp Office hợp lệ (không đọc được cấu trúc nén); tệp có thể bị hỏng.",
            "The file is not a valid Office file (its zip structure cannot be read); it may be damaged.",
        ) from None
    finally:
        if isinstance(source, io.IOBase) and source.seekable():
            source.seek(0)
    if len(infos) > max_entries:
        raise ZipRefusedError(
            "zip_entries",
            f"Tệp bị từ chối: chứa {len(infos)} thành phần nén, vượt giới hạn {max_entries}.",
            f"File refused: it holds {len(infos)} compressed entries, over the limit of {max_entries}.",
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > max_member:
            raise ZipRefusedError(
                "zip_member_too_large",
                f"Tệp bị từ chối: thành phần “{info.filename[:80]}” giải nén ra {_mb(size)} MB, "
                f"vượt giới hạn {_mb(max_member)} MB.",
                f"File refused: entry “{info.filename[:80]}” inflates to {_mb(size)} MB, "
                f"over the limit of {_mb(max_member)} MB.",
            )
        if size > _RATIO_FLOOR and size > max_ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise ZipRefusedError(
                "zip_ratio",
                f"Tệp bị từ chối: tỉ lệ nén bất thường ({ratio}:1, giới hạn {max_ratio}:1), "
                "có thể là tệp “bom nén”.",
                f"File refused: abnormal compression ratio ({ratio}:1, limit {max_ratio}:1); "
                "it may be a zip bomb.",
            )
    if total > max_uncompressed:
        raise ZipRefusedError(
            "zip_too_large",
            f"Tệp bị từ chối: nội dung giải nén {_mb(total)} MB, vượt giới hạn {_mb(max_uncompressed)} MB.",
            f"File refused: its content inflates to {_mb(total)} MB, over the limit of "
            f"{_mb(max_uncompressed)} MB.",
        )
