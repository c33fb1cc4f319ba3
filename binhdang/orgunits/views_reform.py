"""Pages of the 2025 reform: a unit's lineage, its figures "as is", the hand-over of open work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy

from .asis import indicator_values_as_is
from .handover import handover_confirm, handover_propose
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


@login_required
def as_is(request: HttpRequest, pk: int) -> HttpResponse:
    """A period's figures on today's unit: its predecessors' values, summed with their shares."""
    from binhdang.indicators.models import Indicator

    unit = get_object_or_404(OrgUnit, pk=pk)
    if not policy.has(request.user, Action.VIEW, unit):
        raise PermissionDenied
    period = request.GET.get("period", "2017-H1").strip()
    error, table, rows = "", None, []
    try:
        table = indicator_values_as_is(unit=unit, period_key=period)
    except DomainError as exc:
        error = exc.message
    if table is not None:
        indicators = Indicator.objects.in_bulk({key[0] for key in table.values})
        sexes = {"F": _("Nữ"), "M": _("Nam"), "T": _("Tổng")}
        for (indicator_id, sex), (num, den) in sorted(
            table.values.items(), key=lambda kv: (indicators[kv[0][0]].code, kv[0][1])
        ):
            indicator = indicators[indicator_id]
            rows.append({"code": indicator.code, "name": indicator.name, "unit": indicator.unit,
                         "sex": sexes.get(sex, sex), "num": num, "den": den})
    return render(request, "orgunits/as_is.html", {
        "unit": unit, "name": official_name(unit), "period": period, "table": table, "rows": rows,
        "error": error,
    })


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal for an ended unit: the coordinator reviews what moves where, then confirms."""
    unit = get_object_or_404(OrgUnit, pk=pk)
    proposal = Handover.objects.filter(from_unit=unit).order_by("-id").first()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "refresh" or proposal is None:
                proposal = handover_propose(actor=request.user, unit=unit)
                messages.success(request, _("Đã lập lại đề xuất chuyển giao theo quy tắc."))
            else:
                moved = handover_confirm(actor=request.user, handover=proposal)
                messages.success(request, _(
                    "Đã chuyển giao: %(o)s nghĩa vụ báo cáo, %(t)s phân công nhiệm vụ, %(m)s cán bộ; "
                    "%(k)s mục giữ nguyên.") % {"o": moved["obligation"], "t": moved["task"],
                                                "m": moved["membership"], "k": moved["kept"]})
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("orgunits:handover", pk=unit.pk)
    can_confirm = proposal is not None and policy.has(request.user, Action.COORDINATE, proposal.to_unit)
    return render(request, "orgunits/handover.html", {
        "unit": unit, "name": official_name(unit), "proposal": proposal, "can_confirm": can_confirm,
    })
