"""A unit's report: start, save, submit, return, accept, reopen (optimistic lock)."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor, User
from binhdang.core.audit import audit_record
from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.locking import require_version
from binhdang.orgunits.lineage import unit_require_valid
from binhdang.plans.models import Obligation, Plan

from .. import permissions, rules
from ..figures import figures_apply, figures_check, figures_withdraw
from ..models import (
    SectionKind,
    Submission,
    SubmissionRevision,
)
from ..rules import MAX_TEXT
from .forms import TASK_STATUSES, _now, template_for_kind
from .notifications import _notify_unit, notify, receiver_coordinators

# --- submissions: content ------------------------------------------------------------------


def _initial_content(obligation: Obligation, sections: list[dict]) -> dict:
    from binhdang.plans.selectors import task_list_for_units

    content: dict[str, Any] = {}
    for section in sections:
        kind = section["kind"]
        if kind == SectionKind.NARRATIVE:
            content[section["key"]] = ""
        elif kind == SectionKind.TASK_TABLE:
            unit_tasks = task_list_for_units(units=[obligation.org_unit],
                                             plans=Plan.objects.filter(pk=obligation.plan_id))
            content[section["key"]] = [
                {"code": r.task.code, "text": r.task.text[:500], "role": r.role,
                 "status": r.task.status, "progress": r.task.progress, "note": ""}
                for r in unit_tasks
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

    from ..periods import period_key_of

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
            by_code[figure.code].update(female=female, male=male, prefilled_female=female, prefilled_male=male)
        else:
            rows.append({"code": figure.code, "name": figure.name, "female": female, "male": male,
                         "prefilled_female": female, "prefilled_male": male})
    return rows


def _int_or_none(value: Any, label: str, key: str, low: int = 0, high: int | None = None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip().replace(".", "").replace(" ", ""))
    except ValueError:
        raise DomainError(rules.msg_not_number() % {"v": value, "label": label}, field=key) from None
    if number < low or (high is not None and number > high):
        raise DomainError(rules.msg_range() % {
            "label": label, "low": low, "high": high if high is not None else "…"}, field=key)
    return number


def _clean_value(section: dict, value: Any, current: Any) -> Any:
    key, kind = section["key"], section["kind"]
    if kind == SectionKind.NARRATIVE:
        text = "" if value is None else str(value)
        if len(text) > MAX_TEXT:
            raise DomainError(rules.msg_too_long() % {"t": section["title"], "n": MAX_TEXT}, field=key)
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
            progress = _int_or_none(raw.get("progress", base["progress"]), _("tiến độ %"), key,
                                    rules.PROGRESS_MIN, rules.PROGRESS_MAX)
            note = str(raw.get("note", base.get("note", "")) or "")
            if len(note) > rules.NOTE_MAX:
                raise DomainError(rules.msg_note_too_long() % {"c": base["code"], "n": rules.NOTE_MAX}, field=key)
            rows.append({**base, "status": status, "progress": progress or 0, "note": note})
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
            base = known.get(code, {})
            name = str(raw.get("name") or base.get("name") or code)[:255]
            row = {"code": code[:40], "name": name,
                   "female": _int_or_none(raw.get("female"), _("số nữ"), key),
                   "male": _int_or_none(raw.get("male"), _("số nam"), key)}
            for extra in ("prefilled_female", "prefilled_male"):  # kept from the pre-fill, never typed
                if base.get(extra) is not None:
                    row[extra] = base[extra]
            reason = str(raw.get("reason", base.get("reason", "")) or "").strip()[:500]
            if reason:
                row["reason"] = reason
            rows.append(row)
        return rows
    return current  # attachments change through attachment_add/remove only


def _section(submission: Submission, key: str) -> dict:
    for section in submission.sections:
        if section["key"] == key:
            return section
    raise DomainError(_("Báo cáo không có mục “%(key)s”.") % {"key": key})


@transaction.atomic
def submission_start(*, actor: Actor, obligation: Obligation, now: datetime.datetime | None = None) -> Submission:
    """The obligation's submission, started as a draft pre-filled from the plan when none exists."""
    permissions.require_submit(actor, obligation)
    unit_require_valid(obligation.org_unit, on=obligation.period_start or obligation.due_date, what=_("báo cáo"))
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


