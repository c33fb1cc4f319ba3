"""Writes of the reporting cycle: report forms, deadlines, ad-hoc requests, the submission
workflow (draft → submitted → returned/accepted), attachments and notifications.

Every write checks the policy, runs in a transaction and leaves an audit event.
"""

import datetime
import os
import re
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binhdang.accounts.models import Membership, Role
from binhdang.core.audit import audit_record
from binhdang.core.errors import ConflictError, DomainError
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind, Plan, PlanDeadline, Task

from . import permissions
from .defaults import default_template
from .models import (
    ALLOWED_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    AdhocRequest,
    Attachment,
    Notification,
    ReportTemplate,
    SectionKind,
    Submission,
    SubmissionRevision,
)

MAX_TEXT = 20000
TASK_STATUSES = [s for s in Task.Status.values if s != Task.Status.OVERDUE]


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


# --- report forms -------------------------------------------------------------------------


def template_for_kind(kind: str) -> ReportTemplate:
    """The form of a report kind, created from the default on first use."""
    template = ReportTemplate.objects.filter(kind=kind).first()
    if template is not None:
        return template
    name, sections = default_template(kind)
    try:
        with transaction.atomic():
            return ReportTemplate.objects.create(kind=kind, name=name, sections=sections)
    except IntegrityError:  # created meanwhile by another request
        return ReportTemplate.objects.get(kind=kind)


_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _slug_key(title: str, taken: set[str]) -> str:
    from binhdang.core.text import search_key

    base = re.sub(r"[^a-z0-9]+", "_", search_key(title)).strip("_")[:40] or "muc"
    if not base[0].isalpha():
        base = f"muc_{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _clean_sections(sections: list[dict]) -> list[dict]:
    cleaned, keys = [], set()
    for raw in sections:
        key = str(raw.get("key", "")).strip()
        title = str(raw.get("title", "")).strip()
        kind = str(raw.get("kind", ""))
        if not _KEY_RE.match(key):
            raise DomainError(_("Mã mục “%(key)s” không hợp lệ.") % {"key": key}, field="key")
        if key in keys:
            raise DomainError(_("Mã mục “%(key)s” bị trùng.") % {"key": key}, field="key")
        if not title:
            raise DomainError(_("Mục nào cũng phải có tiêu đề."), field="title")
        if kind not in SectionKind.values:
            raise DomainError(_("Loại mục “%(kind)s” không hợp lệ.") % {"kind": kind}, field="kind")
        row = {"key": key, "title": title[:255], "kind": kind, "help": str(raw.get("help", ""))[:1000],
               "required": bool(raw.get("required"))}
        if kind == SectionKind.INDICATOR_TABLE:
            row["indicators"] = _clean_indicators(raw.get("indicators") or [])
        keys.add(key)
        cleaned.append(row)
    if not cleaned:
        raise DomainError(_("Mẫu báo cáo phải có ít nhất một mục."))
    return cleaned


def _clean_indicators(rows: list[dict]) -> list[dict]:
    result, codes = [], set()
    for row in rows:
        code = str(row.get("code", "")).strip()
        name = str(row.get("name", "")).strip()
        if not code and not name:
            continue
        if not code or not name:
            raise DomainError(_("Mỗi chỉ tiêu cần có mã và tên."), field="indicators")
        if code in codes:
            raise DomainError(_("Mã chỉ tiêu “%(code)s” bị trùng.") % {"code": code}, field="indicators")
        codes.add(code)
        result.append({"code": code[:40], "name": name[:255]})
    return result


