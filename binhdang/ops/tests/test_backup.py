"""`binhdang backup` then `binhdang restore` into a fresh database: every table and file the same."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from binhdang.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def _rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
    return sorted(tuple(str(v) for v in row) for row in cursor.fetchall())


def _env(database_url: str, media: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LANGUAGE"))}
    env.update(DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media), BINHDANG_DEMO="1",
               DJANGO_SETTINGS_MODULE="config.settings.base")
    return env


def _target(tmp_path: Path) -> tuple[str, object]:
    """A new empty database of the same engine, and how to drop it afterwards."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    user, host, port = settings_dict["USER"], settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}", drop


def test_backup_then_restore_round_trips_every_table_and_file(demo_tree, demo_user, tmp_path, settings):
    # given: rows in many tables and a media file
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.files.storage import default_storage

    default_storage.location = str(settings.MEDIA_ROOT)
    default_storage.save("evidence/2017/bao-cao.pdf", ContentFile(b"%PDF-1.4 bao cao\n"))
    AuditEvent.objects.create(actor=demo_user("ldtbxh"), action="test.write", object_type="x", object_id="1",
                              reason="Sao lưu thử nghiệm")
    folder = tmp_path / "backup"
    # when
    call_command("backup", "-o", str(folder))
    url, drop = _target(tmp_path)
    restored_media = tmp_path / "restored-media"
    run = subprocess.run([sys.executable, "-m", "binhdang", "restore", str(folder)], cwd=ROOT,
                         env=_env(url, restored_media), capture_output=True, text=True, check=False, timeout=300)
    try:
        assert run.returncode == 0, run.stderr
        # then: the manifest lists the file with its checksum, and every table is identical
        manifest = json.loads((folder / "manifest.json").read_text())
        assert [f["path"] for f in manifest["media"]] == ["evidence/2017/bao-cao.pdf"]
        assert (restored_media / "evidence/2017/bao-cao.pdf").read_bytes() == b"%PDF-1.4 bao cao\n"
        import environ
        from django.db.utils import ConnectionHandler

        handler = ConnectionHandler({"default": environ.Env.db_url_config(url)})
        other = handler["default"]
        with connection.cursor() as mine, other.cursor() as theirs:
            tables = connection.introspection.table_names(mine)
            assert sorted(tables) == sorted(other.introspection.table_names(theirs))
            assert len(tables) > 40
            for table in tables:
                assert _rows(mine, table) == _rows(theirs, table), table
        other.close()
    finally:
        drop()


def test_restore_refuses_a_tampered_backup_and_a_database_in_use(demo_tree, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "backup"
    call_command("backup", "-o", str(folder))
    with pytest.raises(SystemExit):
        call_command("restore", str(folder))  # this database is not empty
    assert "không rỗng" in capsys.readouterr().err
    database = next(folder.glob("database.*"))
    database.write_bytes(database.read_bytes() + b"x")
    with pytest.raises(SystemExit):
        call_command("restore", str(folder))
    assert "sai mã kiểm tra" in capsys.readouterr().err
