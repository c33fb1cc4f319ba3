"""Pages for indicators, activities and budget: parse input, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.core import clock
from binhdang.core.errors import AccessDenied, ConflictError, DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.lineage import official_name
from binhdang.orgunits.models import OrgUnit

from . import permissions, selectors, services, xlsx
from .asis import weight_text
from .forms import ActivityForm, BudgetLineForm, IndicatorForm, TargetForm
from .models import Activity, BudgetEstimateDue, BudgetLine, Indicator, Target
from .periods import data_period_choices, period_parse, periods_containing
from .rollups import ancestor_paths
from .validation import CellError, Entry, parse_number


def _unit_for(request, unit_id: int, action: Action = Action.VIEW) -> OrgUnit:
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    if not policy.has(request.user, Action.VIEW, unit):
        raise Http404
    policy.require(request.user, action, unit)
    return unit


def _period_or_404(key: str):
    try:
        return period_parse(key)
    except DomainError:
        raise Http404 from None


def _default_period() -> str:
    return periods_containing(clock.today())[0].key


def _period_choices(around: int) -> list[str]:
    return [p.key for p in data_period_choices(range(around - 3, around + 2))]


@login_required
def index(request):
    unit = selectors.home_unit(user=request.user)
    if unit is None:
        raise AccessDenied(_("Bạn chưa được giao đơn vị nào."))
    period = request.GET.get("period") or selectors.latest_period(unit) or _default_period()
    return redirect("indicators:table", unit_id=unit.pk, period=period)


# --- catalogue ------------------------------------------------------------------------------


@login_required
def catalogue(request):
    q = request.GET.get("q", "").strip()
    group = request.GET.get("group", "")
    indicators = selectors.catalogue(q=q, group=group)
    return render(request, "indicators/catalogue.html", {
        "indicators": indicators, "q": q, "group": group,
        "groups": [g for g in Indicator.Group.choices if g[0] != Indicator.Group.SYNTHETIC],
        "can_edit": permissions.can_edit_catalogue(request.user),
    })


@login_required
def indicator_edit(request, pk: int):
    permissions.require_catalogue_edit(request.user)
    indicator = get_object_or_404(Indicator.objects.exclude(group=Indicator.Group.SYNTHETIC), pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator, initial={"version": indicator.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.indicator_update(actor=request.user, indicator=Indicator.objects.get(pk=pk), version=version,
                                      **data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("indicators:catalogue")
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
def target_edit(request, indicator_pk: int, pk: int | None = None):
    indicator = get_object_or_404(Indicator, pk=indicator_pk)
    target = get_object_or_404(Target, pk=pk, indicator=indicator) if pk else None
    if target is None or not permissions.can_edit_target(request.user, target):
        permissions.require_catalogue_edit(request.user)
    units = selectors.units_visible(user=request.user, action=Action.COORDINATE)
    form = TargetForm(request.POST or None, instance=target, units=units,
                      initial={"version": target.version if target else None})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            if target is None:
                services.target_create(actor=request.user, indicator=indicator, **data)
            else:
                services.target_update(actor=request.user, target=Target.objects.get(pk=target.pk),
                                       version=version, **data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Đã lưu mục tiêu."))
            return redirect("indicators:catalogue")
    return render(request, "indicators/target_form.html", {"form": form, "indicator": indicator, "target": target})


# --- the unit's table -----------------------------------------------------------------------


def _view_of(request, unit: OrgUnit, period) -> tuple[str, bool, list[OrgUnit]]:
    """(view, whether the switch is offered, today's units an ended unit's page links to).

    "As is" is offered for a unit in force today and a period that began before the 2025
    reform; an ended unit (phường Ba Đình) links to its successors' "as is" page instead.
    Anything but ?view=as_is, or as_is where it does not apply, is "as was".
    """
    from .asis import as_is_targets

    start = period.start or period.end
    if start is None or not unit.is_administrative:
        return "as_was", False, []
    if unit.valid_to is not None:
        return "as_was", False, as_is_targets(unit, start=start, end=period.end or start)
    offered = start < clock.REFORM_DAY
    return ("as_is" if offered and request.GET.get("view") == "as_is" else "as_was"), offered, []


def _source_context(table) -> dict:
    """Where the unit's "as is" figures come from, for the notice above the table."""
    from .asis import source_parts

    source = table.sources.get(table.unit.pk)
    if source is None:
        return {}
    estimates = [(official_name(u), weight_text(w)) for u, w in source.contributors if float(w) != 1]
    return {"parts": source_parts(source.contributors), "estimate": source.estimate, "estimates": estimates,
            "missing": [official_name(u) for u in source.missing]}