def _template_save(*, actor, template: ReportTemplate, version: int, sections: list[dict], what: str) -> ReportTemplate:
    permissions.require_edit_templates(actor)
    sections = _clean_sections(sections)
    before = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    updated = ReportTemplate.objects.filter(pk=template.pk, version=version).update(
        sections=sections, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError(_("Mẫu báo cáo vừa được người khác sửa. Hãy tải lại trang rồi làm lại."))
    template.refresh_from_db()
    audit_record(actor=actor, action=f"report_template.{what}", obj=template,
                 changes={"sections": [[s["key"] for s in before.sections], [s["key"] for s in sections]]})
    return template


@transaction.atomic
def template_section_add(*, actor, template: ReportTemplate, version: int, title: str, kind: str,
                         help_text: str = "", required: bool = False) -> ReportTemplate:
    sections = list(template.sections)
    row = {"key": _slug_key(title, {s["key"] for s in sections}), "title": title, "kind": kind,
           "help": help_text, "required": required}
    if kind == SectionKind.INDICATOR_TABLE:
        row["indicators"] = []
    sections.append(row)
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_add")


@transaction.atomic
def template_section_update(*, actor, template: ReportTemplate, version: int, key: str, title: str,
                            help_text: str, required: bool, indicators: list[dict] | None = None) -> ReportTemplate:
    sections = [dict(s) for s in template.sections]
    for row in sections:
        if row["key"] == key:
            row.update(title=title, help=help_text, required=required)
            if indicators is not None and row["kind"] == SectionKind.INDICATOR_TABLE:
                row["indicators"] = indicators
            break
    else:
        raise DomainError(_("Không tìm thấy mục cần sửa."))
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_update")


@transaction.atomic
def template_section_move(*, actor, template: ReportTemplate, version: int, key: str, direction: str) -> ReportTemplate:
    sections = list(template.sections)
    index = next((i for i, s in enumerate(sections) if s["key"] == key), None)
    if index is None:
        raise DomainError(_("Không tìm thấy mục cần chuyển."))
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_move")


@transaction.atomic
def template_section_remove(*, actor, template: ReportTemplate, version: int, key: str) -> ReportTemplate:
    sections = [s for s in template.sections if s["key"] != key]
    if len(sections) == len(template.sections):
        raise DomainError(_("Không tìm thấy mục cần xóa."))
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_remove")


# --- deadlines and ad-hoc requests -------------------------------------------------------


@transaction.atomic
def obligation_deadline_change(*, actor, plan: Plan, kind: str, old_date: datetime.date,
                               new_date: datetime.date, reason: str = "") -> int:
    """Move the due date of a plan's obligations of one kind (and the plan's stated
    deadline, so that generating obligations again does not recreate the old date).

    Returns the number of obligations moved. Raises AccessDenied unless the actor
    coordinates the plan's issuer; DomainError for a date before the plan.
    """
    from binhdang.core.permissions import Action, policy

    policy.require(actor, Action.COORDINATE, plan.issuer)
    if not isinstance(new_date, datetime.date):
        raise DomainError(_("Hạn gửi mới không hợp lệ."), field="new_date")
    if new_date < plan.date:
        raise DomainError(_("Hạn gửi không được trước ngày ban hành kế hoạch (%(d)s).") % {"d": _d(plan.date)},
                          field="new_date")
    if new_date == old_date:
        return 0
    obligations = Obligation.objects.select_for_update().filter(plan=plan, kind=kind, due_date=old_date)
    if Obligation.objects.filter(plan=plan, kind=kind, due_date=new_date).exists():
        raise DomainError(_("Đã có nghĩa vụ cùng loại với hạn %(d)s.") % {"d": _d(new_date)}, field="new_date")
    ids = list(obligations.values_list("pk", flat=True))
    moved = Obligation.objects.filter(pk__in=ids).update(due_date=new_date)
    PlanDeadline.objects.filter(plan=plan, kind=kind, date=old_date).update(date=new_date)
    AdhocRequest.objects.filter(plan=plan, due_date=old_date, obligations__in=ids).update(due_date=new_date)
    audit_record(actor=actor, action="obligation.deadline_change", obj=plan, org_unit=plan.issuer,
                 changes={"kind": kind, "due_date": [old_date.isoformat(), new_date.isoformat()],
                          "obligations": moved}, reason=reason)
    return moved


@transaction.atomic
def adhoc_request_create(*, actor, plan: Plan, title: str, units: list[OrgUnit], due_date: datetime.date,
                         receiver: OrgUnit | None = None, period_start: datetime.date | None = None,
                         period_end: datetime.date | None = None,
                         now: datetime.datetime | None = None) -> AdhocRequest:
    """Ask a set of units for an ad-hoc (đột xuất) report by `due_date`.

    Raises AccessDenied unless the actor coordinates every unit; DomainError on bad input.
    """
    from binhdang.core.permissions import Action, policy

    now = _now(now)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Hãy ghi nội dung yêu cầu báo cáo."), field="title")
    if not units:
        raise DomainError(_("Hãy chọn ít nhất một đơn vị phải báo cáo."), field="units")
    if not isinstance(due_date, datetime.date):
        raise DomainError(_("Hạn gửi không hợp lệ."), field="due_date")
    if period_start and period_end and period_end < period_start:
        raise DomainError(_("Ngày chốt số liệu phải sau ngày bắt đầu."), field="period_end")
    receiver = receiver or _coordinating_unit(actor) or plan.issuer
    for unit in units:
        policy.require(actor, Action.COORDINATE, unit)
    request = AdhocRequest.objects.create(
        plan=plan, title=title[:500], receiver=receiver, due_date=due_date, period_start=period_start,
        period_end=period_end, created_by=actor if getattr(actor, "pk", None) else None, created_at=now,
    )
    for unit in units:
        obligation = Obligation.objects.create(
            plan=plan, kind=ObligationKind.ADHOC, title=title[:500], org_unit=unit, receiver=receiver,
            due_date=due_date, period_start=period_start, period_end=period_end,
        )
        request.obligations.add(obligation)
    audit_record(actor=actor, action="adhoc_request.create", obj=request, org_unit=receiver,
                 changes={"units": [u.name for u in units], "due_date": due_date.isoformat()})
    for unit in units:
        for user in unit_reporters(unit):
            notify(user=user, key=f"adhoc:{request.pk}:{unit.pk}", now=now,
                   title=_("Yêu cầu báo cáo đột xuất: %(t)s") % {"t": title[:120]},
                   body=_("%(unit)s gửi trước ngày %(d)s.") % {"unit": unit.name, "d": _d(due_date)},
                   url="/reports/")
    return request


def _coordinating_unit(actor) -> OrgUnit | None:
    membership = (
        Membership.objects.filter(user=actor, role=Role.COORDINATOR).select_related("org_unit").first()
        if getattr(actor, "pk", None) else None
    )
    return membership.org_unit if membership else None


# --- submissions: content ------------------------------------------------------------------


def _initial_content(obligation: Obligation, sections: list[dict]) -> dict:
    from binhdang.plans.selectors import task_list_for_units

    content: dict[str, Any] = {}
    for section in sections:
        kind = section["kind"]
        if kind == SectionKind.NARRATIVE:
            content[section["key"]] = ""
        elif kind == SectionKind.TASK_TABLE:
            rows = task_list_for_units(units=[obligation.org_unit],
                                       plans=Plan.objects.filter(pk=obligation.plan_id))
            content[section["key"]] = [
                {"code": r.task.code, "text": r.task.text[:500], "role": r.role,
                 "status": r.task.status, "progress": r.task.progress, "note": ""}
                for r in rows
            ]
        elif kind == SectionKind.INDICATOR_TABLE:
            rows = [
                {"code": i["code"], "name": i["name"], "female": None, "male": None}
                for i in section.get("indicators", [])
            ]
            content[section["key"]] = _prefill_indicators(obligation, rows)
        elif kind == SectionKind.ATTACHMENTS:
            content[section["key"]] = []
    return content


def _prefill_indicators(obligation: Obligation, rows: list[dict]) -> list[dict]:
    """Fill the table with what the unit already recorded for the period (activities,
    indicator values), so officers check figures instead of counting them again."""
    from binhdang.indicators.selectors import report_indicator_rows

    from .periods import period_key_of

    try:
        period_key = period_key_of(obligation)
        recorded = report_indicator_rows(obligation.org_unit, period_key)
    except (DomainError, ValueError, LookupError):
        return rows
    by_code = {row["code"]: row for row in rows}
    for figure in recorded:
        if figure.female is None and figure.male is None:
            continue
        female = None if figure.female is None else round(figure.female)
        male = None if figure.male is None else round(figure.male)
        if figure.code in by_code:
            by_code[figure.code].update(female=female, male=male)
        else:
            rows.append({"code": figure.code, "name": figure.name, "female": female, "male": male})
    return rows


def _int_or_none(value: Any, label: str, key: str, low: int = 0, high: int | None = None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip().replace(".", "").replace(" ", ""))
    except ValueError:
        raise DomainError(_("“%(v)s” không phải là số (%(label)s).") % {"v": value, "label": label}, field=key) from None
    if number < low or (high is not None and number > high):
        raise DomainError(_("Giá trị %(label)s phải từ %(low)s đến %(high)s.") % {
            "label": label, "low": low, "high": high if high is not None else "…"}, field=key)
    return number


def _clean_value(section: dict, value: Any, current: Any) -> Any:
    key, kind = section["key"], section["kind"]
    if kind == SectionKind.NARRATIVE:
        text = "" if value is None else str(value)
        if len(text) > MAX_TEXT:
            raise DomainError(_("Mục “%(t)s” dài quá %(n)s ký tự.") % {"t": section["title"], "n": MAX_TEXT}, field=key)
        return text.replace("\r\n", "\n")
    if kind == SectionKind.TASK_TABLE:
        by_code = {r["code"]: r for r in (current or [])}
        rows = []
        for raw in value or []:
            base = by_code.get(raw.get("code"))
            if base is None:
                raise DomainError(_("Nhiệm vụ “%(c)s” không có trong báo cáo.") % {"c": raw.get("code")}, field=key)
            status = raw.get("status", base["status"])
            if status not in TASK_STATUSES:
                raise DomainError(_("Trạng thái nhiệm vụ không hợp lệ."), field=key)
            progress = _int_or_none(raw.get("progress", base["progress"]), _("tiến độ %"), key, 0, 100)
            rows.append({**base, "status": status, "progress": progress or 0,
                         "note": str(raw.get("note", base.get("note", "")))[:2000]})
        seen = {r["code"] for r in rows}
        rows += [r for r in (current or []) if r["code"] not in seen]
        order = {r["code"]: i for i, r in enumerate(current or [])}
        return sorted(rows, key=lambda r: order.get(r["code"], 0))
    if kind == SectionKind.INDICATOR_TABLE:
        known = {r["code"]: r for r in (current or [])}
        rows = []
        for raw in value or []:
            code = str(raw.get("code", "")).strip()
            if not code:
                continue
            name = str(raw.get("name") or known.get(code, {}).get("name") or code)[:255]
            rows.append({"code": code[:40], "name": name,
                         "female": _int_or_none(raw.get("female"), _("số nữ"), key),
                         "male": _int_or_none(raw.get("male"), _("số nam"), key)})
        return rows
    return current  # attachments change through attachment_add/remove only


def _section(submission: Submission, key: str) -> dict:
    for section in submission.sections:
        if section["key"] == key:
            return section
    raise DomainError(_("Báo cáo không có mục “%(key)s”.") % {"key": key})


@transaction.atomic
def submission_start(*, actor, obligation: Obligation, now: datetime.datetime | None = None) -> Submission:
    """The obligation's submission, started as a draft pre-filled from the plan when none exists."""
    permissions.require_submit(actor, obligation)
    existing = Submission.objects.filter(obligation=obligation).first()
    if existing is not None:
        return existing
    now = _now(now)
    Obligation.objects.select_for_update().filter(pk=obligation.pk).first()
    template = template_for_kind(obligation.kind)
    sections = [dict(s) for s in template.sections]
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                obligation=obligation, org_unit=obligation.org_unit, sections=sections,
                content=_initial_content(obligation, sections), created_by=_user(actor),
                created_at=now, updated_at=now,
            )
    except IntegrityError:  # a parallel request started it first
        return Submission.objects.get(obligation=obligation)
    audit_record(actor=actor, action="submission.start", obj=submission, org_unit=obligation.org_unit,
                 changes={"template": template.pk, "template_version": template.version})
    return submission


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _lock(submission: Submission) -> Submission:
    # of=("self",): lock the report row only, not the joined obligation and unit rows.
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("obligation", "org_unit")
        .get(pk=submission.pk)
    )


