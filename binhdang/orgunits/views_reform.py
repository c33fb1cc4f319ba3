"""The lineage page of the 2025 reform. The pages that compose a unit with the apps above it
live in those apps and keep their /units/… addresses (config/urls.py mounts them in the
`orgunits` namespace): the figures "as is" in `indicators.views_asis`, the hand-over of open
work in `plans.views_handover`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from binhdang.core.permissions import Action, policy

from .lineage import official_name, predecessors, successors
from .models import Handover, OrgUnit


@login_required
def lineage(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, pk=pk)
    context = {
        "unit": unit, "name": official_name(unit),
        "predecessors": predecessors(unit), "successors": successors(unit),
        "handovers": Handover.objects.filter(from_unit=unit).select_related("to_unit"),
        "can_view": policy.has(request.user, Action.VIEW, unit),
    }
    return render(request, "orgunits/lineage.html", context)
