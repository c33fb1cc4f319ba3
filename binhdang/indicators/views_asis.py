"""A period's figures on today's unit (/units/<pk>/as-is/, in the `orgunits` namespace: see
config/urls.py): the values of its predecessors, summed with their shares."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.lineage import official_name
from binhdang.orgunits.models import OrgUnit

from .asis import AsIsTable, indicator_values_as_is
from .models import Indicator


@login_required
def as_is(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not policy.has(request.user, Action.VIEW, unit):
        raise PermissionDenied
    period = request.GET.get("period", "2017-H1").strip()
    error = ""
    table: AsIsTable | None = None
    rows: list[dict[str, object]] = []
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
