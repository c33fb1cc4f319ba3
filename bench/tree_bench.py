"""Org-tree listing and search at national scale (about 4,000 units): server time per request.

usage: uv run python bench/tree_bench.py            # a fresh SQLite file in a temp folder
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/binhdang_bench uv run python bench/tree_bench.py
Prints JSON: the median and the 95th percentile (ms) of each page, through Django's full
request handling (middleware, view, template), measured with the test client.
"""

import json
import os
import statistics
import sys
import tempfile
import time
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
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from binhdang.accounts.models import User  # noqa: E402
from binhdang.orgunits.generator import generate_national_tree  # noqa: E402
from binhdang.orgunits.models import OrgUnit  # noqa: E402

RUNS = 30


def timed(client: Client, url: str, **headers) -> dict:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
    }


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    root = generate_national_tree()
    generate_s = time.perf_counter() - start
    total = OrgUnit.objects.count()
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
    client = Client()
    client.force_login(admin)
    province = OrgUnit.objects.get(code="GEN-P12")  # Thanh Hóa
    commune = OrgUnit.objects.filter(path__startswith=province.path, level="commune").last()
    htmx = {"HTTP_HX_REQUEST": "true"}
    results = {
        "engine": django.db.connection.vendor,
        "units": total,
        "generate_s": round(generate_s, 2),
        "tree_roots_page": timed(client, "/units/"),
        "children_of_country": timed(client, f"/units/{root.pk}/children/"),
        "children_of_province": timed(client, f"/units/{province.pk}/children/"),
        "province_page": timed(client, f"/units/{province.pk}/"),
        "commune_page": timed(client, f"/units/{commune.pk}/"),
        "search_fragment_bim_son": timed(client, "/units/search/?q=thanh+hoa+12", **htmx),
        "search_fragment_common_word": timed(client, "/units/search/?q=xa", **htmx),
        "search_api": timed(client, "/api/orgunits/?q=phuong+ha+noi"),
        "home_page": timed(client, "/"),
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
