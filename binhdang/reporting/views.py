"""Pages of the reporting cycle: parse input, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from binhdang.core import clock
from binhdang.core.clock import REFORM_DAY
from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.numbers import format_number
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Plan

from . import permissions, rules, selectors, services
from .forms import (
    AdhocForm,
    DeadlineForm,
    ReasonForm,
    section_values_from_post,
)
from .models import Attachment, SectionKind, Submission
from .periods import period_key_of, period_parse


def _status_labels() -> dict[str, str]:
    return {
        "missing": _("Chưa gửi"), "draft": _("Đang soạn"), "submitted": _("Đã gửi, chờ tiếp nhận"),
        "returned": _("Bị trả lại"), "accepted": _("Đã tiếp nhận"),
    }


def _period_key(request, default: str = "") -> str:
    key = request.GET.get("period") or default
    if not key:
        keys = selectors.period_keys_available()
        key = "2017-H1" if "2017-H1" in keys else (keys[0] if keys else "2017-H1")
    return key


def _submission_or_404(request, pk: int) -> Submission:
    try:
        return selectors.submission_get_visible(user=request.user, pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None


@login_required
def index(request):
    key = _period_key(request)
    try:
        period = period_parse(key)
        obligations = list(selectors.obligation_list_visible(user=request.user, period_key=key))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reporting:index")
    rows = []
    for obligation in obligations:
        state, submitted_at = selectors.obligation_status(obligation)
        rows.append({"obligation": obligation, "status": state, "submitted_at": submitted_at,
                     "can_submit": permissions.can_submit(request.user, obligation),
                     "can_coordinate": permissions.can_coordinate(request.user, obligation)})
    context = {
        "period": period, "period_key": period.key, "periods": selectors.period_keys_available(),
        "rows": rows, "labels": _status_labels(),
        "can_coordinate": permissions.can_edit_templates(request.user),
    }
    return render(request, "reporting/index.html", context)


@login_required
def obligation_open(request, pk: int):
    obligation = get_object_or_404(selectors.obligation_list_visible(user=request.user), pk=pk)
    submission = Submission.objects.filter(obligation=obligation).first()
    if submission is not None and permissions.can_view(request.user, submission):
        return redirect(submission)
    if request.method == "POST":
        try:
            submission = services.submission_start(actor=request.user, obligation=obligation)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect(submission)
    return render(request, "reporting/obligation.html", {
        "obligation": obligation, "period_key": period_key_of(obligation),
        "can_submit": permissions.can_submit(request.user, obligation),
        "status": selectors.obligation_status(obligation)[0], "labels": _status_labels(),
    })


def _section_rows(submission: Submission, values: dict | None = None) -> list[dict]:
    """The sections with their current values ready for the template."""
    from binhdang.plans.models import Task

    content = {**submission.content, **(values or {})}
    attachments = list(submission.attachment_files.all())
    rows = []
    for section in submission.sections:
        key, kind = section["key"], section["kind"]
        value = content.get(key)
        row = {"section": section, "key": key, "kind": kind, "value": value}
        if kind == SectionKind.INDICATOR_TABLE:
            row["value"] = selectors.indicator_rows_with_totals(value)
        elif kind == SectionKind.TASK_TABLE:
            row["task_statuses"] = [(s, str(Task.Status(s).label)) for s in services.TASK_STATUSES]
            row["value"] = [{**r, "status_label": str(Task.Status(r["status"]).label)} for r in value or []]
        elif kind == SectionKind.ATTACHMENTS:
            row["files"] = [a for a in attachments if a.section_key == key]
        rows.append(row)
    return rows


def _detail_context(request, submission: Submission, values: dict | None = None) -> dict:
    user = request.user
    obligation = submission.obligation
    can_submit = permissions.can_submit(user, obligation)
    can_coordinate = permissions.can_coordinate(user, obligation)
    diff = selectors.submission_diff(submission=submission)
    return {
        "submission": submission, "obligation": obligation, "period_key": period_key_of(obligation),
        "sections": _section_rows(submission, values),
        "editing": can_submit and submission.is_editable,
        "can_submit": can_submit, "can_coordinate": can_coordinate,
        "revisions": selectors.revision_list(submission=submission),
        "diff": diff, "token": services.new_token(), "labels": _status_labels(),
        "reason_form": ReasonForm(),
        "offline": _offline_context(submission) if can_submit and submission.is_editable else None,
    }


def _offline_context(submission: Submission) -> dict:
    """What the report form needs offline (reporting/static/reporting/report_form.js): the
    server's validation rules, the texts the page was rendered with (to tell what the
    server changed meanwhile) and the form's messages."""
    from django.db.models import Count

    counts = dict(submission.attachment_files.values("section_key").annotate(n=Count("id")).values_list("section_key", "n"))
    return {
        **rules.form_rules(submission, attachment_counts=counts),
        "base": rules.section_texts(submission),
        "version": submission.version,
        "title": f"{submission.obligation.get_kind_display()} · {submission.org_unit.name}",
        "ui": {
            "unsynced": _("Chưa đồng bộ"),
            "queued_submit": _("Bạn đang ngoại tuyến. Báo cáo đã được lưu trên máy này và sẽ tự gửi khi có mạng."),
            "queued_save": _("Bạn đang ngoại tuyến. Bản nháp đã được lưu trên máy này và sẽ tự lưu lên máy chủ "
                             "khi có mạng."),
            "typing_offline": _("Mất kết nối mạng: bạn vẫn nhập được, nội dung được giữ trên máy này."),
            "syncing": _("Đang đồng bộ…"),
            "synced": _("Đã đồng bộ."),
            "session": _("Phiên đăng nhập đã hết hoặc bạn không còn quyền gửi báo cáo này: hãy đăng nhập lại. "
                         "Bản nhập vẫn được giữ trên máy này."),
            "action_submit": _("Gửi báo cáo"),
            "action_save": _("Lưu nháp"),
            "kept_at": _("lưu trên máy lúc %(t)s"),
            "mine": _("Bản bạn nhập khi ngoại tuyến"),
            "server": _("Bản trên máy chủ"),
            "keep_mine": _("Giữ bản của tôi"),
            "keep_server": _("Giữ bản trên máy chủ"),
            "server_changed": _("Mục này đã được sửa trên máy chủ."),
            "only_mine": _("Chỉ bạn sửa mục này."),
            "choose": _("Hãy chọn giữ bản nào ở mục: %(s)s."),
            "choose_below": _("Chưa gửi được: hãy chọn giữ bản nào ở từng mục bên dưới rồi gửi lại."),
            "resolve_submit": _("Gửi theo lựa chọn"),
            "resolve_save": _("Lưu theo lựa chọn"),
            "empty": _("(để trống)"),
            "error": _("Máy chủ từ chối bản nhập: %(m)s"),
            "discard": _("Xóa bản nhập trên máy"),
            "discard_confirm": _("Xóa bản nhập chưa đồng bộ này khỏi máy? Nội dung chưa gửi sẽ mất."),
        },
    }


