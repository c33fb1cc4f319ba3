import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from binhdang.accounts.selectors import membership_list_for_unit
from binhdang.core.permissions import Action, policy

from . import selectors
from .models import OrgUnit


def _on_date(request) -> datetime.date | None:
    """The `on` query parameter (dd/mm/yyyy or ISO); "all" shows units of every period."""
    raw = request.GET.get("on", "").strip()
    if raw == "all":
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


@login_required
def tree(request):
    roots = selectors.orgunit_roots(on=_on_date(request))
    return render(request, "orgunits/tree.html", {"roots": roots})


@login_required
def children(request, pk: int):
    """The children of one node: loaded into the tree when the user expands it."""
    parent = get_object_or_404(OrgUnit, pk=pk)
    units = selectors.orgunit_children(parent=parent, on=_on_date(request))
    return render(request, "orgunits/_children.html", {"units": units, "parent": parent})


@login_required
def search(request):
    query = request.GET.get("q", "")
    within = None
    if request.GET.get("within"):
        within = OrgUnit.objects.filter(pk=request.GET["within"]).first()
    results = selectors.orgunit_search(query=query, within=within, on=_on_date(request))
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
        "valid_now": unit.is_valid_on(timezone.localdate()),
    }
    return render(request, "orgunits/detail.html", context)