def _cas(current: Submission, version: int, **fields: Any) -> None:
    """Write `fields` only if nobody bumped the version meanwhile (compare-and-swap: safe
    on SQLite, where select_for_update is a no-op, as well as on PostgreSQL)."""
    updated = Submission.objects.filter(pk=current.pk, version=version).update(version=version + 1, **fields)
    if not updated:
        raise _stale(current)
    current.version = version + 1
    for name, value in fields.items():
        setattr(current, name, value)


def _stale(current: Submission) -> ConflictError:
    fresh = Submission.objects.filter(pk=current.pk).values_list("version", flat=True).first()
    return ConflictError(
        _("Báo cáo vừa được người khác sửa (phiên bản %(v)s). Nội dung bạn vừa nhập CHƯA được lưu: "
          "hãy sao chép lại, tải lại trang rồi nhập tiếp.") % {"v": fresh},
        code="stale_version",
    )


def _sync(target: Submission, current: Submission) -> Submission:
    target.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    return target


@transaction.atomic
def submission_save(*, actor, submission: Submission, version: int, changes: dict[str, Any],
                    now: datetime.datetime | None = None) -> Submission:
    """Save sections of a draft (or returned) report; returns it with its new version.

    Raises ConflictError when `version` is stale (nothing is written), DomainError when
    the report is not editable or a value is invalid, AccessDenied without SUBMIT.
    """
    current = _lock(submission)
    permissions.require_submit(actor, current.obligation)
    if current.version != version:
        raise _stale(current)
    if not current.is_editable:
        raise DomainError(_("Báo cáo đã gửi, không sửa được. Chỉ sửa khi báo cáo bị trả lại."), code="locked")
    content = dict(current.content)
    changed = {}
    for key, value in changes.items():
        section = _section(current, key)
        new = _clean_value(section, value, content.get(key))
        if new != content.get(key):
            changed[key] = True
            content[key] = new
    if not changed:
        return _sync(submission, current)
    _cas(current, version, content=content, updated_at=_now(now))
    audit_record(actor=actor, action="submission.save", obj=current, org_unit=current.org_unit,
                 changes={"sections": sorted(changed), "version": current.version})
    return _sync(submission, current)


