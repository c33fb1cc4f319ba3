"""Two threads edit the same unit with the same version, 10 times, on a SQLite file.

Run by test_sqlite_concurrency.py in its own process with DATABASE_URL set to a temp file.
Prints a JSON line: how many edits won, how many got a conflict, the final version.
"""

import json
import os
import threading

os.environ.setdefault("BINHDANG_DEMO", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from binhdang.accounts.models import User  # noqa: E402
from binhdang.core.errors import ConflictError  # noqa: E402
from binhdang.orgunits import services  # noqa: E402

ROUNDS = 10

call_command("migrate", verbosity=0)
admin = User.objects.create_superuser("race-admin", "race@example.vn", "x")
unit = services.orgunit_create(actor=admin, parent=None, code="RACE", name="Đơn vị thử",
                               kind="administrative", level="province")
results: list[str] = []
for round_number in range(ROUNDS):
    unit.refresh_from_db()
    seen_version = unit.version
    barrier = threading.Barrier(2)

    def edit(email: str, version: int = seen_version, gate: threading.Barrier = barrier) -> None:
        gate.wait()
        try:
            services.orgunit_update(actor=admin, unit=unit, version=version, data={"email": email})
            results.append("won")
        except ConflictError:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(f"{round_number}-{i}@example.vn",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
unit.refresh_from_db()
print(json.dumps({"won": results.count("won"), "conflict": results.count("conflict"),
                  "version": unit.version}))
