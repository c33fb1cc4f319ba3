"""The demo's own page: the demo clock's switch (mounted at /demo/clock/ by config/urls.py)."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from binhdang.core import clock
from binhdang.core.errors import DomainError

from .clock import demo_clock_move


def demo_clock_switch(request: HttpRequest) -> HttpResponse:
    """The demo banner's switch: run the user's demo cycle "as of" another date, its events
    played up to that date (demo only)."""
    if not clock.enabled():
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if not request.user.is_authenticated:
        return redirect(target)
    raw = request.POST.get("on", "").strip()
    day = None
    if raw and "reset" not in request.POST:
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                day = datetime.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
                break
            except ValueError:
                continue
        if day is None:
            messages.error(request, _("Ngày “%(raw)s” không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.") % {"raw": raw[:20]})
            return redirect(target)
    try:
        row = demo_clock_move(actor=request.user, cycle=clock.cycle_for(request.user), on=day)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(target)
    messages.success(request, _("Bản trình diễn nay chạy tại ngày %(d)s.") % {"d": f"{row.on:%d/%m/%Y}"})
    return redirect(target)
