"""Reads of the administrative map over time: counts on a day, lineage, validity rules."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError

from .models import LineageEvent, LineageLink, OrgUnit

DISTRICT_TITLES = ("huyện", "quận", "thị xã", "thành phố")


def administrative_on(on: datetime.date) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        kind=OrgUnit.Kind.ADMINISTRATIVE,
    )


def units_count(*, on: datetime.date) -> dict[str, Any]:
    """Units JSON (CONTRACTS §6): the administrative units valid on `on`, by level.

    Only units with a GSO code count: the national tree, not synthetic or bench units.
    """
    valid = administrative_on(on).exclude(gso_code="")
    return {
        "on": on.isoformat(),
        "provinces": valid.filter(level=OrgUnit.Level.PROVINCE).count(),
        "districts": valid.filter(level=OrgUnit.Level.DISTRICT).count(),
        "communes": valid.filter(level=OrgUnit.Level.COMMUNE).count(),
    }


def official_name(unit: OrgUnit) -> str:
    """"Phường Bỉm Sơn", "Thị xã Bỉm Sơn": the place's name as the GSO list writes it."""
    text = unit.short_name or unit.name
    return text[:1].upper() + text[1:]


def parent_on(unit: OrgUnit) -> OrgUnit | None:
    """The administrative parent of this node (a node never moves: its parent is fixed)."""
    parent = OrgUnit.objects.get_parent(unit)
    while parent is not None and not parent.is_administrative:
        parent = OrgUnit.objects.get_parent(parent)
    return parent


def unit_on(*, gso_code: str, on: datetime.date) -> OrgUnit | None:
    """The administrative unit that had this GSO code on that day (codes are reused across eras)."""
    return administrative_on(on).filter(gso_code=gso_code).order_by("depth").first()


@dataclass(frozen=True)
class Share:
    """One predecessor's (or successor's) share in a lineage event."""

    unit: OrgUnit
    kind: str
    weight: Decimal
    estimate: bool
    effective: datetime.date
    legal_basis: str

    @property
    def kind_label(self) -> str:
        return str(LineageEvent.Kind(self.kind).label)


def predecessors(unit: OrgUnit) -> list[Share]:
    links = (
        LineageLink.objects.filter(after=unit, before__isnull=False)
        .select_related("event", "before")
        .order_by("event__effective", "before__gso_code", "before__code")
    )
    return [
        Share(link.before, link.event.kind, link.weight, not link.weight_confirmed,
              link.event.effective, link.event.legal_basis)
        for link in links if link.before is not None
    ]


def predecessor_graph(units: list[OrgUnit], *, max_depth: int = 8) -> dict[int, list[Share]]:
    """{unit id: its predecessors' shares} for the units and, recursively, their predecessors:
    one query per generation, however many units (for reads of many units at once)."""
    graph: dict[int, list[Share]] = {}
    frontier = {u.pk for u in units}
    for _generation in range(max_depth + 1):
        frontier -= set(graph)
        if not frontier:
            break
        for pk in frontier:
            graph[pk] = []
        links = (
            LineageLink.objects.filter(after_id__in=frontier, before__isnull=False)
            .select_related("event", "before")
            .order_by("event__effective", "before__gso_code", "before__code")
        )
        following: set[int] = set()
        for link in links:
            if link.before is None or link.after_id is None:  # excluded by the filter
                continue
            graph[link.after_id].append(Share(link.before, link.event.kind, link.weight, not link.weight_confirmed,
                                              link.event.effective, link.event.legal_basis))
            following.add(link.before.pk)
        frontier = following
    return graph


def predecessors_on(unit: OrgUnit, on: datetime.date) -> list[OrgUnit]:
    """The units in force on `on` whose area (or part of it) went into `unit` later, walking
    back through the lineage (phường Bỉm Sơn on 01/01/2017: phường Ba Đình, Lam Sơn, Đông
    Sơn, xã Hà Lan, Hà Vinh…), in the lineage's order, each once."""
    graph = predecessor_graph([unit])
    found: list[OrgUnit] = []
    seen: set[int] = set()
    stack = [unit]
    while stack:
        current = stack.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.pk != unit.pk and current.is_valid_on(on):
            found.append(current)
        # only what joined it after that day (a ward of 2017 that took in a commune in 2020)
        stack.extend(share.unit for share in reversed(graph.get(current.pk, []))
                     if share.effective > on)
    return found


def successors(unit: OrgUnit) -> list[Share]:
    links = (
        LineageLink.objects.filter(before=unit)
        .select_related("event", "after")
        .order_by("event__effective", "after__gso_code", "after__code")
    )
    return [
        Share(link.after, link.event.kind, link.weight, not link.weight_confirmed,
              link.event.effective, link.event.legal_basis)
        for link in links if link.after is not None
    ]


