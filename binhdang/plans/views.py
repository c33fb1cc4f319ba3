"""Pages for plans and tasks: parse input, call one selector or service, render."""

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from binhdang.core import clock
from binhdang.core.errors import AccessDenied, DomainError
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.selectors import orgunit_search

from . import permissions, selectors, services
from .forms import CommentForm, PlanHeaderForm, ProgressForm, TaskForm, UnitPlanForm, parse_day
from .models import Group, Obligation, Plan, Task, TaskAssignment
from .progress import RULE as PROGRESS_RULE
from .progress import task_assignee_states


def _today(request) -> datetime.date:
    """Today, or the `on` date (dd/mm/yyyy) to look at the plan as of another day."""
    return parse_day(request.GET.get("on", "")) or clock.today()


def _form_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _plan_or_404(request, pk: int) -> Plan:
    try:
        return selectors.plan_get_visible(user=request.user, pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def _task_or_404(request, pk: int) -> Task:
    try:
        return selectors.task_get_visible(user=request.user, pk=pk)
    except Task.DoesNotExist:
        raise Http404 from None


def _editable_plan(request, pk: int) -> Plan:
    plan = _plan_or_404(request, pk)
    permissions.plan_require_edit(request.user, plan)
    return plan


# --- plans --------------------------------------------------------------------------------


@login_required
def plan_list(request):
    plans = list(selectors.plan_list_visible(user=request.user).order_by("-year", "-date", "number"))
    for plan in plans:
        plan.can_edit = permissions.plan_can_edit(request.user, plan)
        plan.task_count = plan.tasks.count()
    return render(request, "plans/list.html", {"plans": plans})


@login_required
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    today = _today(request)
    cited = list(plan.cited_documents.order_by("order", "id"))
    deadlines = list(plan.deadlines.select_related("receiver").order_by("date", "order"))
    for d in deadlines:
        obligations = list(d.obligations.all())
        d.total = len(obligations)
        d.done = sum(1 for o in obligations if o.is_done)
    context = {
        "plan": plan,
        "today": today,
        "outline": selectors.plan_document_body(plan=plan, today=today),
        "purpose": selectors.plan_purpose_lines(plan),
        "legal_basis": [c for c in cited if c.role == "legal_basis"],
        "references": [c for c in cited if c.role == "reference"],
        "deadlines": deadlines,
        "recipients": list(plan.recipients.all()),
        "can_edit": permissions.plan_can_edit(request.user, plan),
        "children": list(plan.children.select_related("issuer").order_by("issuer__path")),
        "copies": list(plan.copies.all()),
    }
    return render(request, "plans/detail.html", context)


@login_required
def plan_edit(request, pk: int):
    plan = _editable_plan(request, pk)
    form = PlanHeaderForm.for_plan(plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, version=form.cleaned_data["version"], **form.changes())
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("plans:edit", pk=plan.pk)
    return render(request, "plans/edit.html", _editor_context(request, plan, form))


def _editor_context(request, plan: Plan, form=None) -> dict:
    today = _today(request)
    return {
        "plan": plan,
        "form": form,
        "outline": selectors.plan_outline(plan=plan, today=today),
        "obligation_count": plan.obligations.count(),
    }


@login_required
@require_POST
def plan_copy(request, pk: int):
    plan = _editable_plan(request, pk)
    try:
        copy = services.plan_copy_to_next_year(actor=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plans:detail", pk=plan.pk)
    messages.success(
        request,
        _("Đã tạo bản dự thảo kế hoạch năm %(year)s từ kế hoạch %(number)s.")
        % {"year": copy.year, "number": plan.number or plan.pk},
    )
    return redirect("plans:edit", pk=copy.pk)


@login_required
@require_POST
def plan_obligations(request, pk: int):
    plan = _editable_plan(request, pk)
    try:
        result = services.obligations_generate(actor=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext("Đã tạo %(n)s nghĩa vụ báo cáo mới.", "Đã tạo %(n)s nghĩa vụ báo cáo mới.",
                                           result["created"]) % {"n": result["created"]})
    return redirect("plans:detail", pk=plan.pk)


# --- task editor --------------------------------------------------------------------------


@login_required
def task_new(request, pk: int):
    plan = _editable_plan(request, pk)
    form = TaskForm(request.POST or None, plan=plan, initial={"section": request.GET.get("section")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_create(
                actor=request.user, plan=plan, text=data["text"], section=data["section"],
                code=data["code"], dues=data["dues"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ %(code)s; hãy phân công đơn vị.") % {"code": task.code})
            return redirect("plans:task-edit", pk=task.pk)
    return render(request, "plans/task_form.html", {"plan": plan, "form": form, "task": None})


@login_required
def task_edit(request, pk: int):
    task = _task_or_404(request, pk)
    plan = task.plan
    permissions.plan_require_edit(request.user, plan)
    initial = {
        "section": task.section_id, "code": task.code, "text": task.text, "status": task.status,
        "version": task.version,
        "dues": "\n".join(f"{d.date:%d/%m/%Y} {d.text}".strip() for d in task.dues.all()),
    }
    form = TaskForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                actor=request.user, task=task, version=data["version"] or 0, text=data["text"],
                code=data["code"], section=data["section"], dues=data["dues"],
                status=data["status"] or None,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ %(code)s.") % {"code": task.code})
            return redirect("plans:edit", pk=plan.pk)
    return render(request, "plans/task_form.html", {
        "plan": plan, "form": form, "task": task, "groups": Group.choices,
        "roles": TaskAssignment.Role.choices,
    })


@login_required
@require_POST
def task_delete(request, pk: int):
    task = _task_or_404(request, pk)
    plan = task.plan
    try:
        services.task_delete(actor=request.user, task=task, version=int(request.POST.get("version") or 0))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa nhiệm vụ %(code)s.") % {"code": task.code})
    return redirect("plans:edit", pk=plan.pk)


@login_required
@require_POST
def task_move(request, pk: int, direction: str):
    task = _task_or_404(request, pk)
    plan = task.plan
    error = None
    try:
        services.task_move(actor=request.user, task=task, direction=direction)
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        context = _editor_context(request, plan)
        context["move_error"] = error
        return render(request, "plans/_editor_tasks.html", context)
    if error:
        messages.error(request, error)
    return redirect("plans:edit", pk=plan.pk)


def _assignments_response(request, task: Task, error: str | None = None):
    task = selectors.task_get_visible(user=request.user, pk=task.pk)
    return render(request, "plans/_assignments.html", {
        "task": task, "error": error, "roles": TaskAssignment.Role.choices, "groups": Group.choices,
        "assignments": list(task.assignments.all()),
    })


@login_required
@require_POST
def task_assign(request, pk: int):
    task = _task_or_404(request, pk)
    unit = None
    if request.POST.get("org_unit"):
        unit = OrgUnit.objects.filter(pk=request.POST["org_unit"]).first()
    error = None
    try:
        services.task_assign(
            actor=request.user, task=task, role=request.POST.get("role", ""), org_unit=unit,
            group=request.POST.get("group", "") if unit is None else "",
        )
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        return _assignments_response(request, task, error)
    if error:
        messages.error(request, error)
    return redirect("plans:task-edit", pk=task.pk)


@login_required
@require_POST
def task_unassign(request, pk: int, assignment_pk: int):
    task = _task_or_404(request, pk)
    assignment = get_object_or_404(TaskAssignment, pk=assignment_pk, task=task)
    services.task_unassign(actor=request.user, assignment=assignment)
    if request.htmx:
        return _assignments_response(request, task)
    return redirect("plans:task-edit", pk=task.pk)


@login_required
def unit_search(request, pk: int):
    """HTMX: units under the task's issuer matching `q` (name or abbreviation), to assign."""
    task = _task_or_404(request, pk)
    permissions.plan_require_edit(request.user, task.plan)
    query = request.GET.get("q", "")
    role = request.GET.get("role", TaskAssignment.Role.LEAD)
    results = orgunit_search(query=query, within=task.plan.issuer, on=task.plan.date, limit=12) if query.strip() else []
    return render(request, "plans/_unit_suggestions.html", {"task": task, "results": results, "role": role, "query": query})


# --- task page ----------------------------------------------------------------------------


def _own_progress_form(user, task: Task) -> ProgressForm:
    """The form starts from the user's own unit's last state, not the task's overall one."""
    own = [u.pk for u in permissions.task_units_for_user(user, task, TaskAssignment.Role.LEAD)
           + permissions.task_units_for_user(user, task, TaskAssignment.Role.COORDINATING)]
    states = [*task_assignee_states(task), *task_assignee_states(task, role=TaskAssignment.Role.COORDINATING)]
    mine = next((s for s in states if own and s.unit.pk == own[0]), None)
    status = mine.status if mine is not None else Task.Status.NOT_STARTED
    return ProgressForm(initial={
        "percent": mine.percent if mine is not None else 0,
        "status": status if status != Task.Status.NOT_STARTED else Task.Status.IN_PROGRESS,
    })


@login_required
def task_detail(request, pk: int, progress_form=None, comment_form=None, status: int = 200):
    task = _task_or_404(request, pk)
    today = _today(request)
    selectors._decorate(task, today)
    can_update = permissions.task_can_update(request.user, task)
    can_comment = permissions.task_can_comment(request.user, task)
    context = {
        "task": task,
        "plan": task.plan,
        "today": today,
        "lead_units": selectors.task_units(task=task, role=TaskAssignment.Role.LEAD),
        "coordinating_units": selectors.task_units(task=task, role=TaskAssignment.Role.COORDINATING),
        "history": selectors.task_history(task=task),
        "assignees": task_assignee_states(task),
        "coordinators": task_assignee_states(task, role=TaskAssignment.Role.COORDINATING),
        "progress_rule": PROGRESS_RULE,
        "comments": selectors.task_comments(task=task),
        "can_update": can_update,
        "can_comment": can_comment,
        "can_edit": permissions.plan_can_edit(request.user, task.plan),
        "progress_form": progress_form or (_own_progress_form(request.user, task) if can_update else None),
        "comment_form": comment_form or (CommentForm() if can_comment else None),
        "offline_progress": _offline_progress(task) if can_update else None,
    }
    return render(request, "plans/task_detail.html", context, status=status)


def _offline_progress(task: Task) -> dict:
    """What the progress form needs offline (plans/static/plans/task_offline.js)."""
    return {
        **services.progress_rules(),
        "title": f"{_('Cập nhật tiến độ')} · {task.code}",
        "ui": {
            "unsynced": _("Chưa đồng bộ"),
            "action": _("Cập nhật tiến độ"),
            "queued": _("Bạn đang ngoại tuyến. Cập nhật tiến độ đã được lưu trên máy này và sẽ tự gửi khi có mạng."),
            "syncing": _("Đang đồng bộ…"),
            "session": _("Phiên đăng nhập đã hết hoặc bạn không còn quyền gửi báo cáo này: hãy đăng nhập lại. "
                         "Bản nhập vẫn được giữ trên máy này."),
            "error": _("Máy chủ từ chối bản nhập: %(m)s"),
            "discard": _("Xóa bản nhập trên máy"),
            "discard_confirm": _("Xóa bản nhập chưa đồng bộ này khỏi máy? Nội dung chưa gửi sẽ mất."),
        },
    }


@login_required
@require_POST
def task_progress(request, pk: int):
    task = _task_or_404(request, pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update_progress(
                actor=request.user, task=task, text=data["text"], percent=data["percent"],
                status=data["status"], files=data["files"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận cập nhật tiến độ."))
            return redirect("plans:task", pk=task.pk)
    return task_detail(request, pk, progress_form=form, status=400)


@login_required
@require_POST
def task_comment(request, pk: int):
    task = _task_or_404(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.task_comment(actor=request.user, task=task, text=form.cleaned_data["text"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã gửi ý kiến."))
            return redirect("plans:task", pk=task.pk)
    return task_detail(request, pk, comment_form=form, status=400)


@login_required
def evidence_download(request, pk: int):
    """Evidence goes through this access check; it is never served as public media."""
    from .models import TaskEvidence

    try:
        evidence = selectors.evidence_get_visible(user=request.user, pk=pk)
    except TaskEvidence.DoesNotExist:
        raise Http404 from None
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )


# --- my work, calendar, unit plans --------------------------------------------------------


@login_required
def my_work(request):
    today = _today(request)
    work = selectors.my_work(user=request.user, today=today)
    return render(request, "plans/my_work.html", {"work": work, "today": today})


@login_required
def unit_plan_submit(request, pk: int):
    obligation = get_object_or_404(
        Obligation.objects.select_related("plan", "org_unit", "receiver"), pk=pk
    )
    policy.require(request.user, Action.SUBMIT, obligation.org_unit)
    form = UnitPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.unit_plan_submit(actor=request.user, obligation=obligation, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã gửi kế hoạch của đơn vị."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/unit_plan_form.html", {"form": form, "obligation": obligation})


def _month_arg(request, default: datetime.date) -> tuple[int, int]:
    try:
        year = int(request.GET.get("year", default.year))
        month = int(request.GET.get("month", default.month))
        if 1 <= month <= 12 and 1900 < year < 3000:
            return year, month
    except ValueError:
        pass
    return default.year, default.month


@login_required
def calendar_view(request):
    today = _today(request)
    default = today
    years = set(selectors.plan_list_visible(user=request.user).values_list("year", flat=True))
    if years and today.year not in years:
        default = datetime.date(max(years), today.month, 1)
    year, month = _month_arg(request, default)
    mode = request.GET.get("view", "month")
    unit = None
    if request.GET.get("unit"):
        unit = OrgUnit.objects.filter(pk=request.GET["unit"]).first()
        if unit is not None and not (
            policy.has(request.user, Action.VIEW, unit) or policy.has(request.user, Action.SUBMIT, unit)
        ):
            raise AccessDenied(_("Bạn không có quyền xem dữ liệu của đơn vị này."))
    if mode == "list":
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:
        start = datetime.date(year, month, 1)
        end = datetime.date(year, month, pycalendar.monthrange(year, month)[1])
    events = selectors.calendar_events(user=request.user, start=start, end=end, unit=unit, today=today)
    prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    context = {
        "mode": mode, "year": year, "month": month, "events": events, "unit": unit,
        "weeks": selectors.month_grid(year, month, events) if mode != "list" else [],
        "prev": prev_month, "next": next_month, "today": today,
        "month_start": start, "my_units": selectors.user_units(user=request.user),
        "weekdays": [_("T2"), _("T3"), _("T4"), _("T5"), _("T6"), _("T7"), _("CN")],
    }
    return render(request, "plans/calendar.html", context)


def ics_feed(request, unit_id: int, token: str):
    """A subscription feed for phones: no session, a per-unit secret token in the URL."""
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    if not selectors.unit_ics_token_valid(unit, token):
        raise Http404
    body = selectors.unit_calendar_ics(unit=unit, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="binhdang-{unit.code}.ics"'
    return response


def ics_url(unit: OrgUnit) -> str:
    return reverse("plans:ics", args=[unit.pk, selectors.unit_ics_token(unit)])
