"""Test databases created from a migrated template instead of migrating each one (0353).

Migrating the ~80 migrations takes 10–15 s of CPU per test worker, per run. The first
worker that creates its test database migrates it as Django does, then keeps a copy: a
SQLite file in `var/test-cache/<key>/`, or a PostgreSQL template database
`<test name>_tpl_<key>`. Every later test database of the same source (the key) is a copy:
SQLite's backup API into the worker's in-memory database, or `CREATE DATABASE … TEMPLATE …`.
"""

from __future__ import annotations

import fcntl
import sqlite3
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db.backends.base.creation import BaseDatabaseCreation

from .snapshots import source_digest

_original = BaseDatabaseCreation.create_test_db


def _cache_dir(key: str) -> Path:
    path = Path(settings.VAR_DIR) / "test-cache" / f"migrated-{key}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _create_test_db(self: Any, verbosity: int = 1, autoclobber: bool = False,
                    serialize: bool = True, keepdb: bool = False) -> str:
    vendor = self.connection.vendor
    if keepdb or vendor not in {"sqlite", "postgresql"} or (
            vendor == "sqlite" and not self.is_in_memory_db(self._get_test_db_name())):
        return _original(self, verbosity, autoclobber, serialize, keepdb)
    key = source_digest()
    folder = _cache_dir(key)
    with open(folder / f"{vendor}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker migrates, the others wait and copy
        if vendor == "sqlite":
            return _sqlite(self, folder / "migrated.sqlite3", verbosity, autoclobber, serialize)
        return _postgresql(self, key, verbosity, autoclobber, serialize)


def _finish(self: Any, serialize: bool) -> None:
    """What Django's create_test_db does after migrating."""
    if serialize:
        self.connection._test_serialized_contents = self.serialize_db_to_string()
    call_command("createcachetable", database=self.connection.alias)
    self.connection.ensure_connection()


def _sqlite(self: Any, template: Path, verbosity: int, autoclobber: bool,
            serialize: bool) -> str:
    if not template.exists():
        name = _original(self, verbosity, autoclobber, serialize, False)
        partial = template.with_suffix(".partial")
        target = sqlite3.connect(partial)
        try:
            self.connection.connection.backup(target)
        finally:
            target.close()
        partial.replace(template)
        return name
    name = self._get_test_db_name()
    self._create_test_db(verbosity, autoclobber, False)
    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name
    self.connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        source.backup(self.connection.connection)
    finally:
        source.close()
    _finish(self, serialize)
    return name


def _postgresql(self: Any, key: str, verbosity: int, autoclobber: bool,
                serialize: bool) -> str:
    test_settings: dict[str, Any] = self.connection.settings_dict["TEST"]
    base = self._get_test_db_name()
    template = f"{base.rsplit('_gw', 1)[0]}_tpl_{key}"
    with self._nodb_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                       [f"{template.rsplit('_tpl_', 1)[0]}_tpl_%"])
        existing = {row[0] for row in cursor.fetchall()}
    if template not in existing:
        name = _original(self, verbosity, autoclobber, serialize, False)
        self.connection.close()
        with self._nodb_cursor() as cursor:
            for old in existing:  # templates of older sources of this test database
                cursor.execute(f"DROP DATABASE IF EXISTS {self.connection.ops.quote_name(old)}")
            cursor.execute(f"CREATE DATABASE {self.connection.ops.quote_name(template)} "
                           f"TEMPLATE {self.connection.ops.quote_name(name)}")
        self.connection.ensure_connection()
        return name
    previous = test_settings.get("TEMPLATE")
    test_settings["TEMPLATE"] = template
    try:
        self._create_test_db(verbosity, autoclobber, False)
    finally:
        test_settings["TEMPLATE"] = previous
    name = base
    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name
    _finish(self, serialize)
    return name


def sqlite_template() -> Path:
    """The migrated SQLite file of this source version; a PostgreSQL run makes one with
    `binhdang migrate` in a subprocess (once, under the same lock)."""
    import os
    import subprocess
    import sys

    folder = _cache_dir(source_digest())
    template = folder / "migrated.sqlite3"
    if template.exists():
        return template
    with open(folder / "sqlite.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            partial = folder / "migrated.partial.sqlite3"
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{partial}"}
            env.pop("DJANGO_SETTINGS_MODULE", None)
            subprocess.run([sys.executable, "-m", "binhdang", "migrate", "-v", "0"], env=env,
                           cwd=settings.BASE_DIR, check=True, capture_output=True)
            partial.replace(template)
    return template


def install() -> None:
    # private Django API on purpose (the backends' creation classes); checked by every test run
    BaseDatabaseCreation.create_test_db = _create_test_db  # type: ignore[method-assign,assignment]
