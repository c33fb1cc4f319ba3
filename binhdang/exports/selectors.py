"""Reads for the export pages, API and commands: finding a unit by name, what a user may
export, and the file builders that turn a request into bytes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit

from .documents import SignerOptions, plan_document_build, report_document_build
from .official.docx import render_docx
from .official.model import OfficialDocument
from .official.pdf import render_pdf
from .report_document import report_source_require

DOC_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class UnitLookupError(DomainError):
    pass


def unit_by_name(name: str) -> OrgUnit:
    """The unit with exactly this code, else the one with exactly this full name, else the
    only one whose name, short name or an alias matches ignoring accents and case. Real names
    repeat (the two eras of the national tree, and the demo's own town beside it), so the
    ambiguity message names each candidate's code, which is always unique.

    Raises UnitLookupError (code "unknown_unit" or "ambiguous_unit").
    """
    name = (name or "").strip()
    by_code = OrgUnit.objects.filter(code=name).first() if name else None
    if by_code is not None:
        return by_code
    exact = list(OrgUnit.objects.filter(name=name))
    if len(exact) == 1:
        return exact[0]
    key = search_key(name)
    if not key:
        raise UnitLookupError(_("Chưa nhập tên đơn vị."), code="unknown_unit")
    candidates = exact or [
        unit for unit in OrgUnit.objects.filter(search_text__contains=key)
        if key in {search_key(n) for n in (unit.name, unit.short_name, *unit.aliases) if n}
    ]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        from binhdang.orgunits.selectors import orgunit_search

        found = orgunit_search(query=name, limit=6)
        if len(found) == 1:
            return found[0]
        if not found:
            raise UnitLookupError(_("Không tìm thấy đơn vị “%(name)s”.") % {"name": name}, code="unknown_unit")
        candidates = found
    listed = "; ".join(_("%(name)s (mã %(code)s)") % {"name": u.name, "code": u.code} for u in candidates[:5])
    raise UnitLookupError(
        _("Tên “%(name)s” khớp với nhiều đơn vị: %(listed)s. Hãy ghi tên đầy đủ hoặc mã đơn vị.")
        % {"name": name, "listed": listed},
        code="ambiguous_unit",
    )


def can_export_report(user: Any, unit: OrgUnit) -> bool:
    """The consolidated report is the coordinators' product: COORDINATE on the unit."""
    return policy.has(user, Action.COORDINATE, unit)


def require_export_report(user: Any, unit: OrgUnit) -> None:
    policy.require(user, Action.COORDINATE, unit)


def report_units_for(user: Any) -> list[OrgUnit]:
    """Administrative units the user coordinates (where a consolidated report makes sense)."""
    queryset = OrgUnit.objects.filter(policy.units_q(user, Action.COORDINATE),
                                      kind=OrgUnit.Kind.ADMINISTRATIVE)
    return list(queryset.order_by("path")[:200])


def value_units_for(user: Any) -> list[OrgUnit]:
    """Administrative units whose values the user may read (the values page's picker)."""
    queryset = OrgUnit.objects.filter(policy.units_q(user, Action.VIEW),
                                      kind=OrgUnit.Kind.ADMINISTRATIVE)
    return list(queryset.order_by("path")[:200])


@dataclass
class ReportOptions:
    number: str = ""
    date: datetime.date | None = None
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_name: str = ""
    view: str = "as_was"  # or "as_is": the period's figures on today's units (exports.as_is)
    as_is_hint: str = ""  # how the reader asks for "as_is" ("dùng --view as-is"); default: the page's

    def signer(self) -> SignerOptions | None:
        if self.signer_authority is None and self.signer_title is None and not self.signer_name:
            return None
        default = SignerOptions()
        return SignerOptions(
            authority=default.authority if self.signer_authority is None else self.signer_authority,
            title=default.title if self.signer_title is None else self.signer_title,
            name=self.signer_name,
        )


def render(document: OfficialDocument | None, fmt: str) -> bytes:
    """The document in `fmt`; DomainError for another format (with None: only that check)."""
    if fmt == "docx" and document is not None:
        return render_docx(document)
    if fmt == "pdf" and document is not None:
        return render_pdf(document)
    if fmt in DOC_TYPES:
        raise TypeError("render() needs a document")
    raise DomainError(_("Định dạng “%(fmt)s” không hỗ trợ; dùng docx hoặc pdf.") % {"fmt": fmt}, code="bad_format")


def report_file(unit: OrgUnit, period_key: str, fmt: str, options: ReportOptions | None = None) -> bytes:
    """The consolidated report as bytes. Raises DomainError for a bad period or format."""
    if fmt not in DOC_TYPES:
        render(None, fmt)
    options = options or ReportOptions()
    if not (options.view == "as_is" and unit.valid_to is None):
        report_source_require(unit, period_key, as_is_hint=options.as_is_hint)
    document = report_document_build(unit, period_key, number=options.number, date=options.date,
                                     signer=options.signer(), view=options.view)
    return render(document, fmt)


def report_filename(unit: OrgUnit, period_key: str, fmt: str) -> str:
    return f"bao-cao-{unit.code.lower()}-{period_key.lower()}.{fmt}"


def plan_file(plan: Any, fmt: str) -> bytes:
    if fmt not in DOC_TYPES:
        render(None, fmt)
    return render(plan_document_build(plan), fmt)


def plan_filename(plan: Any, fmt: str) -> str:
    number = (plan.number or f"du-thao-{plan.pk}").replace("/", "-").lower()
    return f"ke-hoach-{number}-{plan.year}.{fmt}"
