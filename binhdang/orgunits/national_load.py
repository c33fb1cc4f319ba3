"""`units load-national`: the real tree of both eras and the 2025 lineage, idempotently.

Every node is one unit in one place for one validity period (see LineageEvent): legacy
units end on 30/6/2025, new ones begin on 1/7/2025, a province that went on unchanged
(Thanh Hóa) is one node for both eras. Units already in the database with the same GSO
code, level and era (the demo's) are adopted, not duplicated.
"""

import datetime
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from .models import LineageEvent, LineageLink, OrgUnit
from .national_sources import Place, Sources, place_name, read_sources, same_spelling

REFORM = datetime.date(2025, 7, 1)
LAST_OLD = datetime.date(2025, 6, 30)
PROVINCE_BASIS = "NQ 202/2025/QH15"
# The commune arrangement of each province had its own resolution of the Standing
# Committee; the only one in DOMAIN.md is Thanh Hóa's. The others stay marked unverified.
COMMUNE_BASIS = {"38": "NQ 1686/NQ-UBTVQH15"}
COMMUNE_BASIS_UNKNOWN = "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025 ({province})"
DISTRICT_BASIS = "Tổ chức chính quyền địa phương hai cấp từ 01/7/2025 (không còn cấp huyện)"
SOURCE = "vietnamadminunits {version}"
OLD, NEW, BOTH = "old", "new", "both"


def era_of(unit: OrgUnit) -> str:
    if unit.valid_to is not None and unit.valid_to < REFORM:
        return OLD
    if unit.valid_from is not None and unit.valid_from >= REFORM:
        return NEW
    return BOTH


@dataclass
class _Spec:
    place: Place
    era: str
    parent: tuple[str, str, str] | None  # (level, gso, era) of the parent

    @property
    def ident(self) -> tuple[str, str, str]:
        return (self.place.level, self.place.code, self.era)


def _specs(src: Sources) -> tuple[list[_Spec], dict[str, str]]:
    """Every node to have, parents first; and the era of each legacy province."""
    continuing = {
        code for code, olds in src.province_map.items()
        if olds == [code] and same_spelling(src.legacy_provinces[code].name, src.new_provinces[code].name)
    }
    legacy_era = {code: (BOTH if code in continuing else OLD) for code in src.legacy_provinces}
    specs = [_Spec(p, legacy_era[c], None) for c, p in sorted(src.legacy_provinces.items())]
    specs += [_Spec(p, NEW, None) for c, p in sorted(src.new_provinces.items()) if c not in continuing]
    specs += [
        _Spec(d, OLD, ("province", d.parent_code, legacy_era[d.parent_code]))
        for _, d in sorted(src.legacy_districts.items())
    ]
    specs += [
        _Spec(c, OLD, ("district", c.parent_code, OLD)) for _, c in sorted(src.legacy_communes.items())
    ]
    specs += [
        _Spec(c, NEW, ("province", c.parent_code, BOTH if c.parent_code in continuing else NEW))
        for _, c in sorted(src.new_communes.items())
    ]
    return specs, legacy_era


def _new_unit(spec: _Spec) -> OrgUnit:
    place = spec.place
    short = place_name(place)
    title = place.title
    unit = OrgUnit(
        code=f"gso:{place.code}:{spec.era}",
        gso_code=place.code,
        name=f"Ủy ban nhân dân {title} {short}".replace("  ", " "),
        short_name=f"{title} {short}".strip(),
        aliases=[place.name, f"UBND {title} {short}".strip(), short],
        kind=OrgUnit.Kind.ADMINISTRATIVE,
        level=place.level,
        level_title=title,
        valid_from=REFORM if spec.era == NEW else None,
        valid_to=LAST_OLD if spec.era == OLD else None,
    )
    unit.search_text = unit.build_search_text()
    return unit


