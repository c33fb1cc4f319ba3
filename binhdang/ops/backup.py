"""Backup and restore: the database (through django-dbbackup's connector for the engine:
the SQLite backup API, or pg_dump/pg_restore), the media files, and a manifest with a
SHA-256 checksum of every file and the row count of every table."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError

MANIFEST = "manifest.json"
FORMAT = 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


@dataclass
class Summary:
    folder: Path
    engine: str
    tables: int
    rows: int
    files: int
    bytes: int

    def text(self) -> str:
        return _("%(folder)s: cơ sở dữ liệu %(engine)s (%(tables)s bảng, %(rows)s dòng), %(files)s tệp, "
                 "%(mb).1f MB.") % {"folder": self.folder, "engine": self.engine, "tables": self.tables,
                                    "rows": self.rows, "files": self.files, "mb": self.bytes / 1048576}


def _connector():
    from dbbackup.db.base import get_connector

    return get_connector("default")


def backup_create(*, folder: Path) -> Summary:
    """Write the database, the media and the manifest into `folder` (new or empty)."""
    if folder.exists() and any(folder.iterdir()):
        raise DomainError(_("Thư mục %(f)s đã có dữ liệu; hãy chọn một thư mục mới.") % {"f": folder})
    folder.mkdir(parents=True, exist_ok=True)
    connector = _connector()
    counts = table_counts()
    dump = connector.create_dump()
    database = folder / f"database.{connector.extension}"
    with database.open("wb") as out:
        dump.seek(0)
        shutil.copyfileobj(dump, out)
    media_root = Path(settings.MEDIA_ROOT)
    files: list[dict[str, Any]] = []
    for path in _media_files(media_root):
        relative = path.relative_to(media_root).as_posix()
        target = folder / "media" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        files.append({"path": relative, "sha256": _sha256(target), "bytes": target.stat().st_size})
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "database": {"file": database.name, "sha256": _sha256(database), "bytes": database.stat().st_size},
        "tables": counts,
        "media": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    total = database.stat().st_size + sum(f["bytes"] for f in files)
    return Summary(folder, connection.vendor, len(counts), sum(counts.values()), len(files), total)


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DomainError(_("Không đọc được %(f)s: đây không phải là một bản sao lưu.") % {"f": folder / MANIFEST}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DomainError(_("Bản sao lưu có định dạng không hỗ trợ."))
    return manifest


def backup_verify(*, folder: Path) -> dict[str, Any]:
    """The manifest, after checking every file against its checksum."""
    manifest = _read_manifest(folder)
    entries = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    entries += [(f"media/{f['path']}", f["sha256"]) for f in manifest["media"]]
    for name, expected in entries:
        path = folder / name
        if ".." in Path(name).parts or not path.is_file() or _sha256(path) != expected:
            raise DomainError(_("Tệp %(name)s của bản sao lưu bị thiếu hoặc bị thay đổi (sai mã kiểm tra).")
                              % {"name": name})
    return manifest


def restore_apply(*, folder: Path) -> Summary:
    """Restore a verified backup onto an empty database and an empty media folder."""
    manifest = backup_verify(folder=folder)
    if manifest["engine"] != connection.vendor:
        raise DomainError(_("Bản sao lưu là của %(a)s, cơ sở dữ liệu đích là %(b)s.")
                          % {"a": manifest["engine"], "b": connection.vendor})
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing:
        raise DomainError(_("Cơ sở dữ liệu đích không rỗng (%(n)s bảng); chỉ khôi phục vào cơ sở dữ liệu rỗng.")
                          % {"n": len(existing)})
    media_root = Path(settings.MEDIA_ROOT)
    if _media_files(media_root):
        raise DomainError(_("Thư mục tệp đính kèm %(f)s không rỗng; chỉ khôi phục vào thư mục rỗng.") % {"f": media_root})
    connector = _connector()
    connections.close_all()
    with (folder / manifest["database"]["file"]).open("rb") as dump:
        connector.restore_dump(dump)
    connections.close_all()
    for entry in manifest["media"]:
        target = media_root / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / "media" / entry["path"], target)
        os.chmod(target, 0o640)
    counts = table_counts()
    if counts != manifest["tables"]:
        different = sorted(t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t))
        raise DomainError(_("Khôi phục không khớp số dòng của các bảng: %(t)s.") % {"t": ", ".join(different[:10])})
    total = manifest["database"]["bytes"] + sum(f["bytes"] for f in manifest["media"])
    return Summary(folder, connection.vendor, len(counts), sum(counts.values()), len(manifest["media"]), total)
