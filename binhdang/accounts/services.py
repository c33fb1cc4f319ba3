"""Writes for users and memberships."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from .models import Membership, Role, User
from .types import Actor


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str = "",
    password_hash: str = "",
    full_name: str = "",
    email: str = "",
    job_title: str = "",
) -> User:
    """Create an account with a password (or an already hashed one, for bulk loads)."""
    if User.objects.filter(username=username).exists():
        raise DomainError(_("Tên đăng nhập “%(u)s” đã tồn tại.") % {"u": username}, field="username")
    user = User(username=username, full_name=full_name, email=email, job_title=job_title)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, changes={"username": username})
    return user


@transaction.atomic
def do_membership_grant(
    *,
    actor: Actor,
    user: User,
    org_unit: OrgUnit,
    role: str,
    scope: OrgUnit | None = None,
    is_head: bool = False,
) -> Membership:
    """Give `user` a role in `org_unit` (applied over `scope`).

    Raises DomainError when the scope does not contain the unit or the role is unknown.
    """
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ."), field="role")
    membership, created = Membership.objects.get_or_create(
        user=user, org_unit=org_unit, role=role, defaults={"scope": scope, "is_head": is_head}
    )
    if not created and (membership.scope_id != getattr(scope, "pk", None) or membership.is_head != is_head):
        membership.scope = scope
        membership.is_head = is_head
    try:
        membership.full_clean()
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc
    membership.save()
    policy.forget(user)
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        org_unit=org_unit,
        changes={"user": user.username, "role": role, "scope": str(scope or org_unit)},
    )
    return membership


def membership_grant(
    *, actor: Any, user: User, org_unit: OrgUnit, scope: OrgUnit | None = None, **options: Any
) -> Membership:
    """`do_membership_grant` for a user who administers the scope (or the unit)."""
    policy.require(actor, Action.ADMINISTER, scope or org_unit)
    return do_membership_grant(actor=actor, user=user, org_unit=org_unit, scope=scope, **options)
