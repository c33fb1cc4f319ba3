"""The whole-country status page and a town's consolidation page at national scale.

usage: .venv/bin/python bench/status_bench.py [--runs N]                 # a fresh SQLite file
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_ops .venv/bin/python bench/status_bench.py

Builds (idempotently) the demo (Thanh Hóa > Bỉm Sơn 2017, its plan and reports), the
synthetic national tree (34 provinces, 646 provincial agencies, 3,321 communes) and one
national plan whose 3,967 units each owe the 2017 half-year report to their province's
Ban VSTBPN, with a spread of states (accepted, submitted, returned, draft, missing). Then
times, through Django's full request handling (test client):

- the status page of the whole country (`/reports/status/?period=2017-H1&unit=<country>`)
  as a superuser: bytes of HTML and median / p95 ms;
- the same "as is" (`&view=as_is`: each obligation grouped under the unit of today);
- the town's consolidation page (`/reports/consolidation/?period=2017-H1`) as `ldtbxh`,
  and the selector `consolidation_build` alone.

Prints JSON.
"""

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("BINHDANG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from binhdang.accounts.models import User  # noqa: E402
from binhdang.orgunits.generator import generate_national_tree  # noqa: E402
from binhdang.orgunits.models import OrgUnit  # noqa: E402
from binhdang.plans.models import Obligation, ObligationKind, Plan  # noqa: E402
from binhdang.reporting.models import Submission  # noqa: E402

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NUMBER = "BENCH/KH-QG"


@transaction.atomic
def national_obligations(root: OrgUnit) -> int:
    """One 2017-H1 report per province-level agency and commune, to the province's Ban
    VSTBPN; states by a fixed pattern (no randomness: every run builds the same data)."""
    plan = Plan.objects.filter(number=NUMBER).first()
    if plan is not None:
        return plan.obligations.count()
    plan = Plan.objects.create(issuer=root, number=NUMBER, date=datetime.date(2017, 1, 10), year=2017,
                               title="Kế hoạch thử tải toàn quốc")
    due = datetime.date(2017, 6, 15)
    obligations = []
    for province in OrgUnit.objects.filter(path__startswith=root.path, depth=root.depth + 1):
        units = list(OrgUnit.objects.filter(path__startswith=province.path, depth=province.depth + 1))
        receiver = next(u for u in units if u.code.endswith("-BVSTBPN"))
        obligations += [
            Obligation(plan=plan, kind=ObligationKind.REPORT_SEMIANNUAL, title="Báo cáo 6 tháng",
                       org_unit=unit, receiver=receiver, due_date=due,
                       period_start=datetime.date(2016, 12, 15), period_end=datetime.date(2017, 6, 14))
            for unit in units if unit.pk != receiver.pk
        ]
    Obligation.objects.bulk_create(obligations, batch_size=1000)
    submissions = []
    for index, obligation in enumerate(Obligation.objects.filter(plan=plan).order_by("id")):
        state = ("accepted", "accepted", "submitted", "returned", "draft", None, "accepted", "submitted")[index % 8]
        if state is None:
            continue
        sent = datetime.datetime(2017, 6, 10 + index % 10, 9, 0, tzinfo=TZ) if state != "draft" else None
        submissions.append(Submission(
            obligation=obligation, org_unit_id=obligation.org_unit_id, status=state,
            content={"ket-qua": "Đã triển khai các hoạt động theo kế hoạch."},
            first_submitted_at=sent, last_submitted_at=sent,
            accepted_at=sent if state == "accepted" else None,
        ))
    Submission.objects.bulk_create(submissions, batch_size=1000)
    return len(obligations)


def timed(client: Client, url: str, runs: int) -> dict:
    samples, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    samples.sort()
    return {"bytes": size, "median_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    start = time.perf_counter()
    call_command("seed-demo", verbosity=0, stdout=io.StringIO())
    root = generate_national_tree()
    obligations = national_obligations(root)
    build_s = round(time.perf_counter() - start, 1)
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@example.invalid", "bench-admin-2017")
    admin_client, coordinator_client = Client(), Client()
    admin_client.force_login(admin)
    coordinator_client.force_login(User.objects.get(username="ldtbxh"))

    from binhdang.reporting.selectors import consolidation_build

    receiver = OrgUnit.objects.get(code="TH-BS-LDTBXH")
    samples = []
    for _ in range(args.runs):
        begin = time.perf_counter()
        consolidation = consolidation_build(receiver, "2017-H1")
        samples.append((time.perf_counter() - begin) * 1000)
    country = f"/reports/status/?period=2017-H1&unit={root.pk}"
    result = {
        "engine": connection.vendor,
        "units": OrgUnit.objects.count(),
        "obligations_2017_h1": Obligation.objects.filter(kind=ObligationKind.REPORT_SEMIANNUAL,
                                                         due_date__year=2017).count(),
        "national_obligations": obligations,
        "build_s": build_s,
        "status_country": timed(admin_client, country, args.runs),
        "status_country_missing": timed(admin_client, country + "&status=missing", args.runs),
        "status_country_as_is": timed(admin_client, country + "&view=as_is", args.runs),
        "consolidation_page": timed(coordinator_client, "/reports/consolidation/?period=2017-H1", args.runs),
        "consolidation_selector_ms": round(statistics.median(samples), 1),
        "consolidation_included": len(consolidation.included),
        "consolidation_expected": consolidation.totals.expected,
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
