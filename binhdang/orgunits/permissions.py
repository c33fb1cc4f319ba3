"""Who sees which units in the directory (tree pages, search, `/api/orgunits/`).

The rule (docs/decisions/0184-directory-scoped-by-province.md):

- `view` (name, short name, code, kind, level, validity, place in the tree): the user's
  **directory reach**, i.e. the whole province tree of every unit the user works in or is
  scoped to (a ward reporter of Thanh Hóa sees all of Thanh Hóa, down to each commune and
  agency), plus the ancestors of those provinces (the country), so the tree can be walked
  down to it. Nothing of another province.
- `contact` (the unit's contact e-mail): the directory reach itself, not its ancestors.
- A membership above province level (the country, a ministry) reaches its own subtree.
- Superusers see everything (decided in core); inactive and anonymous users nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from binhdang.core.permissions import policy
from binhdang.core.policies import ModelPolicy

from .models import OrgUnit

_CACHE = "_binhdang_directory_reach"


def _ancestor_paths(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:n] for n in range(step, len(path), step)]


def directory_reach(user: Any) -> list[str]:
    """Path prefixes of the subtrees in the user's directory reach (cached on the user)."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    paths = {grant.path for grant in policy.grants(user)}
    reach: set[str] = set()
    if paths:
        provinces = dict(
            OrgUnit.objects.filter(
                path__in={a for p in paths for a in [*_ancestor_paths(p), p]},
                kind=OrgUnit.Kind.ADMINISTRATIVE, level=OrgUnit.Level.PROVINCE,
            ).values_list("path", "depth")
        )
        for path in paths:
            # The highest province on the way down to the unit; none above a province.
            candidates = [a for a in [*_ancestor_paths(path), path] if a in provinces]
            reach.add(candidates[0] if candidates else path)
    # A subtree inside another is already covered.
    result = sorted(p for p in reach if not any(p != q and p.startswith(q) for q in reach))
    setattr(user, _CACHE, result)
    return result


class OrgUnitDirectoryPolicy(ModelPolicy[OrgUnit]):
    model = OrgUnit
    actions = ("view", "contact")

    def _allows(self, user: Any, action: str, obj: OrgUnit) -> bool:
        reach = directory_reach(user)
        if any(obj.path.startswith(p) for p in reach):
            return True
        return action == "view" and any(p.startswith(obj.path) for p in reach)

    def _allowed_field_q(self, user: Any, action: str, field: str) -> Q:
        prefix = f"{field}__" if field else ""
        reach = directory_reach(user)
        q = Q(pk__in=[])
        for path in reach:
            q |= Q(**{f"{prefix}path__startswith": path})
        if action == "view":
            ancestors = {a for p in reach for a in _ancestor_paths(p)}
            if ancestors:
                q |= Q(**{f"{prefix}path__in": sorted(ancestors)})
        return q


directory = OrgUnitDirectoryPolicy()