def _missing_required(submission: Submission) -> list[str]:
    missing = []
    for section in submission.sections:
        if not section.get("required"):
            continue
        value = submission.content.get(section["key"])
        kind = section["kind"]
        empty = (
            (kind == SectionKind.NARRATIVE and not str(value or "").strip())
            or (kind == SectionKind.INDICATOR_TABLE
                and any(r.get("female") is None or r.get("male") is None for r in value or []))
            or (kind == SectionKind.ATTACHMENTS and not submission.attachment_files.filter(section_key=section["key"]).exists())
        )
        if empty:
            missing.append(section["title"])
    return missing


@transaction.atomic
def submission_submit(*, actor, submission: Submission, version: int | None = None, token: str = "",
                      changes: dict[str, Any] | None = None, now: datetime.datetime | None = None) -> Submission:
    """Send a draft (or resubmit a returned report): freeze a revision, stamp the times.

    Idempotent: a retried or double-clicked submit carrying the same `token`, or the
    version the submit was made from, returns the same revision and changes nothing.
    Raises ConflictError for a stale version, DomainError when required sections are
    empty or the report was sent already, AccessDenied without SUBMIT.
    """
    now = _now(now)
    current = _lock(submission)  # serialises parallel submits of one report (PostgreSQL)
    permissions.require_submit(actor, current.obligation)
    if token and current.revisions.filter(token=token).exists():
        return _sync(submission, current)
    if version is not None and version != current.version:
        last = current.revisions.order_by("-number").first()
        if last is not None and last.from_version == version and current.status != Submission.Status.DRAFT:
            return _sync(submission, current)
        raise _stale(current)
    if not current.is_editable:
        raise DomainError(_("Báo cáo đã được gửi."), code="already_submitted")
    if changes:  # what the form still held when the button was pressed (autosave may lag)
        content = dict(current.content)
        for key, value in changes.items():
            content[key] = _clean_value(_section(current, key), value, content.get(key))
        current.content = content
    missing = _missing_required(current)
    if missing:
        raise DomainError(_("Chưa điền các mục bắt buộc: %(s)s.") % {"s": "; ".join(missing)}, code="required")
    from_version = current.version
    resubmission = current.status == Submission.Status.RETURNED
    number = current.revisions.count() + 1
    first = current.first_submitted_at or now
    _cas(current, from_version, status=Submission.Status.SUBMITTED, first_submitted_at=first,
         last_submitted_at=now, updated_at=now, content=current.content)
    attachments = [{"id": a.pk, "name": a.original_name, "size": a.size, "section": a.section_key}
                   for a in current.attachment_files.all()]
    revision = SubmissionRevision.objects.create(
        submission=current, number=number, content=current.content, sections=current.sections,
        attachments=attachments, submitted_at=now, submitted_by=_user(actor), from_version=from_version,
        token=(token or "")[:64],
    )
    # The plans app's hook: the obligation records its first submission time.
    Obligation.objects.filter(pk=current.obligation_id, submitted_at__isnull=True).update(submitted_at=first)
    audit_record(actor=actor, action="submission.resubmit" if resubmission else "submission.submit",
                 obj=current, org_unit=current.org_unit,
                 changes={"revision": revision.number, "on_time": current.on_time,
                          "status": ["returned" if resubmission else "draft", "submitted"]})
    for user in receiver_coordinators(current.obligation):
        notify(user=user, key=f"submitted:{current.pk}:{revision.number}", now=now,
               title=(_("%(unit)s gửi lại báo cáo") if resubmission else _("%(unit)s đã gửi báo cáo"))
               % {"unit": current.org_unit.name},
               body=current.obligation.title, url=current.get_absolute_url(), obligation=current.obligation)
    return _sync(submission, current)