@login_required
def table(request, unit_id: int, period: str):
    unit = _unit_for(request, unit_id)
    the_period = _period_or_404(period)
    view, offered, successors = _view_of(request, unit, the_period)
    group = request.GET.get("group", "")
    indicators = selectors.indicator_list(group=group or None)
    if view == "as_is":
        result = selectors.unit_table_as_is(unit=unit, period=the_period.key, indicators=indicators)
    else:
        result = selectors.unit_table(unit=unit, period=the_period.key, indicators=indicators)
    statuses = selectors.table_target_statuses(result)
    show_empty = request.GET.get("all") == "1"
    rows = [
        (indicator, figure, children, statuses.get(indicator.pk))
        for indicator, figure, children in result.rows()
        if show_empty or not figure.is_empty
    ]
    children = [c for c in result.children if policy.has(request.user, Action.VIEW, c)]
    child_estimates = {pk for pk, source in result.sources.items() if source.estimate and pk != unit.pk}
    return render(request, "indicators/table.html", {
        "unit": unit, "period": the_period, "rows": rows, "children": result.children,
        "child_links": {c.pk for c in children}, "show_empty": show_empty, "group": group,
        "groups": [g for g in Indicator.Group.choices if g[0] != Indicator.Group.SYNTHETIC],
        "ancestors": list(OrgUnit.objects.filter(path__in=ancestor_paths(unit.path)).order_by("depth")),
        "periods": _period_choices(the_period.year),
        "can_enter": permissions.can_enter(request.user, unit) and view == "as_was",
        "activities": selectors.activity_summary(unit, the_period.key) if view == "as_was" else [],
        "view": view, "view_offered": offered, "view_query": "?view=as_is" if view == "as_is" else "",
        "successors": [s for s in successors if policy.has(request.user, Action.VIEW, s)],
        "source": _source_context(result) if view == "as_is" else {}, "child_estimates": child_estimates,
    })


# --- entry grid and XLSX --------------------------------------------------------------------


def _grid_entries(post, rows) -> tuple[list[Entry], list[CellError]]:
    entries, errors = [], []
    for row in rows:
        indicator = row.indicator
        if indicator.is_derived:
            continue
        for sex in indicator.sexes:
            names = (f"v-{indicator.pk}-{sex}", f"d-{indicator.pk}-{sex}")
            if names[0] not in post:
                continue
            parsed = []
            for name in names:
                try:
                    parsed.append(parse_number(post.get(name, "")))
                except ValueError:
                    errors.append(CellError(indicator.code, name, _("“%(v)s” không phải là số.") % {"v": post.get(name)}))
                    parsed.append(None)
            version = post.get(f"ver-{indicator.pk}-{sex}") or None
            entries.append(Entry(indicator.pk, sex, parsed[0], parsed[1], int(version) if version else None,
                                 cell=names[0], den_cell=names[1]))
    return entries, errors


def _entry_page(request, unit_id: int, period: str, *, group: str | None, template: str):
    unit = _unit_for(request, unit_id, Action.SUBMIT)
    the_period = _period_or_404(period)
    rows = selectors.entry_grid(unit=unit, period=the_period.key, group=group)
    errors: list[CellError] = []
    if request.method == "POST":
        entries, errors = _grid_entries(request.POST, rows)
        if not errors:
            try:
                result = services.values_save(actor=request.user, org_unit=unit, period=the_period.key,
                                              entries=entries, complete=request.POST.get("complete") == "1")
            except services.ValuesInvalidError as invalid:
                errors = invalid.errors
            except ConflictError as conflict:
                messages.error(request, conflict.message)
                return redirect(request.path)
            else:
                messages.success(request, _("Đã lưu: %(c)s ô mới, %(u)s ô sửa, %(d)s ô xóa.")
                                 % {"c": result.created, "u": result.updated, "d": result.deleted})
                return redirect(request.path)
        # Keep what the user typed so they can correct only the bad cells.
        for row in rows:
            for sex, cell in row.cells.items():
                cell.typed_value = request.POST.get(f"v-{row.indicator.pk}-{sex}", "")
                cell.typed_den = request.POST.get(f"d-{row.indicator.pk}-{sex}", "")
    error_cells = {e.cell: e.message for e in errors}
    for row in rows:
        for sex, cell in row.cells.items():
            cell.bad = f"v-{row.indicator.pk}-{sex}" in error_cells
            cell.den_bad = f"d-{row.indicator.pk}-{sex}" in error_cells
    return render(request, template, {
        "unit": unit, "period": the_period, "rows": rows, "errors": errors, "error_cells": error_cells,
        "posted": request.method == "POST", "group": group,
    })


