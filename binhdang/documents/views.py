"""Pages for importing a plan document: upload, review beside the source text, save."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from binhdang.core.errors import AccessDenied, ConflictError, DomainError
from binhdang.core.locking import require_version
from binhdang.orgunits.selectors import orgunit_search

from . import selectors, services
from .forms import ReviewForm, UploadForm
from .models import PlanImport


def _import_or_404(request, pk: int) -> PlanImport:
    try:
        return selectors.plan_import_get_visible(user=request.user, pk=pk)
    except PlanImport.DoesNotExist:
        raise Http404 from None


@login_required
def import_upload(request):
    if not services.plan_import_can_upload(request.user):
        raise AccessDenied(_("Tài khoản chỉ xem không được nhập văn bản kế hoạch."))
    form = UploadForm(request.POST or None, request.FILES or None)
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            plan_import = services.plan_import_upload(actor=request.user, uploaded=form.cleaned_data["file"])
        except AccessDenied as error:
            form.add_error("file", str(error))
            refused = True
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect(plan_import)
    drafts = selectors.plan_import_list_visible(user=request.user).filter(status=PlanImport.Status.DRAFT)[:20]
    return render(request, "documents/upload.html", {"form": form, "drafts": drafts},
                  status=403 if refused else 400 if form.errors else 200)


def _suggestions(plan_import: PlanImport, query: str) -> list:
    if not query or plan_import.issuer is None:
        return []
    on = selectors.document_date(plan_import.data)
    return orgunit_search(query=query, within=plan_import.issuer, on=on, limit=10)


_CONF_LABELS = {
    "number": _lazy("Số, ký hiệu"), "type": _lazy("Loại văn bản"), "date": _lazy("Ngày ban hành"),
    "issuer": _lazy("Cơ quan ban hành"), "title": _lazy("Trích yếu"), "legal_basis": _lazy("Căn cứ"),
    "tasks": _lazy("Nhiệm vụ"), "deadlines": _lazy("Thời hạn"), "recipients": _lazy("Nơi nhận"),
    "signer": _lazy("Người ký"),
}


def _confidence(raw: dict) -> dict:
    """Field -> {pct, level, label}: how sure the parser is, for the badges of the review page."""
    out = {}
    for key, label in _CONF_LABELS.items():
        if key not in raw:
            continue
        pct = round(100 * float(raw[key]))
        out[key] = {"pct": pct, "level": "high" if pct >= 85 else "medium" if pct >= 60 else "low", "label": label}
    return out


def _ocr_context(plan_import: PlanImport) -> dict:
    total = plan_import.ocr_pages
    return {"plan_import": plan_import, "total": total, "done": plan_import.ocr_done,
            "percent": round(100 * plan_import.ocr_done / total) if total else 0}


@login_required
def import_ocr_progress(request, pk: int):
    """HTMX: the OCR progress of a scan; once it is read, the page reloads into the review."""
    plan_import = _import_or_404(request, pk)
    response = render(request, "documents/_ocr_progress.html", _ocr_context(plan_import))
    if not plan_import.ocr_pending:
        response["HX-Refresh"] = "true"
    return response


@login_required
def import_review(request, pk: int):
    plan_import = _import_or_404(request, pk)
    if plan_import.ocr_pending:
        return render(request, "documents/ocr_pending.html", _ocr_context(plan_import))
    if plan_import.status == PlanImport.Status.SAVED and request.method == "POST":
        return redirect(plan_import)
    error = ""
    field_errors: dict[str, str] = {}
    search = None
    if request.method == "POST":
        form = ReviewForm(request.POST, task_count=len(plan_import.data.get("tasks") or []))
        edits, op = form.edits()
        field_errors = form.errors
        try:
            services.plan_import_update(actor=request.user, plan_import=plan_import,
                                        version=require_version(form.version), edits=edits)
            if op.kind == "save" and not field_errors:
                plan, warnings = services.plan_import_save(actor=request.user, plan_import=plan_import,
                                                           version=plan_import.version)
                messages.success(request, _("Đã lưu kế hoạch %(number)s từ văn bản.")
                                 % {"number": plan.number or plan.title[:60]})
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect(plan)
        except ConflictError as conflict:
            messages.error(request, conflict.message)
            return redirect(plan_import)
        except (DomainError, AccessDenied) as refused:
            error = refused.message if isinstance(refused, DomainError) else str(refused)
            plan_import.refresh_from_db()
        else:
            if op.kind == "search":
                search = {"index": op.index, "query": op.query,
                          "results": _suggestions(plan_import, op.query)}
            elif not field_errors:
                messages.success(request, _("Đã lưu bản rà soát."))
                return redirect(plan_import)
    state = selectors.plan_import_review(plan_import=plan_import)
    context = {
        "state": state,
        "plan_import": plan_import,
        "error": error,
        "field_errors": field_errors,
        "search": search,
        "can_save": services.plan_import_can_save(request.user, plan_import),
        "warnings": plan_import.parsed.get("warnings") or [],
        "conf": _confidence(plan_import.parsed.get("confidence") or {}),
        "text_source": plan_import.parsed.get("text_source") or "text",
    }
    return render(request, "documents/review.html", context, status=400 if error or field_errors else 200)


@login_required
def import_unit_search(request, pk: int):
    """HTMX: units of the issuer's subtree matching `q_<i>`, as buttons that pick one."""
    plan_import = _import_or_404(request, pk)
    index = request.GET.get("i", "")
    query = request.GET.get(f"q_{index}", request.GET.get("q", "")).strip()
    return render(request, "documents/_suggestions.html",
                  {"index": index, "query": query, "results": _suggestions(plan_import, query),
                   "plan_import": plan_import})
