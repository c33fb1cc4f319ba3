"""Data for the deadline-peak load test: the nation's 3,321 communes, each owing the 2026
annual report, and one commune reporter per commune.

usage (bench/peak/run.sh calls it): DATABASE_URL=postgres://…/h_peak python bench/peak/setup.py

On an empty database: migrations, the synthetic national tree of the 2025 structure
(binhdang.orgunits.generator: 34 provinces, their agencies, 3,321 communes), one national
plan whose 3,321 communes each owe the 2026 annual report (due 15/12/2026, NĐ 09/2019
window 15/12/2025–14/12/2026) to their province's Ban VSTBPN, and the users peak-0001 …
peak-3321, reporter of one commune each, all with the password PEAK_PASSWORD (hashed
once: the same hash for every user). Idempotent: a second run adds nothing.
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from binhdang.accounts.models import Membership, Role, User  # noqa: E402
from binhdang.orgunits.generator import generate_national_tree  # noqa: E402
from binhdang.orgunits.models import OrgUnit  # noqa: E402
from binhdang.plans.models import Obligation, ObligationKind, Plan  # noqa: E402

NUMBER = "PEAK/KH-QG"
PASSWORD = os.environ.get("PEAK_PASSWORD", "cao-diem-15/12")
DUE = datetime.date(2026, 12, 15)
PERIOD = (datetime.date(2025, 12, 15), datetime.date(2026, 12, 14))


def username(index: int) -> str:
    return f"peak-{index:04d}"


@transaction.atomic
def build() -> dict:
    root = generate_national_tree()
    communes = list(OrgUnit.objects.filter(path__startswith=root.path, level="commune").order_by("path"))
    plan = Plan.objects.filter(number=NUMBER).first()
    if plan is None:
        plan = Plan.objects.create(issuer=root, number=NUMBER, date=datetime.date(2026, 1, 10), year=2026,
                                   title="Kế hoạch thử tải cao điểm hạn nộp báo cáo năm")
        receivers = {u.path[: root.steplen * 2]: u for u in OrgUnit.objects.filter(
            path__startswith=root.path, code__endswith="-BVSTBPN")}
        Obligation.objects.bulk_create([
            Obligation(plan=plan, kind=ObligationKind.REPORT_ANNUAL, title="Báo cáo năm 2026",
                       org_unit=unit, receiver=receivers[unit.path[: root.steplen * 2]], due_date=DUE,
                       period_start=PERIOD[0], period_end=PERIOD[1])
            for unit in communes
        ], batch_size=1000)
    if not User.objects.filter(username=username(1)).exists():
        password = make_password(PASSWORD)
        User.objects.bulk_create([
            User(username=username(i), password=password, first_name="Báo cáo viên",
                 last_name=unit.short_name, email=f"{username(i)}@example.invalid")
            for i, unit in enumerate(communes, start=1)
        ], batch_size=1000)
        users = {u.username: u for u in User.objects.filter(username__startswith="peak-")}
        Membership.objects.bulk_create([
            Membership(user=users[username(i)], org_unit=unit, role=Role.REPORTER)
            for i, unit in enumerate(communes, start=1)
        ], batch_size=1000)
    return {"communes": len(communes), "obligations": plan.obligations.count(),
            "reporters": User.objects.filter(username__startswith="peak-").count()}


def main() -> None:
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result = build()
    print(f"setup: {result['communes']} communes, {result['obligations']} obligations, "
          f"{result['reporters']} reporters in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