@login_required
def entry(request, unit_id: int, period: str):
    return _entry_page(request, unit_id, period, group=None, template="indicators/entry.html")


@login_required
def leadership(request, unit_id: int, period: str):
    return _entry_page(request, unit_id, period, group=Indicator.Group.LEADERSHIP,
                       template="indicators/leadership.html")


@login_required
def xlsx_download(request, unit_id: int, period: str):
    if request.GET.get("view") == "as_is":
        return _xlsx_as_is(request, unit_id, period)
    unit = _unit_for(request, unit_id, Action.SUBMIT)
    the_period = _period_or_404(period)
    rows = selectors.entry_grid(unit=unit, period=the_period.key, group=None)
    rows += selectors.entry_grid(unit=unit, period=the_period.key, group=Indicator.Group.LEADERSHIP)
    data = xlsx.build_template(unit=unit, period=the_period.key, rows=rows)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.code}-{the_period.key}.xlsx"'
    return response


def _xlsx_as_is(request, unit_id: int, period: str) -> HttpResponse:
    """The "as is" table as a read-only workbook: the page's figures (viewing is enough)."""
    unit = _unit_for(request, unit_id)
    the_period = _period_or_404(period)
    view, _offered, _successors = _view_of(request, unit, the_period)
    if view != "as_is":
        messages.error(request, _("Chỉ xem được số liệu theo đơn vị hiện nay cho đơn vị đang tồn tại và kỳ trước "
                                  "ngày 01/07/2025."))
        return redirect("indicators:table", unit_id=unit.pk, period=the_period.key)
    table = selectors.unit_table_as_is(unit=unit, period=the_period.key, indicators=selectors.indicator_list())
    data = xlsx.build_as_is(table=table)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.code}-{the_period.key}-hien-nay.xlsx"'
    return response


@login_required
def xlsx_upload(request, unit_id: int, period: str):
    unit = _unit_for(request, unit_id, Action.SUBMIT)
    the_period = _period_or_404(period)
    errors: list[CellError] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [CellError("", "", _("Chọn tệp .xlsx để tải lên."))]
        elif upload.size > xlsx.MAX_BYTES:
            errors = [CellError("", "", _("Tệp quá lớn (tối đa 5 MB)."))]
        else:
            parsed = xlsx.parse_upload(data=upload.read(), unit=unit, period=the_period.key)
            errors = parsed.errors
            if not errors:
                try:
                    result = services.values_save(actor=request.user, org_unit=unit, period=the_period.key,
                                                  entries=parsed.entries, reason="xlsx")
                except services.ValuesInvalidError as invalid:
                    errors = invalid.errors
                except ConflictError as conflict:
                    errors = [CellError("", "", conflict.message)]
                else:
                    messages.success(request, _("Đã nhập từ tệp: %(c)s ô mới, %(u)s ô sửa, %(d)s ô xóa.")
                                     % {"c": result.created, "u": result.updated, "d": result.deleted})
                    return redirect("indicators:entry", unit_id=unit.pk, period=the_period.key)
    return render(request, "indicators/upload.html", {"unit": unit, "period": the_period, "errors": errors},
                  status=400 if errors else 200)


# --- activities -----------------------------------------------------------------------------


def _activity_form(request, *, data=None, initial=None, unit=None) -> ActivityForm:
    units = selectors.units_visible(user=request.user, action=Action.SUBMIT)
    tasks = selectors.activity_task_choices(user=request.user)
    inspectable = selectors.units_visible(user=request.user, action=Action.VIEW)
    return ActivityForm(data, initial=initial, units=units, tasks=tasks, inspectable=inspectable)


