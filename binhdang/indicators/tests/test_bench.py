"""`binhdang bench aggregate --json --communes 40` at tiny scale."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from binhdang.indicators.models import IndicatorValue


@pytest.mark.django_db(transaction=True)
def test_bench_aggregate_prints_the_contract_keys_and_reuses_its_data():
    # given an empty database; when the bench runs twice at tiny scale
    first, second = StringIO(), StringIO()
    call_command("bench", "aggregate", "--json", "--communes", "40", "--runs", "3", stdout=first)
    call_command("bench", "aggregate", "--json", "--communes", "40", "--runs", "3", stdout=second)
    # then both print exactly the §5 keys, about 40 × 60 × 2 × 20 values, built once
    for out in (first, second):
        result = json.loads(out.getvalue())
        assert list(result) == ["engine", "units", "values", "country_table_ms", "duckdb_scan_ms", "ratio",
                                "freshness_ms"]
        assert (result["units"], result["values"]) == (74, 96000)
        assert result["country_table_ms"] > 0 and result["duckdb_scan_ms"] > 0 and result["freshness_ms"] < 1000
    assert IndicatorValue.objects.filter(indicator__code__startswith="BENCH-").count() == 96000
