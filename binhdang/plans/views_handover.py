"""The hand-over of an ended unit's open work (/units/<pk>/handover/, in the `orgunits`
namespace: see config/urls.py): the coordinator reviews what moves where, then confirms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.lineage import official_name
from binhdang.orgunits.models import Handover, OrgUnit

from .services.handover import handover_confirm, handover_propose


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int) -> HttpResponse:
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
