"""Snapshots of a test database's rows, so the demo is built once per test session and shared
by every worker (decision 0353, which replaces the per-worker rebuild of 0201).

A snapshot is every row of every table (but `django_migrations`) as the database holds it
after a loader ran on the freshly migrated database, plus the files the loader wrote under
MEDIA_ROOT. Restoring one replaces the whole content of the tables: it never depends on what
the database held before (a transactional test's flush, another layer). SQLite copies rows
with the driver's own values; PostgreSQL with COPY, then resets the sequences.

Snapshots live in `var/test-cache/<key>/`, keyed by everything that can change what a loader
writes: the source and data files of the package (not the tests), the database engine, the
demo dates and today's date. The first worker that needs a snapshot builds it under a file
lock; the others wait for it and read it.
"""

from __future__ import annotations

import datetime
import fcntl
import functools
import hashlib
import os
import pickle
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

FORMAT = 3  # bump when the file layout changes
_SKIP_TABLES = {"django_migrations"}
_SOURCE_SUFFIXES = {".py", ".json", ".csv", ".txt", ".yaml", ".yml", ".toml", ".docx", ".pdf", ".xlsx"}


@dataclass
class Snapshot:
    vendor: str
    tables: dict[str, tuple[list[str], Any]]  # table → (columns, rows or COPY bytes)
    media: dict[str, bytes] = field(default_factory=dict)  # path under MEDIA_ROOT → content


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(n for n in names if n not in _SKIP_TABLES and not n.startswith("sqlite_"))


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} WHERE 1 = 0")  # noqa: S608
        return [column[0] for column in cursor.description]


def _quoted(names: list[str]) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


def _media_files() -> dict[str, float]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*") if p.is_file()}


def dump(*, media_before: dict[str, float] | None = None) -> Snapshot:
    """Every row of the current connection's tables (inside its transaction, if any)."""
    snapshot = Snapshot(vendor=connection.vendor, tables={})
    connection.ensure_connection()
    raw = connection.connection
    for table in _tables():
        columns = _columns(table)
        select = f"{_quoted(columns)} FROM {connection.ops.quote_name(table)}"
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY (SELECT {select}) TO STDOUT") as copy:
                payload: Any = b"".join(bytes(chunk) for chunk in copy)
        else:
            cursor = raw.cursor()
            try:
                payload = cursor.execute(f"SELECT {select}").fetchall()
            finally:
                cursor.close()
        if payload:
            snapshot.tables[table] = (columns, payload)
    if media_before is not None:
        root = Path(settings.MEDIA_ROOT)
        for name, mtime in _media_files().items():
            if media_before.get(name) != mtime:
                snapshot.media[name] = (root / name).read_bytes()
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """Make the tables hold exactly the snapshot's rows (in the current transaction, if any)."""
    if snapshot.vendor != connection.vendor:
        raise ValueError(f"a {snapshot.vendor} snapshot cannot be restored into {connection.vendor}")
    tables = _tables()
    connection.ensure_connection()
    raw = connection.connection
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor:
                cursor.execute(f"TRUNCATE {_quoted(tables)}")
                for table, (columns, payload) in snapshot.tables.items():
                    with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({_quoted(columns)}) "
                                     "FROM STDIN") as copy:
                        copy.write(payload)
            from django.apps import apps

            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        else:
            cursor = raw.cursor()
            try:
                for table in tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
                for table, (columns, rows) in snapshot.tables.items():
                    marks = ", ".join("?" for _ in columns)
                    cursor.executemany(
                        f"INSERT INTO {connection.ops.quote_name(table)} ({_quoted(columns)}) "  # noqa: S608
                        f"VALUES ({marks})", rows)
            finally:
                cursor.close()
    root = Path(settings.MEDIA_ROOT)
    for name, content in snapshot.media.items():
        path = root / name
        if not path.exists() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def write_sqlite(snapshot: Snapshot, path: Path, media_root: Path) -> None:
    """A SQLite snapshot's rows into a migrated SQLite file (for a command run in a
    subprocess), its files under `media_root`."""
    if snapshot.vendor != "sqlite":
        raise ValueError("only a SQLite snapshot fits a SQLite file")
    database = sqlite3.connect(path)
    try:
        names = [r[0] for r in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        with database:
            for table in names:
                if table not in _SKIP_TABLES and not table.startswith("sqlite_"):
                    database.execute(f'DELETE FROM "{table}"')  # noqa: S608 - the file's own tables
            for table, (columns, rows) in snapshot.tables.items():
                quoted = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" for _ in columns)
                database.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)  # noqa: S608
    finally:
        database.close()
    for name, content in snapshot.media.items():
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


@functools.cache
def source_digest() -> str:
    """What the loaders' output depends on: the package's code and data (tests excluded)."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for root in (base / "binhdang", base / "config"):
        for path in sorted(root.rglob("*")):
            parts = path.relative_to(base).parts
            if (not path.is_file() or path.suffix not in _SOURCE_SUFFIXES or "tests" in parts
                    or "__pycache__" in parts or path.name == "conftest.py"):
                continue
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class SnapshotCache:
    """Snapshots on disk, shared by the test workers of one machine and source version."""

    def __init__(self, root: Path | None = None) -> None:
        db = settings.DATABASES["default"]
        key = hashlib.sha256("|".join([
            str(FORMAT), source_digest(), connection.vendor, str(db.get("HOST", "")), str(db.get("PORT", "")),
            os.environ.get("BINHDANG_DEMO_DATE", ""), os.environ.get("BINHDANG_DEMO_DATE_2026", ""),
            datetime.date.today().isoformat(),  # noqa: DTZ011 - loaders stamp today's date
        ]).encode()).hexdigest()[:20]
        self.base = root or Path(settings.VAR_DIR) / "test-cache"
        self.dir = self.base / key
        self.vendor = connection.vendor

    @contextmanager
    def _lock(self, name: str) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / f"{name}.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def read(self, name: str) -> Snapshot | None:
        path = self.dir / f"{name}.pickle"
        if not path.exists():
            return None
        with open(path, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 - written by `get` below, never from outside

    def get(self, name: str, build: Callable[[], Snapshot]) -> tuple[Snapshot, bool]:
        """The named snapshot, built by `build` (inside the lock) when no worker built it yet;
        the second value says whether this call built it."""
        snapshot = self.read(name)
        if snapshot is not None:
            return snapshot, False
        with self._lock(name):
            snapshot = self.read(name)
            if snapshot is not None:
                return snapshot, False
            snapshot = build()
            temp = self.dir / f"{name}.pickle.{os.getpid()}"
            with open(temp, "wb") as handle:
                pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temp.replace(self.dir / f"{name}.pickle")
        self._prune()
        return snapshot, True

    def _prune(self) -> None:
        """Snapshots of other keys untouched for two days go (a run on another engine or an
        older source may still be reading a newer one)."""
        limit = datetime.datetime.now().timestamp() - 2 * 86400  # noqa: DTZ005 - file times
        for other in self.base.iterdir():
            if other.is_dir() and other != self.dir and other.stat().st_mtime < limit:
                shutil.rmtree(other, ignore_errors=True)
