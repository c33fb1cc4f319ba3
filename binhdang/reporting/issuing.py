"""The coordinator edits the consolidated report, then issues it.

Issuing makes the unit's own report for the period (the town's Báo cáo 6 tháng): a
submission of the unit, upward to the level above (the province's standing agency), in
the same cycle. The province then consolidates the towns exactly as a town consolidates
its communes: the same synthesis, the same review (accept / return).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core import clock
from binhdang.core.audit import audit_record
from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.permissions import Action, policy
from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation

from .models import ConsolidatedReport, SectionKind, Submission, SubmissionRevision
from .periods import obligation_kind, obligations_q, period_parse, report_title

PARTS = ("I", "II", "III", "IV")
# The sections of an issued consolidated report: the synthesis' parts, read back by the
# level above's synthesis like any unit's report (see synthesis.RESULT_KEYS …).
ISSUED_SECTIONS = [
    {"key": "ket_qua", "title": "Kết quả thực hiện", "kind": SectionKind.NARRATIVE, "help": "", "required": True},
    {"key": "kho_khan", "title": "Hạn chế, tồn tại và nguyên nhân", "kind": SectionKind.NARRATIVE, "help": "",
     "required": False},
    {"key": "phuong_huong", "title": "Phương hướng, nhiệm vụ", "kind": SectionKind.NARRATIVE, "help": "",
     "required": False},
    {"key": "kien_nghi", "title": "Kiến nghị, đề xuất", "kind": SectionKind.NARRATIVE, "help": "", "required": False},
    {"key": "so_lieu", "title": "Số liệu tổng hợp theo giới tính", "kind": SectionKind.INDICATOR_TABLE, "help": "",
     "required": False},
]
_PART_KEYS = dict(zip(PARTS, ("ket_qua", "kho_khan", "phuong_huong", "kien_nghi"), strict=True))


def scope_unit_of(receiver: OrgUnit) -> OrgUnit:
    """The unit whose report a receiver consolidates: the town for its Phòng LĐ-TB&XH, the
    province for its Ban VSTBPN; an administrative unit for itself."""
    if receiver.level_title or receiver.depth == 1:
        return receiver
    parent = OrgUnit.objects.get_parent(receiver)
    return parent if parent is not None else receiver


def upward_receiver(unit: OrgUnit) -> OrgUnit | None:
    """Where the unit's consolidated report goes: the level above's standing agency on
    gender equality (Ban VSTBPN, else Sở/Phòng LĐ-TB&XH), else the level above itself."""
    parent = OrgUnit.objects.get_parent(unit)
    if parent is None:
        return None
    children = list(OrgUnit.objects.get_children(parent))
    for prefix in ("ban vi su tien bo", "so lao dong", "phong lao dong"):
        match = next((c for c in children if search_key(c.name).startswith(prefix)), None)
        if match is not None:
            return match
    return parent


def draft_get(*, unit: OrgUnit, period_key: str) -> ConsolidatedReport | None:
    return ConsolidatedReport.objects.filter(org_unit=unit, period=period_parse(period_key).key).first()


def figures_snapshot(figures: list[Any]) -> dict[str, list[int | None]]:
    return {f.code: [f.female, f.male] for f in figures}


def figures_changed(draft: ConsolidatedReport | None, figures: list[Any]) -> list[dict[str, Any]]:
    """The figures that differ from the last saved draft: [{code, name, old, new}] (totals)."""
    if draft is None or not draft.figures:
        return []
    out = []
    now = figures_snapshot(figures)
    names = {f.code: f.name for f in figures}
    for code in sorted(set(now) | set(draft.figures)):
        old, new = draft.figures.get(code), now.get(code)
        if old != new:
            def total(pair: list[int | None] | None) -> int | None:
                return None if pair is None else (pair[0] or 0) + (pair[1] or 0)
            out.append({"code": code, "name": names.get(code, code), "old": total(old), "new": total(new),
                        "old_female": old[0] if old else None, "new_female": new[0] if new else None})
    return out


def _require(actor: Any, unit: OrgUnit) -> None:
    policy.require(actor, Action.COORDINATE, unit)


@transaction.atomic
def draft_save(*, actor: Any, unit: OrgUnit, period_key: str, edits: dict[str, str], version: int | None,
               now: datetime.datetime | None = None) -> ConsolidatedReport:
    """Keep the coordinator's text of parts I–IV (an empty part: the generated text) and the
    figures it was written against. Raises AccessDenied, ConflictError for a stale version."""
    from .synthesis import synthesis_build

    _require(actor, unit)
    period = period_parse(period_key)
    now = now or clock.now()
    clean = {p: str(edits.get(p) or "").replace("\r\n", "\n").strip()[:20000] for p in PARTS}
    draft, created = ConsolidatedReport.objects.select_for_update().get_or_create(org_unit=unit, period=period.key)
    if not created and version is not None and version != draft.version:
        raise ConflictError(_("Bản tổng hợp vừa được người khác sửa. Hãy tải lại trang rồi sửa tiếp."),
                            code="stale_version")
    before = dict(draft.edits)
    draft.edits = {p: t for p, t in clean.items() if t}
    draft.figures = figures_snapshot(synthesis_build(unit, period.key).figures)
    draft.version = draft.version + (0 if created else 1)
    draft.updated_at, draft.updated_by = now, actor if getattr(actor, "pk", None) else None
    draft.save()
    audit_record(actor=actor, action="consolidation.save", obj=draft, org_unit=unit,
                 changes={"parts": sorted(k for k in PARTS if before.get(k) != draft.edits.get(k))})
    return draft


def _upward_obligation(unit: OrgUnit, period: Any) -> Obligation:
    receiver = upward_receiver(unit)
    if receiver is None:
        raise DomainError(_("Đơn vị này không có cấp trên để gửi báo cáo."), code="no_parent")
    existing = Obligation.objects.filter(obligations_q(period), org_unit=unit).order_by("id").first()
    if existing is not None:
        return existing
    plan = (Obligation.objects.filter(obligations_q(period), org_unit__path__startswith=unit.path)
            .select_related("plan").order_by("id").first())
    kind = obligation_kind(period)
    if plan is None or kind is None:  # a second half-year has no report of its own
        raise DomainError(_("Kỳ này chưa có báo cáo nào của các đơn vị để tổng hợp."), code="nothing")
    title = _("%(kind)s của %(unit)s gửi %(to)s") % {
        "kind": report_title(period), "unit": unit.name, "to": receiver.name}
    return Obligation.objects.create(
        plan=plan.plan, kind=kind, title=title[:500], org_unit=unit, receiver=receiver,
        due_date=period.default_due or plan.due_date, period_start=period.start, period_end=period.end,
    )


@transaction.atomic
def consolidated_issue(*, actor: Any, unit: OrgUnit, period_key: str, parts: dict[str, str],
                       now: datetime.datetime | None = None) -> Submission:
    """Issue the consolidated report: the unit's own submission upward, sent now.

    `parts` is the final text of parts I–IV as the document prints them. Re-issuing is
    allowed while the level above has not accepted it (a returned report is corrected and
    sent again). Raises AccessDenied without COORDINATE on the unit, DomainError when it
    was accepted already or there is nothing to consolidate.
    """
    from . import services
    from .synthesis import synthesis_build

    _require(actor, unit)
    period = period_parse(period_key)
    now = now or clock.now()
    synthesis = synthesis_build(unit, period.key)
    obligation = _upward_obligation(unit, period)
    content: dict[str, Any] = {key: str(parts.get(part) or "").strip() for part, key in _PART_KEYS.items()}
    # The figures are the roll-up of the units below: "rollup" keeps them out of the value
    # link, so the level above never counts them twice.
    content["so_lieu"] = [{"code": f.code, "name": f.name, "female": f.female, "male": f.male, "rollup": True}
                          for f in synthesis.figures]
    user = actor if getattr(actor, "pk", None) else None
    submission = Submission.objects.select_for_update().filter(obligation=obligation).first()
    if submission is not None and submission.status == Submission.Status.ACCEPTED:
        raise DomainError(_("Cấp trên đã tiếp nhận báo cáo này; không ban hành lại được."), code="accepted")
    if submission is not None and submission.status == Submission.Status.SUBMITTED:
        raise DomainError(_("Báo cáo đã gửi cấp trên và đang chờ tiếp nhận."), code="already_submitted")
    if submission is None:
        submission = Submission.objects.create(
            obligation=obligation, org_unit=unit, sections=[dict(s) for s in ISSUED_SECTIONS], content=content,
            created_by=user, created_at=now, updated_at=now,
        )
    resubmission = submission.status == Submission.Status.RETURNED
    first = submission.first_submitted_at or now
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.SUBMITTED, content=content, first_submitted_at=first, last_submitted_at=now,
        updated_at=now, version=submission.version + 1)
    submission.refresh_from_db()
    SubmissionRevision.objects.create(
        submission=submission, number=submission.revisions.count() + 1, content=content,
        sections=submission.sections, attachments=[], submitted_at=now, submitted_by=user,
        from_version=submission.version - 1,
    )
    Obligation.objects.filter(pk=obligation.pk, submitted_at__isnull=True).update(submitted_at=first)
    draft, _created = ConsolidatedReport.objects.get_or_create(org_unit=unit, period=period.key)
    draft.issued_at, draft.submission = now, submission
    draft.figures = figures_snapshot(synthesis.figures)
    draft.save()
    audit_record(actor=actor, action="consolidation.issue", obj=submission, org_unit=unit,
                 changes={"receiver": obligation.receiver.name, "resubmission": resubmission,
                          "figures": {f.code: f.total for f in synthesis.figures}})
    for coordinator in services.receiver_coordinators(obligation):
        services.notify(user=coordinator, key=f"issued:{submission.pk}:{submission.version}", now=now,
                        message="consolidation.issued", params={"unit": unit.name, "period": period.key},
                        url=submission.get_absolute_url(), obligation=obligation)
    return submission
