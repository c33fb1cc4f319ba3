"""Server time of the dashboards with the demo data: the leader's home page, the drill-down
page and the public page, each requested N times through Django's test client (the whole
request: middleware, selectors, templates), with the query count of one request.

    .venv/bin/python bench/dashboard_pages_bench.py [--runs 30]

Runs against the database in DATABASE_URL (default: the SQLite file of `./dev demo`), which
must hold the demo (`./dev seed-demo`). National scale is the analytic layer's bench
(`binhdang bench aggregate`); this one measures the page around the reads. Prints JSON.
"""

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from binhdang.accounts.models import User  # noqa: E402
from binhdang.orgunits.models import OrgUnit  # noqa: E402


def measure(client: Client, url: str, runs: int) -> dict:
    client.defaults["HTTP_HOST"] = "localhost"
    client.get(url)  # warm the connection and the template cache
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        status = client.get(url).status_code
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"url": url, "status": status, "queries": count[0],
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    town = OrgUnit.objects.get(code="TH-BS")
    leader = Client()
    leader.force_login(User.objects.get(username="lanhdao"))
    province = Client()
    province.force_login(User.objects.get(username="tinh"))
    reporter = Client()
    reporter.force_login(User.objects.get(username="badinh"))
    results = [
        measure(reporter, "/", args.runs),  # the page before: memberships, "Việc của tôi", the tree
        measure(leader, "/?period=2017", args.runs),
        measure(leader, f"/dashboard/{town.pk}/?period=2017&indicator=DP-TH-NGUOI", args.runs),
        measure(province, "/?period=2017-H1", args.runs),
        measure(Client(), "/public/TH-BS/", args.runs),
    ]
    print(json.dumps({"database": connection.vendor, "runs": args.runs, "pages": results}, indent=1))


if __name__ == "__main__":
    main()
