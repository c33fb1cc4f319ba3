"""Whose dashboard, and which periods it offers."""

from __future__ import annotations

import datetime

from binhdang.accounts.types import AnyUser
from binhdang.core.permissions import Action, is_superuser, policy
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind
from binhdang.plans.periods import period_key_of
from binhdang.reporting.selectors import (
    default_status_root,
)

# The two-tier local government starts on 01/07/2025: data from 2025-H2 on sit on the new
# tree, so a series running across it is broken there (ANCHORS §0.1).
SERIES_BREAK = datetime.date(2025, 7, 1)
SERIES_BREAK_PERIOD = "2025-H2"
REPORT_KINDS = (ObligationKind.REPORT_SEMIANNUAL, ObligationKind.REPORT_ANNUAL)

# --- whose dashboard ------------------------------------------------------------------------


def dashboard_root(*, user: AnyUser) -> OrgUnit | None:
    """The unit a leader's or coordinator's dashboard opens on: the top of a subtree they may
    read (a viewer's town, a coordinator's scope). None for a reporter, who reads one unit."""
    if not is_superuser(user) and not any(g.subtree and g.action == Action.VIEW for g in policy.grants(user)):
        return None
    return default_status_root(user=user)


def may_view_unit(*, user: AnyUser, unit: OrgUnit) -> bool:
    return policy.has(user, Action.VIEW, unit) or policy.has(user, Action.COORDINATE, unit)


# --- the reporting cycle ----------------------------------------------------------------------


def current_cycle_key(*, root: OrgUnit, today: datetime.date) -> str | None:
    """The report period under way at `root`: the one whose deadline comes next, else the
    last one whose deadline passed (one query for each)."""
    base = Obligation.objects.filter(org_unit__path__startswith=root.path, kind__in=REPORT_KINDS)
    nxt = base.filter(due_date__gte=today).order_by("due_date", "id").first()
    if nxt is None:
        nxt = base.order_by("-due_date", "-id").first()
    return period_key_of(nxt) if nxt else None


def report_period_keys(*, root: OrgUnit) -> list[str]:
    """Report periods with obligations under `root`, newest first."""
    # order_by(): the model's ordering would join the units and widen the DISTINCT to a row
    # per obligation (4,000 at national scale) instead of one per period.
    pairs = (Obligation.objects.filter(org_unit__path__startswith=root.path, kind__in=REPORT_KINDS)
             .order_by().values_list("kind", "due_date__year").distinct())
    keys = {f"{year}-H1" if kind == ObligationKind.REPORT_SEMIANNUAL else str(year) for kind, year in pairs}
    return sorted(keys, key=_period_order, reverse=True)


def _period_order(key: str) -> tuple[int, int]:
    year, _sep, rest = key.partition("-")
    return int(year), {"H1": 1, "H2": 2, "": 3}.get(rest, 0)


