"""Score a Plan JSON against the facts a reader takes from the document (corpus/facts.json).

Each fact is one point: number, type, date, issuer, signer; each legal basis; each responsible
unit; the lead and each coordinating unit of each assignment; each deadline; each recipient.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

FIELDS = ("number", "type", "date", "issuer", "legal_basis", "units", "unit_level", "lead", "coordinating",
          "deadlines", "recipients", "signer", "signer_title")


def fold(s: object) -> str:
    s = unicodedata.normalize("NFD", str(s or "")).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return " ".join(s.replace("&", " va ").replace("-", " ").replace(",", " ").replace(".", " ").split())


def _compact(s: object) -> str:
    return unicodedata.normalize("NFC", str(s or "")).replace(" ", "")


def same_unit(expected: str, got: str) -> bool:
    a, b = fold(expected), fold(got)
    return bool(a) and bool(b) and (a == b or b.startswith(a + " ") or a.startswith(b + " "))


def _any_unit(expected: str, names: Iterable[str]) -> bool:
    return any(same_unit(expected, n) for n in names)


def _unit_levels(plan: dict[str, Any]) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for u in plan.get("units") or []:
        if isinstance(u, dict) and u.get("name"):
            out.append((u["name"], u.get("level")))
    return out


def _units(plan: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for t in plan.get("tasks") or []:
        names.update(t.get("lead") or [])
        names.update(t.get("coordinating") or [])
    for u in plan.get("units") or []:
        names.add(u.get("name") if isinstance(u, dict) else u)
    return {n for n in names if n}


def _dates(plan: dict[str, Any]) -> set[str]:
    out = {d.get("date") for d in plan.get("deadlines") or []}
    for t in plan.get("tasks") or []:
        out.update(d.get("date") for d in t.get("due") or [])
    return {d for d in out if d}


def score(plan: dict[str, Any] | None, facts: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(field, fact, held) for every fact of the document; a refused document (None) holds none.
    A fact the annotator left null (not in the text) is not scored."""
    plan = plan or {}
    doc = plan.get("document") or {}
    out: list[tuple[str, str, bool]] = []
    if facts.get("number"):
        out.append(("number", facts["number"], _compact(doc.get("number")) == _compact(facts["number"])))
    if facts.get("type"):
        out.append(("type", facts["type"], doc.get("type") == facts["type"]))
    if facts.get("date"):
        out.append(("date", facts["date"], doc.get("date") == facts["date"]))
    if facts.get("issuer"):
        out.append(("issuer", facts["issuer"], fold(doc.get("issuer")) == fold(facts["issuer"])))
    signer = plan.get("signer") or {}
    if facts.get("signer"):
        out.append(("signer", facts["signer"], fold(signer.get("name")) == fold(facts["signer"])))
    if facts.get("signer_title"):
        out.append(("signer_title", facts["signer_title"], fold(signer.get("title")) == fold(facts["signer_title"])))
    basis = plan.get("legal_basis") or []
    dates = facts.get("legal_basis_dates") or {}
    for ref in facts.get("legal_basis") or []:
        hit = next((c for c in basis if _compact(c.get("number")) == _compact(ref)
                    or fold(c.get("text")).startswith(fold(ref))), None)
        ok = hit is not None and (ref not in dates or hit.get("date") == dates[ref])
        out.append(("legal_basis", ref, ok))
    units = _units(plan)
    levels = _unit_levels(plan)
    expected_units: list[str] = []
    for a in facts.get("assignments") or []:
        for name in [*a["lead"], *a["coordinating"]]:
            if name not in expected_units:
                expected_units.append(name)
    for u in facts.get("units") or []:
        if u["name"] not in expected_units:
            expected_units.append(u["name"])
    for name in expected_units:
        out.append(("units", name, _any_unit(name, units)))
    for u in facts.get("units") or []:
        if u.get("level"):
            got = next((lv for n, lv in levels if same_unit(u["name"], n)), None)
            out.append(("unit_level", f"{u['name']} ({u['level']})", got == u["level"]))
    tasks = plan.get("tasks") or []
    for a in facts.get("assignments") or []:
        key = fold(a["task"])
        task = next((t for t in tasks if key in fold(t.get("text"))), None)
        for name in a["lead"]:
            out.append(("lead", f"{a['task']} ← {name}", task is not None and _any_unit(name, task.get("lead") or [])))
        for name in a["coordinating"]:
            out.append(("coordinating", f"{a['task']} ← {name}",
                        task is not None and _any_unit(name, task.get("coordinating") or [])))
    found = _dates(plan)
    for d in facts.get("deadlines") or []:
        out.append(("deadlines", d, d in found))
    recipients = [fold(r.get("text")) for r in plan.get("recipients") or []]
    for r in facts.get("recipients") or []:
        out.append(("recipients", r, any(fold(r) in x for x in recipients)))
    return out


def false_deadlines(plan: dict[str, Any] | None, facts: dict[str, Any]) -> list[str]:
    """Deadline dates the parser gave that are not due dates of the document: dates the
    annotator marked as not deadlines (an observance, a cited document's date), or, when the
    document's deadlines are annotated, any date outside them."""
    found = _dates(plan or {})
    expected = set(facts.get("deadlines") or [])
    wrong = set(facts.get("not_deadlines") or [])
    return sorted(d for d in found if d in wrong or ("deadlines" in facts and d not in expected))