def _require_reason(reason: str) -> str:
    from binhdang.core.audit import require_reason

    return require_reason(reason)  # not blank, and long enough to mean something


@transaction.atomic
def submission_return(*, actor, submission: Submission, reason: str, version: int | None = None,
                      now: datetime.datetime | None = None) -> Submission:
    """The receiver's coordinator sends a submitted report back with a reason.

    Raises AccessDenied without COORDINATE, DomainError without a reason or when the
    report is not waiting for review.
    """
    now = _now(now)
    current = _lock(submission)
    permissions.require_coordinate(actor, current.obligation)
    reason = _require_reason(reason)
    if version is not None and version != current.version:
        raise _stale(current)
    if current.status != Submission.Status.SUBMITTED:
        raise DomainError(_("Chỉ trả lại được báo cáo đã gửi và đang chờ tiếp nhận."), code="bad_status")
    _cas(current, current.version, status=Submission.Status.RETURNED, returned_at=now,
         return_reason=reason, updated_at=now)
    audit_record(actor=actor, action="submission.return", obj=current, org_unit=current.org_unit,
                 changes={"status": ["submitted", "returned"]}, reason=reason)
    _notify_unit(current, now, f"returned:{current.pk}:{current.version}",
                 _("Báo cáo bị trả lại: %(t)s") % {"t": current.obligation.get_kind_display()}, reason)
    return _sync(submission, current)


