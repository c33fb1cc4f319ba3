"""`binhdang bench aggregate --json` at tiny scale: a fresh database, the cuts, DuckDB's check."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from binhdang.indicators.models import IndicatorKindAggregate, IndicatorValue

KEYS = ["engine", "units", "values", "country_table_ms", "duckdb_scan_ms", "ratio", "freshness_ms", "cuts"]
CUTS = ["country_period", "trend", "province_communes", "wards_only", "ratio_indicator"]


def _check(result: dict, communes: int) -> None:
    assert list(result) == KEYS
    assert (result["units"], result["values"]) == (communes + 34, communes * 60 * 2 * 20)
    assert result["country_table_ms"] > 0 and result["duckdb_scan_ms"] > 0 and result["freshness_ms"] < 1000
    assert result["ratio"] == pytest.approx(result["country_table_ms"] / result["duckdb_scan_ms"], rel=0.02, abs=0.01)
    assert list(result["cuts"]) == CUTS
    for cut in result["cuts"].values():
        assert list(cut) == ["ms", "duckdb_ms", "ratio"]
        assert cut["ms"] > 0 and cut["duckdb_ms"] > 0
        # each figure is rounded on its own, so the ratio of the printed figures is close, not equal
        assert cut["ratio"] == pytest.approx(cut["ms"] / cut["duckdb_ms"], rel=0.02, abs=0.01)


def test_bench_migrates_a_fresh_database_itself(tmp_path):
    # given a database file that does not exist yet
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    # when the bench runs on it at small scale
    done = subprocess.run([sys.executable, "-m", "binhdang", "bench", "aggregate", "--json", "--communes", "50",
                           "--runs", "1"], capture_output=True, text=True, env=env, timeout=900, check=False)
    # then it migrated, built the data, checked every cut against DuckDB and printed §5 JSON
    assert done.returncode == 0, done.stderr
    _check(json.loads(done.stdout), 50)


@pytest.mark.django_db(transaction=True)
def test_bench_reuses_its_data_and_catches_a_wrong_roll_up():
    # given an empty database; when the bench runs twice at tiny scale
    first, second = StringIO(), StringIO()
    call_command("bench", "aggregate", "--json", "--communes", "40", "--runs", "3", stdout=first)
    call_command("bench", "aggregate", "--json", "--communes", "40", "--runs", "3", stdout=second)
    # then both print the §5 keys and the cuts, with the values built once
    for out in (first, second):
        _check(json.loads(out.getvalue()), 40)
    assert IndicatorValue.objects.filter(indicator__code__startswith="BENCH-").count() == 96000
    # and when one ward roll-up row is wrong, DuckDB's answer catches it
    row = IndicatorKindAggregate.objects.filter(unit_title="phường", period="2020-H1").first()
    row.num += 1
    row.save()
    with pytest.raises(CommandError, match="wards_only: binhdang and DuckDB disagree on 1 of"):
        call_command("bench", "aggregate", "--json", "--communes", "40", "--runs", "1", stdout=StringIO())
