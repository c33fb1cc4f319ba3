import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
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


@login_required
def tree(request):
    on, error = _on_date(request)
    roots = selectors.orgunit_roots(on=on)
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
    parent = get_object_or_404(OrgUnit, pk=pk)
    on, _error = _on_date(request)
    units = selectors.orgunit_children(parent=parent, on=on)
    context = {"units": units, "parent": parent, "on_query": f"?on={on.isoformat()}" if on else ""}
    return render(request, "orgunits/_children.html", context)


@login_required
def search(request):
    query = request.GET.get("q", "")
    within = None
    if request.GET.get("within"):
        within = OrgUnit.objects.filter(pk=request.GET["within"]).first()
    results = selectors.orgunit_search(query=query, within=within, on=_on_date(request)[0])
    template = "orgunits/_search_results.html" if request.htmx else "orgunits/search.html"
    return render(request, template, {"query": query, "results": results})


@login_required
def detail(request, pk: int):
    unit = get_object_or_404(OrgUnit, pk=pk)
    can_view = policy.has(request.user, Action.VIEW, unit)
    context = {
        "unit": unit,
        "ancestors": selectors.orgunit_ancestors(unit=unit),
        "children": selectors.orgunit_children(parent=unit),
        "can_view": can_view,
        "can_administer": policy.has(request.user, Action.ADMINISTER, unit),
        "members": membership_list_for_unit(unit=unit) if can_view else [],
        "valid_now": unit.is_valid_on(clock.today()),
    }
    return render(request, "orgunits/detail.html", context)
