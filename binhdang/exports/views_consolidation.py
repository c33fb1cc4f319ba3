"""The consolidation page: the draft synthesis of a period's reports, each part linked to
the submissions it came from; the coordinator edits it, sees which figures changed since
the last draft, downloads it (DOCX/PDF) and issues it upward. Thin: reads through the
synthesis, writes through `issuing`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.core.errors import ConflictError, DomainError
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting import issuing, selectors
from binhdang.reporting.synthesis import synthesis_build
from binhdang.reporting.views import _coordinated_receivers, _period_key, _status_labels

from .as_is import as_is_page, view_parse
from .report_document import part_texts, report_document_build
from .selectors import render as render_document
from .selectors import report_filename


def _receiver(request: HttpRequest, data: dict) -> tuple[OrgUnit, list[OrgUnit]]:
    receivers = _coordinated_receivers(request.user)
    if not receivers:
        raise PermissionDenied(_("Chỉ cơ quan điều phối mới xem được báo cáo tổng hợp."))
    wanted = str(data.get("receiver") or "")
    return next((r for r in receivers if str(r.pk) == wanted), receivers[0]), receivers


def _back(receiver: OrgUnit, key: str, pending: bool) -> str:
    url = f"{reverse('reporting:consolidation')}?period={key}&receiver={receiver.pk}"
    return url + ("&include_submitted=1" if pending else "")


@login_required
def consolidation_page(request: HttpRequest) -> HttpResponse:
    key = _period_key(request)
    receiver, receivers = _receiver(request, request.GET)
    include_pending = request.GET.get("include_submitted") == "1"
    view = view_parse(request.GET.get("view"))
    scope = issuing.scope_unit_of(receiver)
    as_is = None
    try:
        consolidation = selectors.consolidation_build(receiver, key, include_submitted=include_pending)
        synthesis = synthesis_build(scope, key, include_pending=include_pending)
        draft = issuing.draft_get(unit=scope, period_key=key)
        document = report_document_build(scope, key, include_pending=include_pending)
        if view == "as_is":
            as_is = as_is_page(scope, consolidation.period.key)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reporting:consolidation")
    parts = part_texts(document)
    sources = [
        ("I", _("Kết quả thực hiện"), synthesis.results, synthesis.notes),
        ("II", _("Hạn chế, tồn tại và nguyên nhân"), [*synthesis.limitations, *synthesis.causes], []),
        ("III", _("Phương hướng, nhiệm vụ"), synthesis.directions, []),
        ("IV", _("Kiến nghị, đề xuất"), synthesis.proposals, []),
    ]
    return render(request, "reporting/consolidation.html", {
        "c": consolidation, "s": synthesis, "scope": scope, "receivers": receivers, "period_key": consolidation.period.key,
        "periods": selectors.period_keys_available(), "labels": _status_labels(), "parts": parts,
        "sources": [(p, title, parts.get(p, ""), points, notes, bool(draft and draft.edits.get(p)))
                    for p, title, points, notes in sources],
        "draft": draft, "changed": issuing.figures_changed(draft, synthesis.figures),
        "training": synthesis.figure("DP-TH-NGUOI"), "include_pending": include_pending,
        "upward": issuing.upward_receiver(scope),
        "view": view, "view_query": "&view=as_is" if view == "as_is" else "", "as_is": as_is,
    })


@login_required
@require_POST
def consolidation_save(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("period") or "2017-H1"
    receiver, _receivers = _receiver(request, request.POST)
    scope = issuing.scope_unit_of(receiver)
    pending = request.POST.get("include_submitted") == "1"
    try:
        generated = part_texts(report_document_build(scope, key, edits={}))
        # A part left as generated is not an edit: it keeps following the reports.
        edits = {p: request.POST.get(f"part_{p}", "") for p in issuing.PARTS}
        edits = {p: t for p, t in edits.items() if " ".join(t.split()) != " ".join(generated.get(p, "").split())}
        version = request.POST.get("version")
        issuing.draft_save(actor=request.user, unit=scope, period_key=key, edits=edits,
                           version=int(version) if version and version.isdigit() else None)
        if request.POST.get("action") == "issue":
            parts = part_texts(report_document_build(scope, key))
            submission = issuing.consolidated_issue(actor=request.user, unit=scope, period_key=key, parts=parts)
            messages.success(request, _("Đã ban hành và gửi %(to)s.") % {"to": submission.obligation.receiver.name})
        else:
            messages.success(request, _("Đã lưu bản tổng hợp."))
    except (DomainError, ConflictError) as error:
        messages.error(request, error.message)
    return redirect(_back(receiver, key, pending))


@login_required
def consolidation_download(request: HttpRequest) -> HttpResponse:
    key = _period_key(request)
    receiver, _receivers = _receiver(request, request.GET)
    scope = issuing.scope_unit_of(receiver)
    fmt = request.GET.get("format", "docx")
    try:
        document = report_document_build(scope, key, include_pending=request.GET.get("include_submitted") == "1",
                                         view=view_parse(request.GET.get("view")))
        data = render_document(document, fmt)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_back(receiver, key, False))
    types = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}
    response = HttpResponse(data, content_type=types.get(fmt, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{report_filename(scope, key, fmt)}"'
    return response
