"""How sure the parser is of each field (0–1), for the review screen: a rank by how the field
was found (a type line beats a type inferred from a Số line), lowered for OCR text by the
recogniser's own confidence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .parser import ParsedPlan

_NUMBERED = re.compile(r"^\d+[A-Za-z]?(?:[/-][0-9A-Za-zÀ-ỹĐđ&.\-]+)+$")
FIELDS = ("number", "type", "date", "issuer", "title", "legal_basis", "tasks", "deadlines",
          "recipients", "signer")


def field_confidence(plan: ParsedPlan, quality: float = 1.0) -> dict[str, float]:
    """Confidence per field; `quality` (0–1) is the reader's confidence in the text itself."""
    doc = plan.document
    out: dict[str, float] = {}
    if doc.number:
        out["number"] = 0.95 if _NUMBERED.match(doc.number) else 0.6
    else:
        out["number"] = 0.0
    out["type"] = {"line": 0.95, "number": 0.85, "inferred": 0.75 if doc.has_subject else 0.5}.get(
        doc.type_source or "", 0.0)
    invalid_date = any(w.startswith("Ngày ban hành không hợp lệ") for w in plan.warnings)
    out["date"] = 0.95 if doc.date else (0.2 if invalid_date else 0.0)
    if doc.issuer:
        known = doc.issuer.startswith(("Ủy ban nhân dân", "Hội đồng nhân dân", "Sở ", "Phòng ", "Bộ "))
        out["issuer"] = 0.9 if known else 0.7
    else:
        out["issuer"] = 0.0
    out["title"] = 0.9 if doc.title else 0.0
    if plan.legal_basis:
        complete = sum(1 for c in plan.legal_basis if c.number or c.date) / len(plan.legal_basis)
        out["legal_basis"] = round(0.6 + 0.3 * complete, 2)
    else:
        out["legal_basis"] = 0.5
    if plan.tasks:
        led = sum(1 for t in plan.tasks if t.lead) / len(plan.tasks)
        out["tasks"] = round(0.4 + 0.55 * led, 2)
    else:
        out["tasks"] = 0.3
    out["deadlines"] = 0.85 if plan.deadlines else 0.5
    out["recipients"] = 0.9 if plan.recipients else 0.3
    signer = plan.signer
    if signer is None:
        out["signer"] = 0.0
    elif signer.name and (signer.title or signer.authority):
        out["signer"] = 0.95
    elif signer.name:
        out["signer"] = 0.7
    else:
        out["signer"] = 0.4
    factor = 0.4 + 0.6 * max(0.0, min(1.0, quality))
    return {k: round(v * factor, 2) for k, v in out.items()}
