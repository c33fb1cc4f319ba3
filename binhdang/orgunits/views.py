import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from binhdang.accounts.selectors import membership_list_for_unit
from binhdang.core import clock
from binhdang.core.permissions import Action, policy

from . import selectors
from .models import OrgUnit


def _on_date(request) -> tuple[datetime.date | None, str]:
    """The `on` query parameter (dd/mm/yyyy or ISO) and an error message when it is invalid."""
    raw = request.GET.get("on", "").strip()
    if not raw:
        return None, ""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date(), ""  # noqa: DTZ007
        except ValueError:
            continue
    return None, _("Ngày “%(raw)s” không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 20/02/2017.") % {
        "raw": raw
    }


def _visible_or_404(request, pk: int) -> OrgUnit:
    """The unit when it is in the user's directory; 404 otherwise (as if it did not exist)."""
    try:
        return selectors.orgunit_get_visible(user=request.user, pk=pk)
    except OrgUnit.DoesNotExist:
        raise Http404(_("Không tìm thấy đơn vị.")) from None


@login_required
def tree(request):
    on, error = _on_date(request)
    roots = selectors.orgunit_roots(on=on, user=request.user)
    context = {
        "roots": roots,
        "on_text": on.strftime("%d/%m/%Y") if on else "",
        "on_query": f"?on={on.isoformat()}" if on else "",
        "on_error": error,
    }
    return render(request, "orgunits/tree.html", context)


@login_required
def children(request, pk: int):
    """The children of one node: loaded into the tree when the user expands it."""
    parent = _visible_or_404(request, pk)
    on, _error = _on_date(request)
    units = selectors.orgunit_children(parent=parent, on=on, user=request.user)
    context = {"units": units, "parent": parent, "on_query": f"?on={on.isoformat()}" if on else ""}
    return render(request, "orgunits/_children.html", context)


@login_required
def search(request):
    query = request.GET.get("q", "")
    within = None
    if request.GET.get("within"):
        raw = request.GET["within"]
        within = OrgUnit.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None
    try:
        if within is not None:
            within = selectors.orgunit_get_visible(user=request.user, pk=within.pk)
        results = selectors.orgunit_search(query=query, within=within, on=_on_date(request)[0], user=request.user)
    except OrgUnit.DoesNotExist:
        results = []  # searching inside a unit the user may not see finds nothing
    template = "orgunits/_search_results.html" if request.htmx else "orgunits/search.html"
    return render(request, template, {"query": query, "results": results})


@login_required
def detail(request, pk: int):
    unit = _visible_or_404(request, pk)
    can_view = policy.has(request.user, Action.VIEW, unit)
    context = {
        "unit": unit,
        "show_email": selectors.orgunit_contact_visible(user=request.user, unit=unit),
        "ancestors": selectors.orgunit_ancestors(unit=unit),
        "children": selectors.orgunit_children(parent=unit, user=request.user),
        "can_view": can_view,
        "can_administer": policy.has(request.user, Action.ADMINISTER, unit),
        "members": membership_list_for_unit(unit=unit) if can_view else [],
        "valid_now": unit.is_valid_on(clock.today()),
    }
    return render(request, "orgunits/detail.html", context)
