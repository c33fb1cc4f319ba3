"""THE unit-name matcher: the units of one subtree looked up by any of the names plans and
imports write for them (name, short name, code, aliases), ignoring accents, case,
punctuation and "&" for "và"; then by a loose key without the words that do not tell two
units of one subtree apart ("Phòng Nội vụ" = "Nội vụ thị xã"), only when that key is
unique; then by an optional last step a caller adds (the plan parser's agency matcher,
which absorbs qualifiers such as "… trên địa bàn"). A name nothing fits is None, never a
guess. Used by the parser review, the plan import's save and the issuer lookups.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any

from binhdang.core.text import search_key

from .models import OrgUnit
from .selectors import orgunit_subtree

# Words that do not tell two units of one subtree apart.
_GENERIC = re.compile(r"\b(?:phong|thi xa|tx|tinh|huyen|thanh pho|cua|uy ban nhan dan|ubnd|tren dia ban)\b")


def name_key(text: str) -> str:
    """The exact key: folded, punctuation and spacing ignored, "&" read as "và"."""
    return search_key((text or "").replace("&", " và "))


def loose_key(text: str) -> str:
    return " ".join(_GENERIC.sub(" ", name_key(text)).split())


def unit_names(unit: OrgUnit, *, with_code: bool = False) -> list[str]:
    names = [unit.name, unit.short_name, *(unit.aliases or [])]
    if with_code:
        names.append(unit.code)
    return [n for n in names if n]


class UnitDirectory:
    """The units of `root`'s subtree, looked up by name. With `on`, only units valid that
    day (or, with `valid_only=False`, every unit, those valid that day first). A name shared
    by several units resolves to the one nearest the root."""

    def __init__(self, root: OrgUnit, on: datetime.date | None, *, valid_only: bool = True,
                 with_codes: bool = False, last_step: Callable[[str], OrgUnit | None] | None = None) -> None:
        self.root, self.on = root, on
        queryset = orgunit_subtree(root=root, on=on if valid_only else None)
        units = sorted(queryset, key=lambda u: (u.depth, u.path))
        if not valid_only and on is not None:
            units.sort(key=lambda u: (not u.is_valid_on(on), u.depth, u.path))
        self.ordered = units
        self.units = {u.pk: u for u in units}
        self.exact: dict[str, OrgUnit] = {}
        loose: dict[str, list[OrgUnit]] = {}
        for unit in units:
            for name in unit_names(unit, with_code=with_codes):
                self.exact.setdefault(name_key(name), unit)
                bucket = loose.setdefault(loose_key(name), [])
                if unit not in bucket:
                    bucket.append(unit)
        self.loose = {k: v[0] for k, v in loose.items() if k and len(v) == 1}
        self.last_step = last_step

    def find(self, name: str) -> OrgUnit | None:
        unit = self.exact.get(name_key(name))
        if unit is None and self.last_step is not None:
            unit = self.last_step(name)
        if unit is None:
            unit = self.loose.get(loose_key(name))
        return unit

    def find_any(self, names: Iterable[str]) -> OrgUnit | None:
        for name in names:
            unit = self.find(name)
            if unit is not None:
                return unit
        return None

    def get(self, pk: Any) -> OrgUnit | None:
        try:
            return self.units.get(int(pk))
        except (TypeError, ValueError):
            return None


def issuer_find(name: str, on: datetime.date | None, *, parent_name: str | None = None,
                valid_only: bool = True) -> OrgUnit | None:
    """The administrative unit called `name` (name, short name or alias) valid on `on`; the
    parent named in the header breaks ties. With `valid_only=False`, a unit not valid that
    day is the answer only when none is."""
    key = name_key(name)
    if not key:
        return None
    candidates = [u for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.ADMINISTRATIVE).order_by("depth", "path")
                  if any(name_key(n) == key for n in unit_names(u))]
    valid = [u for u in candidates if on is None or u.is_valid_on(on)]
    units = valid if valid or valid_only else candidates
    if len(units) > 1 and parent_name:
        parent = name_key(parent_name)
        under = [u for u in units
                 if any(any(name_key(n) == parent for n in unit_names(a)) for a in u.get_ancestors())]
        units = under or units
    return units[0] if units else None