@login_required
def submission_detail(request, pk: int):
    submission = _submission_or_404(request, pk)
    return render(request, "reporting/submission.html", _detail_context(request, submission))


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _pk(value) -> int | None:
    """A primary key from a query parameter: None unless a positive integer in range."""
    number = _int(value)
    return number if number is not None and 0 < number < 2**31 else None


@login_required
@require_POST
def submission_section_save(request, pk: int, key: str):
    """Autosave of one section (htmx): answers the new version, or a conflict message."""
    submission = _submission_or_404(request, pk)
    values = section_values_from_post(submission.sections, request.POST, only=key)
    status = 200
    try:
        submission = services.submission_save(
            actor=request.user, submission=submission, version=_int(request.POST.get("version"), -1),
            changes=values,
        )
        message, kind = _("Đã lưu lúc %(t)s") % {"t": _local_time(submission.updated_at)}, "ok"
    except ConflictError as error:
        message, kind, status = error.message, "conflict", 409
    except DomainError as error:
        message, kind, status = error.message, "error", 422
    except PermissionDenied as error:
        message, kind, status = str(error), "error", 403
    section = next((r for r in _section_rows(submission) if r["key"] == key), None)
    return render(request, "reporting/_save_status.html", {
        "message": message, "kind": kind, "submission": submission, "key": key, "row": section,
    }, status=status)


def _local_time(value) -> str:

    return f"{timezone.localtime(value):%H:%M:%S}"


@login_required
@require_POST
def submission_save_all(request, pk: int):
    submission = _submission_or_404(request, pk)
    values = section_values_from_post(submission.sections, request.POST)
    try:
        services.submission_save(actor=request.user, submission=submission,
                                 version=_int(request.POST.get("version"), -1), changes=values)
    except DomainError as error:
        return _rerender_with_error(request, submission, values, error)
    messages.success(request, _("Đã lưu bản nháp."))
    return redirect(submission)


