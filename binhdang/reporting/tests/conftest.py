"""Fixtures for the reporting tests: the seed plan with its obligations, and helpers."""

import datetime
import zoneinfo

import pytest

from binhdang.plans.models import Obligation, Plan

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def ensure_seed_plan() -> Plan:
    """Plan 268/KH-UBND with its obligations: the "plan" layer's data when it is missing
    (from its snapshot in a transactional test; binhdang/conftest.py)."""
    from binhdang.conftest import use_layer

    plan = Plan.objects.filter(number="268/KH-UBND", year=2017).first()
    if plan is None:
        use_layer("plan")
        plan = Plan.objects.get(number="268/KH-UBND", year=2017)
    return plan


@pytest.fixture
def seed_plan(demo_tree, _seed_plan_loaded):
    return ensure_seed_plan()


@pytest.fixture
def obligation_of(seed_plan):
    def get(code: str, kind: str = "report_semiannual") -> Obligation:
        return Obligation.objects.get(plan=seed_plan, org_unit__code=code, kind=kind)

    return get


def run_demo_steps() -> None:
    """Every demo loader's data, as `binhdang seed-demo` loads it (the "demo" layer; from its
    snapshot in a transactional test)."""
    from binhdang.conftest import use_layer

    use_layer("demo")


@pytest.fixture
def demo_2017(demo_tree, full_demo):
    """The whole demo, as `run_demo_steps()` loads it (a shared layer)."""
