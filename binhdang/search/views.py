from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from binhdang.core import clock
from binhdang.core.errors import DomainError

from . import selectors


def _page_param(raw: str | None) -> int:
    return int(raw) if raw and raw.isascii() and raw.isdecimal() and len(raw) <= 6 else 1


@login_required
def search_page(request):
    """/search/?q=…[&kind=plan|task|submission|unit][&page=N]: results grouped by kind."""
    query = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    kinds = (kind,) if kind in selectors.KINDS else selectors.KINDS
    page = _page_param(request.GET.get("page"))
    context = {"query": query[:selectors.QUERY_MAX], "kind": kind if kind in selectors.KINDS else "",
               "results": None, "error": "", "kinds": [(k, selectors.KIND_LABELS[k]) for k in selectors.KINDS]}
    if "q" in request.GET:
        try:
            context["results"] = selectors.search(user=request.user, query=query, kinds=kinds, page=page,
                                                  size=selectors.PAGE_SIZE if len(kinds) > 1 else 25,
                                                  on=clock.today())
        except DomainError as error:
            context["error"] = error.message
    status = 400 if context["error"] and query.strip() else 200
    return render(request, "search/search.html", context, status=status)
