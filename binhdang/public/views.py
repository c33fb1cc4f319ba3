"""The public progress pages (no login, cached per unit) and the coordinators' publishing form."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binhdang.core.errors import DomainError
from binhdang.indicators.selectors import indicator_list

from . import selectors, services
from .models import Publication
from .permissions import publications

CACHE_SECONDS = 600


def _unit_or_404(code: str):
    unit = selectors.public_unit(code=code)
    if unit is None:
        raise Http404
    return unit


def public_index(request):
    return render(request, "public/index.html", {"units": selectors.public_units()})


def public_unit(request, code: str):
    """The figures are rendered once per unit, language and stamp (accepted reports and
    publications) and kept in the cache until one of them changes; the page around them
    (language switch, CSRF token) is rendered for each visitor."""
    unit = _unit_or_404(code)
    key = f"public-page:{unit.pk}:{get_language()}:{selectors.cache_stamp(unit=unit)}"
    body = cache.get(key)
    if body is None:
        items = selectors.public_page(unit=unit)
        body = render_to_string("public/_unit_body.html", {"unit": unit, "items": items})
        cache.set(key, body, CACHE_SECONDS)
    response = render(request, "public/unit.html", {"unit": unit, "body": body})
    response["Cache-Control"] = "public, max-age=60"
    return response


def public_csv(request, code: str):
    unit = _unit_or_404(code)
    items = selectors.public_page(unit=unit)
    wanted = request.GET.get("indicator")
    if wanted:
        items = [i for i in items if i.indicator.code == wanted]
        if not items:
            raise Http404
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(selectors.csv_rows(items, unit))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{unit.code}-{wanted}" if wanted else unit.code
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, code: str):
    unit = _unit_or_404(code)
    if not publications.has(request.user, "edit", Publication(org_unit=unit)):
        raise Http404
    if request.method == "POST":
        try:
            result = services.publication_set(actor=request.user, org_unit=unit,
                                              codes=request.POST.getlist("codes"),
                                              reason=request.POST.get("reason", "")[:500])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã lưu: công khai thêm %(a)s, thôi công khai %(r)s chỉ tiêu.")
                             % {"a": len(result["added"]), "r": len(result["removed"])})
            return redirect(reverse("public:publish", args=[unit.code]))
    return render(request, "public/publish.html", {
        "unit": unit, "indicators": indicator_list(),
        "published": selectors.publications_at(unit=unit),
        "inherited": selectors.publications_inherited(unit=unit),
    })
