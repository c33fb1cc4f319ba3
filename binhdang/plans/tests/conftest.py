"""Fixtures for the plans tests: the seed plan imported through the service."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from binhdang.plans.models import Plan

GOLDEN = Path(settings.BASE_DIR) / "binhdang/fixtures/plans/268-KH-UBND-2017.json"


@pytest.fixture
def plan_json() -> dict:
    """The reviewed Plan JSON of the seed plan (the golden file)."""
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture
def seed_plan(demo_tree, _seed_plan_loaded):
    """The golden file imported through the service, with its obligations (a shared layer)."""
    return Plan.objects.get(number="268/KH-UBND", year=2017)


@pytest.fixture
def task_of(seed_plan):
    def get(code: str):
        return seed_plan.tasks.get(code=code)

    return get
