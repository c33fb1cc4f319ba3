"""Zip bombs built on the fly: a DOCX and an XLSX whose one member inflates far beyond the limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def bomb_bytes(member: str, megabytes: int = 210) -> bytes:
    """A valid zip whose `member` holds `megabytes` MB of repeated XML (about 0.3% of that compressed)."""
    out = io.BytesIO()
    chunk = b"<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>" * 16384
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open(member, "w", force_zip64=True) as fh:
            written = 0
            while written < megabytes * 1024 * 1024:
                fh.write(chunk)
                written += len(chunk)
    return out.getvalue()


def docx_bomb(path: Path, megabytes: int = 210) -> Path:
    path.write_bytes(bomb_bytes("word/document.xml", megabytes))
    return path


def xlsx_bomb(megabytes: int = 210) -> bytes:
    return bomb_bytes("xl/worksheets/sheet1.xml", megabytes)