@transaction.atomic
def submission_accept(*, actor, submission: Submission, version: int | None = None,
                      now: datetime.datetime | None = None) -> Submission:
    """The receiver's coordinator accepts a submitted report; it is then locked."""
    now = _now(now)
    current = _lock(submission)
    permissions.require_coordinate(actor, current.obligation)
    if version is not None and version != current.version:
        raise _stale(current)
    if current.status == Submission.Status.ACCEPTED:
        return _sync(submission, current)  # a double click accepts once
    if current.status != Submission.Status.SUBMITTED:
        raise DomainError(_("Chỉ tiếp nhận được báo cáo đã gửi."), code="bad_status")
    _cas(current, current.version, status=Submission.Status.ACCEPTED, accepted_at=now,
         accepted_by=_user(actor), updated_at=now)
    audit_record(actor=actor, action="submission.accept", obj=current, org_unit=current.org_unit,
                 changes={"status": ["submitted", "accepted"]})
    _notify_unit(current, now, f"accepted:{current.pk}:{current.version}",
                 _("Báo cáo đã được tiếp nhận: %(t)s") % {"t": current.obligation.get_kind_display()}, "")
    return _sync(submission, current)


@transaction.atomic
def submission_reopen(*, actor, submission: Submission, reason: str,
                      now: datetime.datetime | None = None) -> Submission:
    """Unlock an accepted report (back to returned, for the unit to correct); needs a reason."""
    now = _now(now)
    current = _lock(submission)
    permissions.require_coordinate(actor, current.obligation)
    reason = _require_reason(reason)
    if current.status != Submission.Status.ACCEPTED:
        raise DomainError(_("Chỉ mở lại được báo cáo đã tiếp nhận."), code="bad_status")
    _cas(current, current.version, status=Submission.Status.RETURNED, accepted_at=None, accepted_by=None,
         returned_at=now, return_reason=reason, updated_at=now)
    audit_record(actor=actor, action="submission.reopen", obj=current, org_unit=current.org_unit,
                 changes={"status": ["accepted", "returned"]}, reason=reason)
    _notify_unit(current, now, f"reopened:{current.pk}:{current.version}",
                 _("Báo cáo được mở lại để chỉnh sửa: %(t)s") % {"t": current.obligation.get_kind_display()}, reason)
    return _sync(submission, current)