def _unit_json(unit: OrgUnit) -> dict[str, Any]:
    parent = parent_on(unit)
    return {
        "code": unit.gso_code or unit.code,
        "name": official_name(unit),
        "parent": official_name(parent) if parent else None,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def lineage_json(*, gso_code: str, on: datetime.date) -> dict[str, Any]:
    """Lineage JSON (CONTRACTS §6). Raises DomainError when no unit had the code that day."""
    unit = unit_on(gso_code=gso_code, on=on)
    if unit is None:
        raise DomainError(
            _("Không có đơn vị hành chính mang mã %(code)s vào ngày %(day)s.")
            % {"code": gso_code, "day": on.strftime("%d/%m/%Y")}
        )

    def share_json(share: Share, with_from: bool) -> dict[str, Any]:
        row = _unit_json(share.unit)
        row.pop("valid_from" if not with_from else "valid_to")
        row.update(event=share.kind, weight=float(share.weight))
        if share.estimate:
            row["estimate"] = True
        return row

    return {
        "on": on.isoformat(),
        "unit": _unit_json(unit),
        "predecessors": [share_json(s, False) for s in predecessors(unit)],
        "successors": [share_json(s, True) for s in successors(unit)],
    }


def successor_names(unit: OrgUnit) -> str:
    """Its successors; for an abolished district, those of its communes (e.g. thị xã Bỉm Sơn)."""
    shares = successors(unit)
    if not shares and unit.level == OrgUnit.Level.DISTRICT:
        seen: set[int] = set()
        for child in OrgUnit.objects.get_children(unit).filter(kind=OrgUnit.Kind.ADMINISTRATIVE, valid_to=unit.valid_to):
            for share in successors(child):
                later = share.unit.valid_to is None or (unit.valid_to and share.unit.valid_to > unit.valid_to)
                if later and share.unit.pk not in seen:
                    seen.add(share.unit.pk)
                    shares.append(share)
    names = []
    for share in shares:
        text = official_name(share.unit)
        if share.weight < 1:
            text += _(" (một phần)")
        names.append(text)
    return ", ".join(names)


def unit_require_valid(unit: OrgUnit, *, on: datetime.date | None, what: str = "") -> None:
    """Refuse new data for a unit on a day (a period's first day) after the unit ended.

    The Vietnamese message names the unit, the day it ended and its successors.
    """
    if on is None or unit.valid_to is None or on <= unit.valid_to:
        return
    names = successor_names(unit)
    params = {"unit": official_name(unit), "end": unit.valid_to.strftime("%d/%m/%Y"),
              "successors": names, "what": what or _("dữ liệu mới")}
    if names:
        message = _("%(unit)s đã thôi tồn tại từ sau ngày %(end)s, không nhận %(what)s cho kỳ sau ngày đó. "
                    "Đơn vị kế thừa: %(successors)s.") % params
    else:
        message = _("%(unit)s đã thôi tồn tại từ sau ngày %(end)s, không nhận %(what)s cho kỳ sau ngày đó.") % params
    raise DomainError(message, code="unit_not_valid")


@dataclass(frozen=True)
class Successor:
    """A unit in force today that (part of) an older unit went into, with the share."""

    unit: OrgUnit
    weight: Decimal
    estimate: bool


def current_successors(units: list[OrgUnit], *, max_depth: int = 8) -> dict[int, list[Successor]]:
    """{unit id: the units in force today (no end date) it went into, with shares}, walking
    lineage forward one generation per query (xã Hà Lan → phường Đông Sơn → phường Bỉm Sơn).

    A unit still in force is its own successor (share 1); a unit that ended without a
    successor (an abolished district) maps to nothing.
    """
    out: dict[int, list[Successor]] = {}
    # (origin id, node, share, estimate) still to follow
    frontier: list[tuple[int, OrgUnit, Decimal, bool]] = [(u.pk, u, Decimal(1), False) for u in units]
    for _generation in range(max_depth + 1):
        following: list[tuple[int, OrgUnit, Decimal, bool]] = []
        ended = {node.pk for _o, node, _w, _e in frontier if node.valid_to is not None}
        links: dict[int, list[LineageLink]] = {}
        if ended:
            for link in LineageLink.objects.filter(before_id__in=ended, after__isnull=False).select_related("after"):
                links.setdefault(link.before_id or 0, []).append(link)
        for origin, node, weight, estimate in frontier:
            if node.valid_to is None:
                found = out.setdefault(origin, [])
                prior = next((s for s in found if s.unit.pk == node.pk), None)
                if prior is None:
                    found.append(Successor(node, weight, estimate))
                else:
                    found[found.index(prior)] = Successor(node, prior.weight + weight, prior.estimate or estimate)
                continue
            out.setdefault(origin, [])
            for link in links.get(node.pk, []):
                if link.after is not None:
                    following.append((origin, link.after, weight * link.weight,
                                      estimate or not link.weight_confirmed or link.weight < 1))
        if not following:
            break
        frontier = following
    for found in out.values():
        found.sort(key=lambda s: (-s.weight, s.unit.path))
    return out
