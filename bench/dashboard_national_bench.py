"""Server time of the leader's and the province coordinator's dashboard pages at national
scale: whole requests through Django's test client (middleware, selectors, templates), p95 of
30, with the query count of one request.

usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python \
           bench/dashboard_national_bench.py [--runs 30] [--communes N]

Data, built once and reused (idempotent):
- the synthetic nation of `binhdang bench aggregate` (3,321 communes × 60 indicators × 2 sexes
  × 20 half-years, 7.97 M raw values with their roll-ups; bench_data);
- the reporting cycle 2020-H1 at national scale: one plan of the nation, one semi-annual
  report obligation for every unit under the nation (communes to their district, districts
  to their province, provinces to the nation: 4,1xx obligations), 90 % of them with a
  submission (accepted, submitted or draft; first sent over the 20 days around the deadline);
- two users: `bench_quocgia` (leader, viewer of the nation) and `bench_tinh` (coordinator of
  the first province).
Not national: plan progress (the bench plan has no tasks; the plan tables hold the demo's).

The leader's page reads the cycle of 4,1xx obligations, the country table and the share
chart; the coordinator's the same for one province. Prints JSON.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("BINHDANG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from binhdang.accounts.models import Membership, Role, User  # noqa: E402
from binhdang.indicators.bench import bench_data  # noqa: E402
from binhdang.orgunits.generator import NATIONAL_COMMUNES  # noqa: E402
from binhdang.orgunits.models import OrgUnit  # noqa: E402
from binhdang.plans.models import Obligation, ObligationKind, Plan  # noqa: E402
from binhdang.reporting.models import Submission  # noqa: E402

PERIOD = "2020-H1"
DUE = datetime.date(2020, 6, 15)
PLAN_NUMBER = "BENCH-QG/KH"


def national_cycle(root: OrgUnit) -> int:
    """The 2020-H1 report obligations and submissions of every unit under `root` (bulk rows:
    bench data, like the values of bench_data). Returns the number of obligations."""
    plan = Plan.objects.filter(number=PLAN_NUMBER).first()
    units = list(OrgUnit.objects.filter(path__startswith=root.path, depth__gt=root.depth).order_by("path"))
    if plan is not None and Obligation.objects.filter(plan=plan).count() == len(units):
        return len(units)
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__startswith=root.path)}
    step = OrgUnit.steplen
    with transaction.atomic():
        if plan is not None:
            plan.delete()
        plan = Plan.objects.create(issuer=root, number=PLAN_NUMBER, date=datetime.date(2020, 1, 2),
                                   title="Kế hoạch thực hiện công tác bình đẳng giới năm 2020 (bench)", year=2020)
        obligations = Obligation.objects.bulk_create(
            [Obligation(plan=plan, kind=ObligationKind.REPORT_SEMIANNUAL, org_unit=u,
                        receiver=by_path[u.path[:-step]], due_date=DUE,
                        period_start=datetime.date(2020, 1, 1), period_end=datetime.date(2020, 6, 30),
                        title="Báo cáo 6 tháng đầu năm 2020 về công tác bình đẳng giới")
             for u in units], batch_size=2000)
        submissions = []
        deadline = timezone.make_aware(datetime.datetime.combine(DUE, datetime.time(10, 0)))
        for i, o in enumerate(obligations):
            if i % 10 == 9:
                continue  # 10 % missing
            sent = deadline + datetime.timedelta(days=(i * 7) % 21 - 15)
            status = (Submission.Status.DRAFT if i % 10 == 8 else
                      Submission.Status.SUBMITTED if i % 10 == 7 else Submission.Status.ACCEPTED)
            first = None if status == Submission.Status.DRAFT else sent
            submissions.append(Submission(obligation=o, org_unit=o.org_unit, status=status,
                                          first_submitted_at=first, last_submitted_at=first,
                                          accepted_at=sent if status == Submission.Status.ACCEPTED else None))
        Submission.objects.bulk_create(submissions, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE plans_obligation, reporting_submission, orgunits_orgunit")
    return len(units)


def bench_users(root: OrgUnit, province: OrgUnit) -> tuple[User, User]:
    leader, _ = User.objects.get_or_create(username="bench_quocgia", defaults={"full_name": "Lãnh đạo quốc gia (bench)"})
    Membership.objects.get_or_create(user=leader, org_unit=root, role=Role.VIEWER, defaults={"is_head": True})
    coordinator, _ = User.objects.get_or_create(username="bench_tinh", defaults={"full_name": "Điều phối tỉnh (bench)"})
    Membership.objects.get_or_create(user=coordinator, org_unit=province, role=Role.COORDINATOR,
                                     defaults={"scope": province})
    return leader, coordinator


def measure(user: User, url: str, runs: int, cold: bool = False) -> dict:
    """`cold`: the cache is emptied before each request, as after a write (every write
    changes the dashboards' cache stamp, docs/decisions/0323): the worst case."""
    client = Client()
    client.defaults["HTTP_HOST"] = "localhost"
    client.force_login(user)
    for _warm in range(3):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    if cold:
        cache.clear()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"url": url, "user": user.username, "cache": "emptied before each request" if cold else "as it comes", "queries": count[0], "bytes": len(response.content),
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--communes", type=int, default=NATIONAL_COMMUNES)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    data = bench_data(communes=args.communes)
    obligations = national_cycle(data.root)
    province = data.provinces[0]
    leader, coordinator = bench_users(data.root, province)
    pages = [measure(user, f"/?period={PERIOD}", args.runs, cold)
             for cold in (False, True) for user in (leader, coordinator)]
    print(json.dumps({"label": args.label, "database": connection.vendor, "values": data.expected_values,
                      "obligations": obligations, "runs": args.runs, "pages": pages}, indent=1))


if __name__ == "__main__":
    main()
