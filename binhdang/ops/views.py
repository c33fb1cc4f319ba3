"""The coordinator's audit page: read-only, the events of their own scope."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .audit_labels import action_label
from .forms import AuditFilterForm
from .permissions import audit_events

PAGE_SIZE = 50


@login_required
@require_GET
def audit_page(request):
    if not audit_events.may_open_page(request.user):
        raise PermissionDenied(_("Chỉ cơ quan điều phối mới xem được nhật ký thay đổi."))
    form = AuditFilterForm(request.GET or None, actions=selectors.audit_action_choices(user=request.user),
                           units=selectors.audit_unit_choices(user=request.user))
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # an invalid field is left out; the form says why beside it
        data = form.cleaned_data
        filters = {"actor": (data.get("actor") or "").strip(), "action": data.get("action") or "",
                   "unit": form.units.get(data.get("unit")), "date_from": data.get("date_from"),
                   "date_to": data.get("date_to") if "date_to" not in form.errors else None}
    paginator = Paginator(selectors.audit_event_list(user=request.user, **filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(event, action_label(event.action)) for event in page.object_list]
    return render(request, "ops/audit.html", {"form": form, "page": page, "rows": rows,
                                              "page_query": query.urlencode()})
