"""Pages and downloads: the consolidated report (coordinators), plan documents (whoever may
read the plan), indicator values out and in. Views parse input, ask the policy, call a
selector or service and stream bytes."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from binhdang.core import clock
from binhdang.core.errors import DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from . import adapters, selectors
from .as_is import view_parse
from .tables import Column, TableData, sex_table
from .xlsx import XLSX_TYPE, _disposition, values_xlsx_response, xlsx_response

VALUE_FORMATS = {"xlsx": ("xlsx", XLSX_TYPE), "dhis2-json": ("json", "application/json"),
                 "adx": ("adx.xml", "application/adx+xml")}


def _period_choices() -> list[str]:
    """Report periods that have obligations (6 months, year), as the Reports page offers."""
    from binhdang.reporting.selectors import period_keys_available

    keys = [k for k in period_keys_available() if not k.endswith("-plan") and "adhoc" not in k]
    return keys or [f"{clock.today().year}-H1"]


def _chosen_unit(request, units: list[OrgUnit]) -> OrgUnit | None:
    raw = request.GET.get("unit")
    if raw and raw.isdecimal():
        unit = OrgUnit.objects.filter(pk=int(raw)).first()
        if unit is None:
            raise Http404
        return unit
    return units[0] if units else None


@login_required
def report_page(request):
    """Coordinators: pick a unit and period, see completeness and the summed indicators,
    download the Báo cáo (DOCX/PDF) and the tables (XLSX)."""
    units = selectors.report_units_for(request.user)
    unit = _chosen_unit(request, units)
    if unit is None or not selectors.can_export_report(request.user, unit):
        raise PermissionDenied(policy_message())
    periods = _period_choices()
    period = request.GET.get("period") or "2017-H1"
    try:
        data = adapters.report_data(unit, period)
    except DomainError as exc:
        messages.error(request, exc.message)
        period = "2017-H1"
        data = adapters.report_data(unit, period)
    table = request.GET.get("table")
    if table in ("completeness", "indicators"):
        built = _completeness_table(data) if table == "completeness" else _indicator_table(data)
        return xlsx_response(built, f"{table}-{unit.code.lower()}-{period.lower()}.xlsx")
    view = view_parse(request.GET.get("view"))
    as_is = None
    if view == "as_is":  # the same figures as the document downloaded from this page
        from .as_is import as_is_page

        as_is = as_is_page(unit, period)
    return render(request, "exports/report.html", {
        "units": units, "unit": unit, "periods": periods, "period": period, "data": data,
        "indicator_table": _indicator_table(data), "completeness_table": _completeness_table(data),
        "view": view, "as_is": as_is,
    })


def policy_message() -> str:
    from binhdang.core.permissions import _denied_message

    return _denied_message(Action.COORDINATE)


def _indicator_table(data: adapters.ReportData) -> TableData:
    # No totals row: the rows count different things (trainees, delegates…), never added up.
    return sex_table(label_title=_("Chỉ tiêu"), rows=[(r.name, r.female, r.male) for r in data.indicators],
                     units=[r.unit for r in data.indicators], with_totals=False,
                     title=_("Số liệu chỉ tiêu theo giới tính %(period)s — %(unit)s")
                     % {"period": data.period_phrase, "unit": data.unit.name})


def _completeness_table(data: adapters.ReportData) -> TableData:
    label = {"on_time": _("Đúng hạn"), "late": _("Muộn"), "missing": _("Chưa gửi")}
    rows = [[i, c.unit, c.due.strftime("%d/%m/%Y") if c.due else "",
             c.submitted.strftime("%d/%m/%Y") if c.submitted else "", label[c.state]]
            for i, c in enumerate(data.completeness, start=1)]
    sent = sum(1 for c in data.completeness if c.state != "missing")
    return TableData(
        columns=[Column(_("STT"), 12, align="center"), Column(pgettext("table column", "Đơn vị")),
                 Column(_("Hạn gửi"), 25, align="center"), Column(_("Ngày gửi"), 25, align="center"),
                 Column(_("Tình trạng"), 28, align="center")],
        rows=rows,
        totals=["", ngettext("Tổng số: %(n)s đơn vị", "Tổng số: %(n)s đơn vị", len(rows)) % {"n": len(rows)},
                "", "", _("%(sent)s/%(total)s đã gửi") % {"sent": sent, "total": len(rows)}],
        title=_("Tình hình gửi báo cáo %(period)s — %(unit)s") % {"period": data.period_phrase, "unit": data.unit.name},
    )


def _document_response(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=selectors.DOC_TYPES[fmt])
    response["Content-Disposition"] = _disposition(filename)
    return response


@login_required
def report_download(request, fmt: str):
    if fmt not in selectors.DOC_TYPES:
        raise Http404
    raw = request.GET.get("unit", "")
    unit = get_object_or_404(OrgUnit, pk=int(raw) if raw.isdecimal() else 0)
    selectors.require_export_report(request.user, unit)
    period = request.GET.get("period", "")
    try:
        data = selectors.report_file(unit, period, fmt, selectors.ReportOptions(
            number=request.GET.get("number", ""), view=view_parse(request.GET.get("view"))))
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    return _document_response(data, fmt, selectors.report_filename(unit, period, fmt))


@login_required
def plan_download(request, pk: int, fmt: str):
    from binhdang.plans.models import Plan

    if fmt not in selectors.DOC_TYPES:
        raise Http404
    plan = get_object_or_404(Plan.objects.select_related("issuer"), pk=pk)
    if not adapters.plan_can_view(request.user, plan):
        raise Http404  # as the plans pages do: an invisible plan does not exist
    return _document_response(selectors.plan_file(plan, fmt), fmt, selectors.plan_filename(plan, fmt))


@login_required
def values_page(request):
    from .dhis2 import FileFormatError
    from .services import ImportInvalidError, values_import_file

    result, errors = None, []
    if request.method == "POST":
        upload = request.FILES.get("file")
        fmt = request.POST.get("format", "")
        if upload is None or fmt not in VALUE_FORMATS:
            errors = [_("Hãy chọn tệp và định dạng (XLSX, DHIS2 JSON hoặc ADX).")]
        else:
            try:
                result = values_import_file(upload.read(), fmt, actor=request.user,
                                            dry_run=bool(request.POST.get("dry_run")), source=upload.name)
            except (FileFormatError, ImportInvalidError) as exc:
                errors = getattr(exc, "errors", None) or [str(exc)]
    units = selectors.value_units_for(request.user)
    return render(request, "exports/values.html", {
        "result": result, "errors": errors, "units": units, "periods": _period_choices(),
        "formats": VALUE_FORMATS, "status": 400 if errors else 200,
    }, status=400 if errors else 200)


def values_file_response(user, fmt: str, unit: OrgUnit | None, period: str | None, view: str = "as_was"):
    """Stream the values a user may view in one of the three formats (bounded memory);
    `view="as_is"`: on today's communes, rebuilt through lineage (exports.values)."""
    from binhdang.indicators.models import Indicator

    from .dhis2 import write_adx, write_json
    from .values import Mapping, values_iter, values_iter_as_is

    if view == "as_is":
        rows = values_iter_as_is(user=user, unit=unit, period=period or None)
    else:
        rows = values_iter(user=user, unit=unit, period=period or None)
    suffix, content_type = VALUE_FORMATS[fmt]
    name = (f"so-lieu-{(unit.code.lower() + '-') if unit else ''}{(period or 'tat-ca').lower()}"
            f"{'-hien-nay' if view == 'as_is' else ''}.{suffix}")
    if fmt == "xlsx":
        return values_xlsx_response(
            rows, name, names=dict(Indicator.objects.values_list("code", "name")),
            units=dict(OrgUnit.objects.values_list("code", "name")),
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    (write_json if fmt == "dhis2-json" else write_adx)(rows, spool, Mapping.load())
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=name, content_type=content_type)


@login_required
def values_download(request, fmt: str):
    if fmt not in VALUE_FORMATS:
        raise Http404
    unit = None
    if request.GET.get("unit"):
        raw = request.GET["unit"]
        unit = get_object_or_404(OrgUnit, pk=int(raw) if raw.isdecimal() else 0)
        policy.require(request.user, Action.VIEW, unit)
    period = request.GET.get("period", "")
    if period:
        from binhdang.indicators.periods import period_parse

        try:
            period = period_parse(period).key
        except DomainError as exc:
            return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    return values_file_response(request.user, fmt, unit, period, view_parse(request.GET.get("view")))
