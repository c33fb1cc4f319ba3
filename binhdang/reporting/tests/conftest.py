"""Fixtures for the reporting tests: the seed plan with its obligations, and helpers."""

import datetime
import json
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings

from binhdang.plans.models import Obligation, Plan

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_GOLDEN = Path(settings.BASE_DIR) / "binhdang/fixtures/plans/268-KH-UBND-2017.json"
_LOCAL = Path(settings.BASE_DIR) / "binhdang/plans/tests/data/plan-268-local.json"


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def ensure_seed_plan() -> Plan:
    """Plan 268/KH-UBND with its obligations: from the plans demo loader when its reviewed
    JSON exists, else imported from the plans app's local test copy."""
    from binhdang.plans.services import (
        do_obligations_generate,
        do_plan_import_from_json,
    )

    plan = Plan.objects.filter(number="268/KH-UBND", year=2017).first()
    if plan is None:
        path = _GOLDEN if _GOLDEN.exists() else _LOCAL
        plan = do_plan_import_from_json(actor=None, data=json.loads(path.read_text(encoding="utf-8")))
        do_obligations_generate(actor=None, plan=plan)
    return plan


@pytest.fixture
def seed_plan(demo_tree, _seed_plan_loaded):
    return ensure_seed_plan()


@pytest.fixture
def obligation_of(seed_plan):
    def get(code: str, kind: str = "report_semiannual") -> Obligation:
        return Obligation.objects.get(plan=seed_plan, org_unit__code=code, kind=kind)

    return get


def run_demo_steps() -> list[dict]:
    """Every demo loader in order (as `binhdang seed-demo` does), the plan ensured before ours."""
    from django.utils.module_loading import import_string

    from binhdang.demo.steps import DEMO_STEPS

    results = []
    for path in DEMO_STEPS:
        if path.startswith("binhdang.reporting."):
            ensure_seed_plan()
        results.append(import_string(path)())
    return results


@pytest.fixture
def demo_2017(demo_tree, full_demo):
    """The whole demo, as `run_demo_steps()` loads it (a shared layer)."""