class _PathAllocator:
    """Materialised paths for bulk inserts: next free step under each parent (treebeard encoding)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}
        self.added: Counter[str] = Counter()

    def child_path(self, parent: OrgUnit | None) -> tuple[str, int]:
        key = parent.path if parent else ""
        if key not in self._next:
            last = OrgUnit.objects.get_last_root_node() if parent is None else OrgUnit.objects.get_last_child(parent)
            self._next[key] = (OrgUnit._str2int(last.path[-OrgUnit.steplen:]) + 1) if last else 1
        step = self._next[key]
        self._next[key] = step + 1
        self.added[key] += 1
        depth = (parent.depth + 1) if parent else 1
        return OrgUnit._get_path(parent.path if parent else None, depth, step), depth


def _existing() -> dict[tuple[str, str, str], OrgUnit]:
    found: dict[tuple[str, str, str], OrgUnit] = {}
    for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.ADMINISTRATIVE).exclude(gso_code=""):
        found.setdefault((unit.level, unit.gso_code, era_of(unit)), unit)
    return found


def _create_nodes(specs: list[_Spec], nodes: dict[tuple[str, str, str], OrgUnit]) -> Counter[str]:
    allocator = _PathAllocator()
    created: Counter[str] = Counter()
    for level in ("province", "district", "commune"):
        batch = []
        for spec in specs:
            if spec.place.level != level or spec.ident in nodes:
                continue
            unit = _new_unit(spec)
            parent = nodes[spec.parent] if spec.parent else None
            unit.path, unit.depth = allocator.child_path(parent)
            batch.append((spec.ident, unit))
        OrgUnit.objects.bulk_create([u for _, u in batch], batch_size=1000)
        by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=[u.code for _, u in batch])}
        for ident, unit in batch:
            nodes[ident] = by_code[unit.code]
        created[level] += len(batch)
    parents = [p for p in allocator.added if p]
    for parent in OrgUnit.objects.filter(path__in=parents):
        parent.numchild = OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
        parent.save(update_fields=["numchild"])
    return created


def _split_weights(count: int) -> list[Decimal]:
    """Equal shares that add up to exactly 1 (the last takes the rounding)."""
    share = (Decimal(1) / count).quantize(Decimal("0.000001"))
    return [share] * (count - 1) + [Decimal(1) - share * (count - 1)]


@dataclass
class _EventSpec:
    key: str
    kind: str
    legal_basis: str
    verified: bool
    links: Sequence[tuple[OrgUnit | None, OrgUnit | None, Decimal, str]]


def _events(src: Sources, nodes: dict[tuple[str, str, str], OrgUnit], legacy_era: dict[str, str]) -> list[_EventSpec]:
    events: list[_EventSpec] = []
    province_of_new = {c: p.parent_code for c, p in src.new_communes.items()}

    def commune_basis(new_code: str) -> tuple[str, bool]:
        province = province_of_new[new_code]
        if province in COMMUNE_BASIS:
            return COMMUNE_BASIS[province], True
        return COMMUNE_BASIS_UNKNOWN.format(province=src.new_provinces[province].name), False

    for code, olds in sorted(src.province_map.items()):
        if legacy_era.get(code) == BOTH:
            continue
        after = nodes[("province", code, NEW)]
        links = [(nodes[("province", o, OLD)], after, Decimal(1), "whole") for o in olds]
        events.append(_EventSpec(f"2025:merge:p{code}", "merge", PROVINCE_BASIS, True, links))
    divided_into: dict[str, list[str]] = {}
    for old, parts in src.divided.items():
        for part in parts:
            divided_into.setdefault(part, []).append(old)
    for code, olds in sorted(src.whole.items()):
        after = nodes[("commune", code, NEW)]
        basis, verified = commune_basis(code)
        befores = [
            nodes.get(("commune", o, OLD)) or nodes[("district", o, OLD)] for o in olds
        ]
        kind = "merge"
        if len(befores) == 1 and code not in divided_into and befores[0].level == "commune":
            kind = "reparent" if same_spelling(src.legacy_communes[olds[0]].name, src.new_communes[code].name) else "rename"
        links = [(b, after, Decimal(1), "whole") for b in befores]
        events.append(_EventSpec(f"2025:{kind}:{code}", kind, basis, verified, links))
    for old, parts in sorted(src.divided.items()):
        before = nodes[("commune", old, OLD)]
        basis, verified = commune_basis(parts[0])
        weights = _split_weights(len(parts))
        links = [
            (before, nodes[("commune", p, NEW)], w, "equal-estimate") for p, w in zip(parts, weights, strict=True)
        ]
        events.append(_EventSpec(f"2025:split:{old}", "split", basis, verified, links))
    for code in sorted(src.legacy_districts):
        if code in src.island_districts:
            continue
        events.append(_EventSpec(
            f"2025:abolish:d{code}", "abolish", DISTRICT_BASIS, False,
            [(nodes[("district", code, OLD)], None, Decimal(1), "whole")],
        ))
    return events


def _store_events(events: list[_EventSpec], source: str) -> Counter[str]:
    have = set(LineageEvent.objects.filter(key__in=[e.key for e in events]).values_list("key", flat=True))
    todo = [e for e in events if e.key not in have]
    LineageEvent.objects.bulk_create([
        LineageEvent(
            key=e.key, kind=e.kind, effective=REFORM, legal_basis=e.legal_basis,
            basis_verified=e.verified, source=source,
        )
        for e in todo
    ], batch_size=1000)
    ids = dict(LineageEvent.objects.filter(key__in=[e.key for e in todo]).values_list("key", "id"))
    LineageLink.objects.bulk_create([
        LineageLink(
            event_id=ids[e.key], before=before, after=after, weight=weight, weight_basis=basis,
            weight_confirmed=basis == "whole",
        )
        for e in todo
        for before, after, weight, basis in e.links
    ], batch_size=1000)
    return Counter(e.kind for e in todo)


def _validate(src: Sources) -> dict[str, Any]:
    """Every old commune accounted for once, every successor known, split weights summing to 1."""
    whole_of: Counter[str] = Counter(o for olds in src.whole.values() for o in olds)
    accounted = set(whole_of) | set(src.divided)
    olds = set(src.legacy_communes) | set(src.island_districts)
    twice = sorted(c for c in olds if whole_of[c] + (1 if c in src.divided else 0) > 1)
    missing = sorted(olds - accounted)
    no_predecessor = sorted(
        c for c in src.new_communes if c not in src.whole and not any(c in p for p in src.divided.values())
    )
    bad_weights = [c for c, parts in src.divided.items() if sum(_split_weights(len(parts))) != 1]
    return {
        "old_communes": len(src.legacy_communes),
        "old_island_districts": len(src.island_districts),
        "accounted": len(accounted & olds),
        "not_accounted": [f"{c} {_name(src, c)}" for c in missing],
        "accounted_twice": [f"{c} {_name(src, c)}" for c in twice],
        "new_without_predecessor": [f"{c} {src.new_communes[c].name}" for c in no_predecessor],
        "splits": len(src.divided),
        "split_parts": Counter(len(p) for p in src.divided.values()),
        "split_weights_not_one": bad_weights,
    }


def _name(src: Sources, code: str) -> str:
    place = src.legacy_communes.get(code) or src.island_districts.get(code)
    return place.name if place else "?"


def load_national(*, provinces: Iterable[str] | None = None) -> dict[str, Any]:
    """Load both eras (or only the new-era `provinces` given by GSO code); returns the report."""
    started = time.monotonic()
    src = read_sources(provinces=set(provinces) if provinces is not None else None)
    specs, legacy_era = _specs(src)
    with transaction.atomic():
        nodes = _existing()
        created = _create_nodes(specs, nodes)
        events = _events(src, nodes, legacy_era)
        new_events = _store_events(events, SOURCE.format(version=src.versions["vietnamadminunits"]))
    kinds = Counter(e.kind for e in events)
    return {
        "sources": src.versions,
        "legacy": {"provinces": len(src.legacy_provinces), "districts": len(src.legacy_districts),
                   "communes": len(src.legacy_communes)},
        "new": {"provinces": len(src.new_provinces), "communes": len(src.new_communes)},
        "created": dict(created),
        "events": dict(kinds),
        "events_created": dict(new_events),
        "validation": _validate(src),
        "estimated_weights": sum(len(p) for p in src.divided.values()),
        "conflicts": src.conflicts,
        "spelling_variants": src.spelling_variants,
        "unresolved": src.unresolved,
        "seconds": round(time.monotonic() - started, 1),
    }