def _rerender_with_error(request, submission, values, error):
    # Keep what the user typed: the page shows it again, with the error above.
    messages.error(request, error.message)
    submission.refresh_from_db()
    context = _detail_context(request, submission, values if not isinstance(error, ConflictError) else None)
    if isinstance(error, ConflictError):
        context["unsaved"] = {k: v for k, v in values.items() if isinstance(v, str) and v.strip()}
    return render(request, "reporting/submission.html", context, status=409 if isinstance(error, ConflictError) else 422)


@login_required
@require_POST
def submission_submit(request, pk: int):
    submission = _submission_or_404(request, pk)
    values = section_values_from_post(submission.sections, request.POST)
    try:
        services.submission_submit(
            actor=request.user, submission=submission, version=_int(request.POST.get("version")),
            token=request.POST.get("token", ""), changes=values,
        )
    except DomainError as error:
        return _rerender_with_error(request, submission, values, error)
    messages.success(request, _("Đã gửi báo cáo tới %(r)s.") % {"r": submission.obligation.receiver.name})
    return redirect(submission)


def _coordinator_action(request, pk: int, action: str):
    submission = _submission_or_404(request, pk)
    version = _int(request.POST.get("version"))
    reason = request.POST.get("reason", "")
    try:
        if action == "return":
            services.submission_return(actor=request.user, submission=submission, reason=reason, version=version)
            messages.success(request, _("Đã trả lại báo cáo cho %(u)s.") % {"u": submission.org_unit.name})
        elif action == "accept":
            services.submission_accept(actor=request.user, submission=submission, version=version)
            messages.success(request, _("Đã tiếp nhận báo cáo của %(u)s.") % {"u": submission.org_unit.name})
        else:
            services.submission_reopen(actor=request.user, submission=submission, reason=reason, version=version)
            messages.success(request, _("Đã mở lại báo cáo để đơn vị chỉnh sửa."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(submission)


@login_required
@require_POST
def submission_return(request, pk: int):
    return _coordinator_action(request, pk, "return")


@login_required
@require_POST
def submission_accept(request, pk: int):
    return _coordinator_action(request, pk, "accept")


@login_required
@require_POST
def submission_reopen(request, pk: int):
    return _coordinator_action(request, pk, "reopen")


@login_required
def submission_diff(request, pk: int):
    submission = _submission_or_404(request, pk)
    diff = selectors.submission_diff(submission=submission, number=_int(request.GET.get("rev")))
    return render(request, "reporting/diff.html", {
        "submission": submission, "diff": diff, "revisions": selectors.revision_list(submission=submission),
    })


@login_required
@require_POST
def attachment_upload(request, pk: int):
    submission = _submission_or_404(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn một tệp."))
        return redirect(submission)
    try:
        services.attachment_add(actor=request.user, submission=submission,
                                version=request.POST.get("version"),
                                section_key=request.POST.get("section", ""), file=upload)
        messages.success(request, _("Đã đính kèm “%(n)s”.") % {"n": upload.name})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(submission)


@login_required
def attachment_download(request, pk: int):
    try:
        attachment = selectors.attachment_get_visible(user=request.user, pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
@require_POST
def attachment_delete(request, pk: int):
    try:
        attachment = selectors.attachment_get_visible(user=request.user, pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    submission = attachment.submission
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
        messages.success(request, _("Đã xóa tệp."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(submission)


# --- completeness, consolidation ---------------------------------------------------------


@login_required
def status_page(request):
    key = _period_key(request)
    root = None
    if request.GET.get("unit"):
        root = get_object_or_404(OrgUnit, pk=_pk(request.GET.get("unit")) or 0)
        if not (policy.has(request.user, Action.VIEW, root) or policy.has(request.user, Action.COORDINATE, root)):
            root = None
    root = root or selectors.default_status_root(user=request.user)
    status = request.GET.get("status") or None
    status = status if status in selectors.STATUS_FILTERS else None
    unit_kind = request.GET.get("kind") or None
    unit_kind = unit_kind if unit_kind in OrgUnit.Kind.values else None
    province = selectors.status_province(root=root, pk=_pk(request.GET.get("province")))
    size = _int(request.GET.get("size"))
    view = "as_is" if request.GET.get("view") == "as_is" else "as_was"
    try:
        report = selectors.status_page(
            period_key=key, user=request.user, root=root, status=status, unit_kind=unit_kind,
            province=province, page=max(1, min(_int(request.GET.get("page"), 1) or 1, 10**6)),
            page_size=size if size and size > 0 else selectors.STATUS_PAGE_SIZE, view=view)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reporting:status")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reporting/status.html", {
        "report": report, "period_key": report.period.key, "periods": selectors.period_keys_available(),
        "labels": _status_labels(), "status_filter": status or "",
        "statuses": list(selectors.STATUS_FILTERS), "kinds": OrgUnit.Kind.choices, "kind_filter": unit_kind or "",
        "province_filter": province.pk if province else None, "page_query": query.urlencode(),
        "page_sizes": [50, 100, selectors.STATUS_PAGE_SIZE_MAX],
        # "as is" is offered for a period that began before the 2025 reform
        "view": report.view, "view_offered": report.period.start is not None and report.period.start < REFORM_DAY,
    })


def _coordinated_receivers(user) -> list[OrgUnit]:
    return selectors.receiver_list_coordinated(user=user)


# --- configuration: report forms, deadlines, ad-hoc requests -----------------------------


@login_required
def deadlines_page(request, plan_pk: int):
    plan = get_object_or_404(Plan.objects.select_related("issuer"), pk=plan_pk)
    policy.require(request.user, Action.COORDINATE, plan.issuer)
    if request.method == "POST":
        form = DeadlineForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = services.obligation_deadline_change(
                    actor=request.user, plan=plan, kind=data["kind"], old_date=data["old_date"],
                    new_date=data["new_date"], reason=data["reason"])
                messages.success(request, ngettext("Đã đổi hạn gửi của %(n)s đơn vị.", "Đã đổi hạn gửi của %(n)s đơn vị.",
                                                   moved) % {"n": moved})
                return redirect("reporting:deadlines", plan_pk=plan.pk)
            except DomainError as error:
                messages.error(request, error.message)
        else:
            messages.error(request, _("Ngày không hợp lệ (dùng dd/mm/yyyy)."))
    from django.db.models import Count

    groups = (plan.obligations.values("kind", "due_date").annotate(units=Count("id")).order_by("due_date", "kind"))
    from binhdang.plans.models import ObligationKind

    rows = [{**g, "label": ObligationKind(g["kind"]).label} for g in groups]
    return render(request, "reporting/deadlines.html", {"plan": plan, "rows": rows})


@login_required
def adhoc_new(request):
    plans = selectors.plan_list_coordinated(user=request.user)
    if not plans.exists():
        raise PermissionDenied(_("Chỉ cơ quan điều phối mới gửi yêu cầu báo cáo đột xuất."))
    units = selectors.obligation_units(plans=plans)
    form = AdhocForm(request.POST or None, plans=plans, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adhoc = services.adhoc_request_create(
                actor=request.user, plan=data["plan"], title=data["title"], units=list(data["units"]),
                due_date=data["due_date"], period_start=data["period_start"], period_end=data["period_end"])
            count = len(data["units"])
            messages.success(request, ngettext("Đã gửi yêu cầu báo cáo đột xuất tới %(n)s đơn vị.",
                                               "Đã gửi yêu cầu báo cáo đột xuất tới %(n)s đơn vị.", count) % {"n": count})
            return redirect(f"{_reverse('reporting:status')}?period={adhoc.period_key}")
        except DomainError as error:
            messages.error(request, error.message)
    return render(request, "reporting/adhoc_form.html", {"form": form})


def _reverse(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


NOTIFICATIONS_SHOWN = 200  # the newest; older ones stay in the database


@login_required
def notifications_page(request):
    """The user's notifications by day and kind; POST marks them all read."""
    if request.method == "POST":
        count = services.notifications_mark_read(user=request.user)
        if count:
            messages.success(request, ngettext("Đã đánh dấu %(n)s thông báo là đã đọc.",
                                               "Đã đánh dấu %(n)s thông báo là đã đọc.", count)
                             % {"n": format_number(count)})
        else:
            messages.info(request, _("Không có thông báo chưa đọc."))
        return redirect("reporting:notifications")
    days = selectors.notification_days(user=request.user, limit=NOTIFICATIONS_SHOWN)
    shown = sum(d.count for d in days)
    return render(request, "reporting/notifications.html", {
        "days": days, "today": clock.today(), "shown": shown,
        "total": selectors.notification_total(user=request.user),
        "unread": selectors.notification_unread_count(user=request.user),
    })