@login_required
def activity_list(request):
    period = request.GET.get("period", "")
    kind = request.GET.get("kind", "")
    unit = None
    if request.GET.get("unit", "").isdecimal():
        unit = _unit_for(request, int(request.GET["unit"]))
    try:
        activities = selectors.activity_list_visible(user=request.user, unit=unit, period=period or None, kind=kind)
    except DomainError as error:
        messages.error(request, error.message)
        activities = selectors.activity_list_visible(user=request.user, unit=unit, kind=kind)
    can_create = selectors.units_visible(user=request.user, action=Action.SUBMIT).exists()
    return render(request, "indicators/activity_list.html", {
        "activities": activities[:300], "period": period, "kind": kind, "unit": unit,
        "kinds": Activity.Kind.choices, "can_create": can_create,
    })


@login_required
def activity_new(request):
    initial = {"date": clock.today()}
    own = selectors.units_visible(user=request.user, action=Action.SUBMIT).order_by("-depth").first()
    if own:
        initial["org_unit"] = own.pk
    form = _activity_form(request, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, org_unit=form.cleaned_data["org_unit"],
                                                **form.service_fields())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Đã ghi hoạt động “%(t)s”.") % {"t": activity.title})
            return redirect("indicators:activities")
    return render(request, "indicators/activity_form.html", {"form": form, "activity": None})


@login_required
def activity_edit(request, pk: int):
    try:
        activity = selectors.activity_get_visible(user=request.user, pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, Action.SUBMIT, activity.org_unit)
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    initial.update(org_unit=activity.org_unit_id, version=activity.version)
    form = _activity_form(request, data=request.POST or None, initial=initial)
    form.fields["org_unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=request.user, activity=activity,
                                     version=form.cleaned_data.get("version") or 0, **form.service_fields())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Đã lưu hoạt động."))
            return redirect("indicators:activities")
    return render(request, "indicators/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_delete(request, pk: int):
    try:
        activity = selectors.activity_get_visible(user=request.user, pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    try:
        services.activity_delete(actor=request.user, activity=activity, version=int(request.POST.get("version", 0)))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa hoạt động."))
    return redirect("indicators:activities")


# --- budget ---------------------------------------------------------------------------------


@login_required
def budget(request, unit_id: int, year: int):
    unit = _unit_for(request, unit_id)
    can_enter = permissions.can_enter(request.user, unit)
    activities = Activity.objects.filter(org_unit=unit, date__year__in=[year - 1, year]).order_by("-date")
    form = BudgetLineForm(request.POST or None, activities=activities)
    if request.method == "POST":
        policy.require(request.user, Action.SUBMIT, unit)
        if form.is_valid():
            data = dict(form.cleaned_data)
            activity = data.get("activity")
            try:
                services.budget_line_create(actor=request.user, org_unit=unit, year=year,
                                            task=activity.task if activity else None, **data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Đã thêm dòng kinh phí."))
                return redirect("indicators:budget", unit_id=unit.pk, year=year)
    subtree = request.GET.get("subtree") == "1"
    report = selectors.budget_report(unit=unit, year=year, subtree=subtree)
    return render(request, "indicators/budget.html", {
        "unit": unit, "year": year, "form": form, "can_enter": can_enter, "report": report, "subtree": subtree,
        "total_planned": sum(r.planned for r in report), "total_executed": sum(r.executed for r in report),
        "lines": selectors.budget_lines(unit=unit, year=year),
        "dues": selectors.budget_dues(unit=unit, today=clock.today()),
        "due_date": services.budget_estimate_due_date(year + 1), "next_year": year + 1,
    })


@login_required
@require_POST
def budget_line_delete(request, pk: int):
    line = get_object_or_404(BudgetLine.objects.select_related("org_unit"), pk=pk)
    if not policy.has(request.user, Action.VIEW, line.org_unit):
        raise Http404
    services.budget_line_delete(actor=request.user, line=line)
    messages.success(request, _("Đã xóa dòng kinh phí."))
    return redirect("indicators:budget", unit_id=line.org_unit_id, year=line.year)


@login_required
@require_POST
def budget_due_submit(request, pk: int):
    due = get_object_or_404(BudgetEstimateDue.objects.select_related("org_unit"), pk=pk)
    if not policy.has(request.user, Action.VIEW, due.org_unit):
        raise Http404
    try:
        services.budget_estimate_submit(actor=request.user, due=due)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi nhận gửi dự toán năm %(y)s.") % {"y": due.budget_year})
    return redirect(request.POST.get("next") or reverse("indicators:budget", args=[due.org_unit_id, due.budget_year - 1]))