def _user(actor: Actor) -> User | None:
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
    if "content" in fields:
        fields["search_text"] = current.build_search_text(fields["content"])
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
def submission_save(*, actor: Actor, submission: Submission, version: int, changes: dict[str, Any],
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
def submission_submit(*, actor: Actor, submission: Submission, version: int, token: str = "",
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
    version = require_version(version)
    if version != current.version:
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
        raise DomainError(rules.msg_required() % {"s": "; ".join(missing)}, code="required")
    figures_check(submission=current)
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
               message="submission.resubmitted" if resubmission else "submission.submitted",
               params={"unit": current.org_unit.name, "obligation_kind": current.obligation.kind,
                       "due": current.obligation.due_date.isoformat()},
               url=current.get_absolute_url(), obligation=current.obligation)
    return _sync(submission, current)


def _require_reason(reason: str) -> str:
    from binhdang.core.audit import require_reason

    return require_reason(reason)  # not blank, and long enough to mean something


@transaction.atomic
def submission_return(*, actor: Actor, submission: Submission, reason: str, version: int,
                      now: datetime.datetime | None = None) -> Submission:
    """The receiver's coordinator sends a submitted report back with a reason.

    Raises AccessDenied without COORDINATE, DomainError without a reason or when the
    report is not waiting for review.
    """
    now = _now(now)
    current = _lock(submission)
    permissions.require_coordinate(actor, current.obligation)
    reason = _require_reason(reason)
    version = require_version(version)
    if version != current.version:
        raise _stale(current)
    if current.status != Submission.Status.SUBMITTED:
        raise DomainError(_("Chỉ trả lại được báo cáo đã gửi và đang chờ tiếp nhận."), code="bad_status")
    _cas(current, current.version, status=Submission.Status.RETURNED, returned_at=now,
         return_reason=reason, updated_at=now)
    audit_record(actor=actor, action="submission.return", obj=current, org_unit=current.org_unit,
                 changes={"status": ["submitted", "returned"]}, reason=reason)
    _notify_unit(current, now, f"returned:{current.pk}:{current.version}", "submission.returned",
                 {"obligation_kind": current.obligation.kind, "reason": reason})
    return _sync(submission, current)


@transaction.atomic
def submission_accept(*, actor: Actor, submission: Submission, version: int,
                      now: datetime.datetime | None = None) -> Submission:
    """The receiver's coordinator accepts a submitted report; it is then locked."""
    now = _now(now)
    current = _lock(submission)
    permissions.require_coordinate(actor, current.obligation)
    version = require_version(version)
    if version != current.version:
        raise _stale(current)
    if current.status == Submission.Status.ACCEPTED:
        return _sync(submission, current)  # a double click accepts once
    if current.status != Submission.Status.SUBMITTED:
        raise DomainError(_("Chỉ tiếp nhận được báo cáo đã gửi."), code="bad_status")
    snapshot = figures_apply(submission=current)
    _cas(current, current.version, status=Submission.Status.ACCEPTED, accepted_at=now,
         accepted_by=_user(actor), updated_at=now, applied_values=snapshot)
    audit_record(actor=actor, action="submission.accept", obj=current, org_unit=current.org_unit,
                 changes={"status": ["submitted", "accepted"]})
    _notify_unit(current, now, f"accepted:{current.pk}:{current.version}", "submission.accepted",
                 {"obligation_kind": current.obligation.kind})
    return _sync(submission, current)


@transaction.atomic
def submission_reopen(*, actor: Actor, submission: Submission, reason: str, version: int,
                      now: datetime.datetime | None = None) -> Submission:
    """Unlock an accepted report (back to returned, for the unit to correct); needs a reason
    and the version the coordinator read."""
    now = _now(now)
    current = _lock(submission)
    permissions.require_coordinate(actor, current.obligation)
    version = require_version(version)
    if version != current.version:
        raise _stale(current)
    reason = _require_reason(reason)
    if current.status != Submission.Status.ACCEPTED:
        raise DomainError(_("Chỉ mở lại được báo cáo đã tiếp nhận."), code="bad_status")
    figures_withdraw(submission=current)
    _cas(current, current.version, status=Submission.Status.RETURNED, accepted_at=None, accepted_by=None,
         returned_at=now, return_reason=reason, updated_at=now, applied_values=[])
    audit_record(actor=actor, action="submission.reopen", obj=current, org_unit=current.org_unit,
                 changes={"status": ["accepted", "returned"]}, reason=reason)
    _notify_unit(current, now, f"reopened:{current.pk}:{current.version}", "submission.reopened",
                 {"obligation_kind": current.obligation.kind, "reason": reason})
    return _sync(submission, current)