# --- attachments ------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor, submission: Submission, section_key: str, file, version: int | None = None,
                   now: datetime.datetime | None = None) -> Attachment:
    """Attach a file to an editable report. Raises DomainError for a bad type or size."""
    now = _now(now)
    current = _lock(submission)
    permissions.require_submit(actor, current.obligation)
    if version is not None and version != current.version:
        raise _stale(current)
    if not current.is_editable:
        raise DomainError(_("Báo cáo đã gửi, không thêm tệp được."), code="locked")
    section = _section(current, section_key)
    if section["kind"] != SectionKind.ATTACHMENTS:
        raise DomainError(_("Mục này không nhận tệp đính kèm."))
    name = os.path.basename(getattr(file, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise DomainError(_("Chỉ nhận tệp %(ext)s.") % {"ext": ", ".join(ALLOWED_EXTENSIONS)}, field="file")
    size = getattr(file, "size", 0) or 0
    if size <= 0:
        raise DomainError(_("Tệp rỗng."), field="file")
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(_("Tệp lớn hơn 10 MB."), field="file")
    attachment = Attachment(submission=current, section_key=section_key, original_name=name[:255], size=size,
                            content_type=(getattr(file, "content_type", "") or "")[:100],
                            uploaded_by=_user(actor), uploaded_at=now)
    attachment.file.save(name, file, save=False)
    attachment.save()
    names = [*(current.content.get(section_key) or []), attachment.original_name]
    _cas(current, current.version, content={**current.content, section_key: names}, updated_at=now)
    audit_record(actor=actor, action="submission.attachment_add", obj=current, org_unit=current.org_unit,
                 changes={"file": attachment.original_name, "size": size})
    _sync(submission, current)
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment, now: datetime.datetime | None = None) -> None:
    current = _lock(attachment.submission)
    permissions.require_submit(actor, current.obligation)
    if not current.is_editable:
        raise DomainError(_("Báo cáo đã gửi, không xóa tệp được."), code="locked")
    key = attachment.section_key
    names = list(current.content.get(key) or [])
    if attachment.original_name in names:
        names.remove(attachment.original_name)
    _cas(current, current.version, content={**current.content, key: names}, updated_at=_now(now))
    audit_record(actor=actor, action="submission.attachment_remove", obj=current, org_unit=current.org_unit,
                 changes={"file": attachment.original_name})
    attachment.file.delete(save=False)
    attachment.delete()


# --- notifications --------------------------------------------------------------------------


def unit_reporters(unit: OrgUnit) -> list:
    """People who report for `unit` (reporters and coordinators working in it)."""
    return _users(Membership.objects.filter(org_unit=unit, role__in=[Role.REPORTER, Role.COORDINATOR]))


def unit_heads(unit: OrgUnit) -> list:
    return _users(Membership.objects.filter(org_unit=unit, is_head=True))


def receiver_coordinators(obligation: Obligation) -> list:
    return _users(Membership.objects.filter(org_unit_id=obligation.receiver_id, role=Role.COORDINATOR))


def _users(memberships) -> list:
    seen, users = set(), []
    for m in memberships.select_related("user").order_by("user_id"):
        if m.user.is_active and m.user_id not in seen:
            seen.add(m.user_id)
            users.append(m.user)
    return users


def notify(*, user, key: str, title: str, body: str = "", url: str = "", obligation: Obligation | None = None,
           now: datetime.datetime | None = None) -> Notification:
    """An in-app notification; the same (user, key) twice creates it once."""
    notification, _created = Notification.objects.get_or_create(
        user=user, key=key[:200],
        defaults={"title": str(title)[:255], "body": str(body), "url": url, "obligation": obligation,
                  "created_at": _now(now)},
    )
    return notification


def _notify_unit(submission: Submission, now, key: str, title: str, body: str) -> None:
    for user in unit_reporters(submission.org_unit):
        notify(user=user, key=key, title=title, body=body, url=submission.get_absolute_url(),
               obligation=submission.obligation, now=now)


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None, now: datetime.datetime | None = None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=_now(now))


def new_token() -> str:
    return uuid.uuid4().hex


# --- reminders and escalation -------------------------------------------------------------

# Days before the due date that remind the unit; after it, escalation on these days overdue
# (then weekly for eight weeks) to the unit's head and the receiver's coordinator too.
REMIND_DAYS_BEFORE = (7, 2, 0)
OVERDUE_DAYS = (1, 3, 7)
OVERDUE_WEEKS_MAX = 8


def reminder_stage(days_until_due: int) -> str | None:
    if days_until_due in REMIND_DAYS_BEFORE:
        return "due" if days_until_due == 0 else f"before-{days_until_due}"
    overdue = -days_until_due
    if overdue in OVERDUE_DAYS or (7 < overdue <= 7 * OVERDUE_WEEKS_MAX and overdue % 7 == 0):
        return f"overdue-{overdue}"
    return None


