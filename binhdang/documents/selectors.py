"""Reads for plan-document import: the issuer of a parsed document, its agencies matched to
the org directory (within the issuer's subtree, valid on the document date), and the
imports a user may see."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from binhdang.accounts.models import User
from binhdang.orgunits.matching import UnitDirectory as BaseUnitDirectory
from binhdang.orgunits.matching import issuer_find, unit_names
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.selectors import group_from_label

from .models import PlanImport
from .parsing import Agency, AgencyMatcher


@dataclass(frozen=True)
class MatchResult:
    """Each agency name of a document: matched to an OrgUnit, a group, or unmatched."""

    matched: dict[str, OrgUnit]
    unmatched: list[str]
    groups: list[str] = field(default_factory=list)
    # Names matched because the officer picked the unit (not by the directory itself).
    picked: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return not self.unmatched


def document_date(data: dict[str, Any]) -> datetime.date | None:
    raw = (data.get("document") or {}).get("date")
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        return None


def document_agency_names(data: dict[str, Any]) -> list[str]:
    """Every agency name the document makes responsible, in order of first mention."""
    names: list[str] = []
    for task in data.get("tasks") or []:
        names.extend(task.get("lead") or [])
        names.extend(task.get("coordinating") or [])
    for deadline in data.get("deadlines") or []:
        names.extend(deadline.get("from") or [])
        if deadline.get("to"):
            names.append(deadline["to"])
    return list(dict.fromkeys(n for n in names if n and n.strip()))


def document_find_issuer(
    *, name: str, on: datetime.date | None, parent_name: str | None = None
) -> OrgUnit | None:
    """The administrative unit called `name` (name, short name or alias, accents ignored)
    that is valid on the document date; the parent issuer named in the header breaks ties."""
    return issuer_find(name or "", on, parent_name=parent_name)


class UnitDirectory(BaseUnitDirectory):
    """The one unit-name matcher (orgunits.matching) over the issuer's subtree valid on the
    document date, with the parser's agency matcher as its last step: it absorbs the
    qualifiers documents add ("Hội LHPN Thị xã", "… trên địa bàn")."""

    def __init__(self, issuer: OrgUnit, on: datetime.date | None):
        super().__init__(issuer, on, last_step=self._by_agency)
        self.issuer = issuer
        self.matcher = AgencyMatcher(
            [Agency(str(u.pk), tuple(unit_names(u))) for u in self.ordered], level=issuer.level
        )

    def _by_agency(self, name: str) -> OrgUnit | None:
        agency = self.matcher.lookup(name)
        return self.units.get(int(agency.name)) if agency else None


def document_match_units(
    parsed_json: dict[str, Any],
    issuer: OrgUnit | None,
    *,
    choices: dict[str, Any] | None = None,
    directory: UnitDirectory | None = None,
) -> MatchResult:
    """Map each agency name of a parsed (or reviewed) Plan JSON to an OrgUnit of the issuer's
    subtree valid on the document date: by the canonical name, then by the spellings the text
    used. Group names ("Ủy ban nhân dân các xã, phường") stay groups; a name nothing fits is
    reported unmatched, never guessed. `choices` ({name: unit pk}) are the officer's picks."""
    names = document_agency_names(parsed_json)
    if issuer is None:
        return MatchResult(matched={}, unmatched=[n for n in names if not group_from_label(n)],
                           groups=[n for n in names if group_from_label(n)])
    directory = directory or UnitDirectory(issuer, document_date(parsed_json))
    written = {u.get("name"): u.get("written") or [] for u in parsed_json.get("units") or [] if u.get("name")}
    matched: dict[str, OrgUnit] = {}
    unmatched: list[str] = []
    groups: list[str] = []
    picked: set[str] = set()
    for name in names:
        choice = (choices or {}).get(name)
        unit = directory.get(choice) if choice is not None else None
        if unit is not None:
            matched[name] = unit
            picked.add(name)
        elif group_from_label(name):
            groups.append(name)
        else:
            unit = directory.find_any([name, *written.get(name, [])])
            if unit is None:
                unmatched.append(name)
            else:
                matched[name] = unit
    return MatchResult(matched=matched, unmatched=unmatched, groups=groups, picked=picked)


def plan_import_list_visible(*, user: User) -> QuerySet[PlanImport]:
    """Imports the user uploaded, and those whose issuer the user coordinates."""
    from .permissions import plan_imports

    return plan_imports.filter(user, "view").select_related("issuer", "plan", "created_by")


def plan_import_get_visible(*, user: User, pk: int) -> PlanImport:
    """Raises PlanImport.DoesNotExist when missing or not visible."""
    return plan_import_list_visible(user=user).get(pk=pk)


@dataclass
class AgencyRow:
    index: int
    name: str
    state: str  # "matched", "picked", "group" or "unmatched"
    unit: OrgUnit | None
    written: list[str]


@dataclass
class ReviewState:
    """What the review screen shows: the draft's Plan JSON with every agency's match."""

    plan_import: PlanImport
    document: dict[str, Any]
    date: datetime.date | None
    agencies: list[AgencyRow]
    tasks: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    match: MatchResult

    @property
    def unmatched(self) -> list[AgencyRow]:
        return [a for a in self.agencies if a.state == "unmatched"]


def plan_import_review(*, plan_import: PlanImport) -> ReviewState:
    data = plan_import.data
    match = document_match_units(data, plan_import.issuer, choices=plan_import.choices)
    written = {u.get("name"): u.get("written") or [] for u in data.get("units") or [] if u.get("name")}
    rows: dict[str, AgencyRow] = {}
    for index, name in enumerate(document_agency_names(data)):
        if name in match.matched:
            state = "picked" if name in match.picked else "matched"
        else:
            state = "group" if name in match.groups else "unmatched"
        rows[name] = AgencyRow(index, name, state, match.matched.get(name),
                               [w for w in written.get(name, []) if w != name])

    def mentions(names: list[str]) -> list[AgencyRow]:
        return [rows[n] for n in names if n in rows]

    tasks = []
    for index, task in enumerate(data.get("tasks") or []):
        tasks.append({
            **task, "index": index,
            "lead_rows": mentions(task.get("lead") or []),
            "coordinating_rows": mentions(task.get("coordinating") or []),
            "due_dates": [document_date({"document": {"date": d.get("date")}}) for d in task.get("due") or []],
        })
    deadlines = []
    for deadline in data.get("deadlines") or []:
        deadlines.append({
            **deadline, "day": document_date({"document": {"date": deadline.get("date")}}),
            "from_rows": mentions(deadline.get("from") or []),
            "to_row": rows.get(deadline.get("to") or ""),
        })
    return ReviewState(
        plan_import=plan_import, document=data.get("document") or {}, date=document_date(data),
        agencies=list(rows.values()), tasks=tasks, deadlines=deadlines, match=match,
    )
