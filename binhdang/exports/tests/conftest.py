import importlib

import pytest

from binhdang.demo.steps import DEMO_STEPS


@pytest.fixture
def full_demo(db):
    """Every demo step (org tree and users, plan 268/KH-UBND, the 2017 reporting cycle)."""
    for step in DEMO_STEPS:
        module, name = step.rsplit(".", 1)
        getattr(importlib.import_module(module), name)()
    from binhdang.orgunits.models import OrgUnit

    return {u.code: u for u in OrgUnit.objects.all()}
