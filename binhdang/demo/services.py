"""Loading the demo data through the services; idempotent and safe to run twice."""

from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from binhdang.accounts.models import Membership, User
from binhdang.accounts.services import do_membership_grant, user_create
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import do_orgunit_create

from . import data


def _ensure_unit(spec: dict, parent: OrgUnit | None, summary: dict) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=spec["code"]).first()
    if unit is None:
        unit = do_orgunit_create(
            actor=None,
            parent=parent,
            **{k: v for k, v in spec.items() if k not in ("children",)},
        )
        summary["units_created"] += 1
    for child in spec["children"]:
        _ensure_unit(child, unit, summary)
    return unit


@cache
def _demo_hash() -> str:
    # One hash for every demo account: hashing 30 passwords one by one takes seconds.
    return make_password(data.DEMO_PASSWORD)


def _ensure_user(username: str, full_name: str, job_title: str, unit: OrgUnit, role: str,
                 scope: OrgUnit | None, is_head: bool, summary: dict[str, int]) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password_hash=_demo_hash(),
            full_name=full_name,
            job_title=job_title,
            email=f"{username}@example.vn",
        )
        summary["users_created"] += 1
    if not Membership.objects.filter(user=user, org_unit=unit, role=role).exists():
        do_membership_grant(
            actor=None, user=user, org_unit=unit, role=role, scope=scope, is_head=is_head,
        )
    return user


@transaction.atomic
def demo_load_orgunits_and_users() -> dict:
    summary = {"units_created": 0, "users_created": 0}
    _ensure_unit(data.THANH_HOA, None, summary)
    units = {u.code: u for u in OrgUnit.objects.all()}
    for username, full_name, job_title, code, role, scope_code, is_head in data.USERS:
        user = _ensure_user(
            username, full_name, job_title, units[code], role,
            units[scope_code] if scope_code else None, is_head, summary,
        )
        if username == "admin" and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
    named = {code for _, _, _, code, _, _, _ in data.USERS}
    town = units["TH-BS"]
    for unit in OrgUnit.objects.filter(path__startswith=town.path, depth=town.depth + 1):
        if unit.code in named:
            continue
        username = unit.code.removeprefix("TH-BS-").lower()
        _ensure_user(
            username, f"Cán bộ {unit.short_name or unit.name}", "Cán bộ đầu mối", unit,
            "reporter", None, False, summary,
        )
    return summary


def demo_users() -> list[tuple[str, str, str]]:
    """(username, role, unit) of the demo accounts, for `binhdang demo` to print."""
    rows = []
    for m in Membership.objects.select_related("user", "org_unit").order_by("org_unit__path", "role"):
        rows.append((m.user.username, m.get_role_display(), m.org_unit.name))
    return rows