def _item_line(obligation: Obligation, state: str, days: int) -> str:
    states = {"missing": _("chưa gửi"), "draft": _("đang soạn, chưa gửi"), "returned": _("bị trả lại, cần gửi lại")}
    if days > 0:
        when = ngettext("còn %(n)s ngày", "còn %(n)s ngày", days) % {"n": days}
    elif days == 0:
        when = _("hạn là hôm nay")
    else:
        when = ngettext("quá hạn %(n)s ngày", "quá hạn %(n)s ngày", -days) % {"n": -days}
    return _("%(unit)s · %(what)s · hạn %(due)s · %(when)s (%(state)s)") % {
        "unit": obligation.org_unit.name, "what": obligation.get_kind_display(),
        "due": _d(obligation.due_date), "when": when, "state": states[state],
    }


def reminders_run(*, day: datetime.date, now: datetime.datetime | None = None, send_email: bool = True) -> dict:
    """The day's reminders: in-app notifications per item, and ONE digest e-mail per person.

    Idempotent: notifications are keyed by (user, obligation, stage) and each person's
    digest of a day by a unique SentLog row, so running the same day again (or a worker
    restart in the middle) sends nothing twice.
    """
    from .selectors import reminder_candidates

    now = _now(now)
    items: dict[int, list[tuple[Obligation, str, int, str]]] = {}
    people: dict[int, Any] = {}
    for obligation, state, days in reminder_candidates(day=day):
        stage = reminder_stage(days)
        if stage is None:
            continue
        recipients = unit_reporters(obligation.org_unit)
        if days < 0:
            recipients += unit_heads(obligation.org_unit) + receiver_coordinators(obligation)
        for user in recipients:
            people[user.pk] = user
            bucket = items.setdefault(user.pk, [])
            if all(o.pk != obligation.pk for o, *_rest in bucket):
                bucket.append((obligation, state, days, stage))
    summary = {"day": day.isoformat(), "people": len(items), "items": 0, "emails_sent": 0}
    for user_id, bucket in items.items():
        user = people[user_id]
        for obligation, state, days, stage in bucket:
            notify(user=user, key=f"reminder:{obligation.pk}:{stage}", obligation=obligation, now=now,
                   title=(_("Quá hạn: %(what)s của %(unit)s") if days < 0 else _("Nhắc hạn: %(what)s của %(unit)s"))
                   % {"what": obligation.get_kind_display(), "unit": obligation.org_unit.name},
                   body=_item_line(obligation, state, days), url=f"/reports/obligations/{obligation.pk}/")
            summary["items"] += 1
        if send_email and _send_digest(user=user, day=day, bucket=bucket, now=now):
            summary["emails_sent"] += 1
    return summary


def _send_digest(*, user, day: datetime.date, bucket: list, now: datetime.datetime) -> bool:
    from django.conf import settings
    from django.core.mail import send_mail

    from .models import SentLog

    if not user.email:
        return False
    key = f"digest:{day.isoformat()}:{user.pk}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentLog.objects.get_or_create(key=key, defaults={"user": user, "day": day, "created_at": now})
        except IntegrityError:
            pass  # another worker created it; the row lock below decides who sends
        # The lock is held while the mail goes out: a second worker waits, then sees sent_at.
        log = SentLog.objects.select_for_update().get(key=key)
        if log.sent_at is not None:
            return False
        base = getattr(settings, "BINHDANG_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        lines = [f"- {_item_line(o, s, d)}\n  {base}/reports/obligations/{o.pk}/" for o, s, d, _st in bucket]
        overdue = sum(1 for _o, _s, d, _st in bucket if d < 0)
        subject = ngettext("[binhdang] Nhắc việc báo cáo ngày %(d)s: %(n)s việc",
                           "[binhdang] Nhắc việc báo cáo ngày %(d)s: %(n)s việc", len(bucket)) % {
            "d": _d(day), "n": len(bucket)}
        if overdue:
            subject += _(" (%(n)s quá hạn)") % {"n": overdue}
        body = "\n".join([
            _("Kính gửi %(name)s,") % {"name": user.get_full_name()}, "",
            _("Các báo cáo sau cần anh/chị xử lý:"), "", *lines, "",
            _("Thư này tổng hợp mọi nhắc việc trong ngày; mỗi ngày anh/chị nhận nhiều nhất một thư."),
        ])
        send_mail(subject, body, None, [user.email])
        log.sent_at = timezone.now()
        log.items = len(bucket)
        log.save(update_fields=["sent_at", "items"])
    return True
