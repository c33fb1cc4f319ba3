"""Reads of the org-unit tree: children, subtrees, accent-insensitive search."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from binhdang.core.text import search_key

from .models import OrgUnit

# Administrative units first, then agencies, organisations and committees; by name within.
_KIND_ORDER: dict[str, int] = {
    OrgUnit.Kind.ADMINISTRATIVE: 3,
    OrgUnit.Kind.AGENCY: 0,
    OrgUnit.Kind.ORGANISATION: 1,
    OrgUnit.Kind.COMMITTEE: 2,
}


def _valid_on(queryset: QuerySet[OrgUnit], on: datetime.date | None) -> QuerySet[OrgUnit]:
    if on is None:
        return queryset
    return queryset.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    )


def sort_units(units: Iterable[OrgUnit]) -> list[OrgUnit]:
    return sorted(units, key=lambda u: (_KIND_ORDER.get(u.kind, 9), u.name))


def _visible(queryset: QuerySet[OrgUnit], user: Any) -> QuerySet[OrgUnit]:
    """Narrowed to the user's directory (`permissions.directory`); no user: no narrowing
    (internal reads such as matching a document's agencies)."""
    if user is None:
        return queryset
    from .permissions import directory

    return directory.filter(user, "view", queryset)


def orgunit_roots(*, on: datetime.date | None = None, user: Any = None) -> list[OrgUnit]:
    return sort_units(_valid_on(_visible(OrgUnit.objects.get_root_nodes(), user), on))


def orgunit_children(*, parent: OrgUnit, on: datetime.date | None = None, user: Any = None) -> list[OrgUnit]:
    """Direct children of `parent` (one indexed range scan on the path)."""
    return sort_units(_valid_on(_visible(OrgUnit.objects.get_children(parent), user), on))


def orgunit_visible(*, user: Any, parent: OrgUnit | None = None, roots: bool = False) -> QuerySet[OrgUnit]:
    """The units in the user's directory (all, the children of `parent`, or the roots)."""
    if parent is not None:
        queryset = OrgUnit.objects.get_children(parent)
    elif roots:
        queryset = OrgUnit.objects.get_root_nodes()
    else:
        queryset = OrgUnit.objects.all()
    return _visible(queryset, user)


def orgunit_get_visible(*, user: Any, pk: int) -> OrgUnit:
    """Raises OrgUnit.DoesNotExist when missing or outside the user's directory."""
    return _visible(OrgUnit.objects.all(), user).get(pk=pk)


def orgunit_contact_visible(*, user: Any, unit: OrgUnit) -> bool:
    """Whether the user may read the unit's contact e-mail."""
    from .permissions import directory

    return directory.has(user, "contact", unit)


def orgunit_subtree(*, root: OrgUnit, on: datetime.date | None = None) -> QuerySet[OrgUnit]:
    """`root` and everything below it, in tree order, through the indexed path prefix."""
    return _valid_on(OrgUnit.objects.filter(path__startswith=root.path), on).order_by("path")


def orgunit_ancestors(*, unit: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.get_ancestors(unit))


def orgunit_child_counts(*, parents: list[OrgUnit]) -> dict[int, int]:
    """Number of children of each parent, from treebeard's denormalised `numchild`."""
    return {p.pk: p.numchild for p in parents}


def orgunit_search(
    *,
    query: str,
    within: OrgUnit | None = None,
    on: datetime.date | None = None,
    kinds: list[str] | None = None,
    limit: int = 50,
    user: Any = None,
) -> list[OrgUnit]:
    """Units whose name, short name, code or aliases contain every word of `query`.

    Accents and case are ignored: "bim son" finds "Bỉm Sơn", "ldtbxh" finds "LĐTBXH".
    """
    terms = search_key(query).split()
    if not terms:
        return []
    queryset = _visible(OrgUnit.objects.all(), user)
    if within is not None:
        queryset = queryset.filter(path__startswith=within.path)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    results = list(_valid_on(queryset, on).order_by("depth", "name")[: limit * 4])
    # Rank exact-name and prefix hits first: "Bỉm Sơn" before "phường Bắc Sơn".
    joined = " ".join(terms)

    def rank(unit: OrgUnit) -> tuple:
        names = [search_key(n) for n in (unit.name, unit.short_name, *unit.aliases) if n]
        exact = joined in names
        prefix = any(n.startswith(joined) or n.endswith(joined) for n in names)
        return (0 if exact else 1 if prefix else 2, unit.depth, unit.name)

    return sorted(results, key=rank)[:limit]


def orgunit_get(*, pk: int) -> OrgUnit:
    return OrgUnit.objects.get(pk=pk)


def orgunit_by_code(*, code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()


def orgunit_administrative_parent(*, unit: OrgUnit) -> OrgUnit:
    """The unit itself when administrative, else its nearest administrative ancestor."""
    if unit.is_administrative:
        return unit
    for ancestor in reversed(list(OrgUnit.objects.get_ancestors(unit))):
        if ancestor.is_administrative:
            return ancestor
    return unit
