"""Writes for plans and tasks: create, import from Plan JSON, edit with optimistic locking,
assign units, report progress, comment, generate obligations, copy to the next year."""

import datetime
import os
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_record, diff_fields
from binhdang.core.errors import AccessDenied, ConflictError, DomainError
from binhdang.core.periods import cutoff_window
from binhdang.core.permissions import Action, policy
from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit

from . import permissions
from .models import (
    CitedDocument,
    Group,
    Obligation,
    ObligationKind,
    Plan,
    PlanDeadline,
    Recipient,
    Recurrence,
    Section,
    Task,
    TaskAssignment,
    TaskComment,
    TaskDue,
    TaskEvidence,
    TaskUpdate,
)
from .selectors import group_from_label, group_units

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# Extension → the bytes such a file starts with (a .docx/.xlsx is a ZIP container).
EVIDENCE_TYPES: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".docx": (b"PK", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (b"PK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG", "image/png"),
}
PLAN_FIELDS = (
    "number", "doc_type", "type_name", "place", "date", "title", "purpose", "parent_issuer",
    "signer_name", "signer_title", "signer_authority", "status",
)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_permission(actor, plan_or_issuer, check: bool) -> None:
    if not check:
        return
    issuer = plan_or_issuer.issuer if isinstance(plan_or_issuer, Plan) else plan_or_issuer
    policy.require(actor, Action.COORDINATE, issuer)


def _lock_plan(plan: Plan, version: int | None) -> Plan:
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if version is not None and current.version != version:
        raise ConflictError(
            _(
                "Kế hoạch đã được người khác sửa trong lúc bạn đang sửa (bạn sửa từ phiên bản "
                "%(given)s, hiện là phiên bản %(current)s). Hãy tải lại trang rồi nhập lại "
                "thay đổi của bạn."
            )
            % {"given": version, "current": current.version},
            code="stale",
        )
    return current


def _bump(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(version=plan.version + 1, updated_at=timezone.now())
    plan.version += 1


def _clean_plan_fields(fields: dict[str, Any]) -> None:
    if not (fields.get("title") or "").strip():
        raise DomainError(_("Trích yếu kế hoạch không được để trống."), field="title")
    if not isinstance(fields.get("date"), datetime.date):
        raise DomainError(_("Ngày ban hành không hợp lệ."), field="date")
    if fields.get("status") not in Plan.Status.values:
        raise DomainError(_("Trạng thái kế hoạch không hợp lệ."), field="status")


def _check_unique_number(plan: Plan) -> None:
    if plan.number and (
        Plan.objects.filter(issuer=plan.issuer, number=plan.number, year=plan.year)
        .exclude(pk=plan.pk)
        .exists()
    ):
        raise DomainError(
            _("Kế hoạch số %(number)s năm %(year)s của %(issuer)s đã có.")
            % {"number": plan.number, "year": plan.year, "issuer": plan.issuer.name},
            field="number",
        )


# --- plans --------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor,
    issuer: OrgUnit,
    date: datetime.date,
    title: str,
    number: str = "",
    doc_type: str = "KH",
    type_name: str = "Kế hoạch",
    place: str = "",
    purpose: list[str] | None = None,
    preamble: list[str] | None = None,
    parent_issuer: str = "",
    signer_name: str = "",
    signer_title: str = "",
    signer_authority: str = "",
    status: str = Plan.Status.DRAFT,
    parent: Plan | None = None,
    source_text: str = "",
    check_permission: bool = True,
) -> Plan:
    """Create a plan issued by `issuer`.

    Raises AccessDenied unless the actor coordinates the issuer; DomainError for an empty
    title or a number already used that year.
    """
    _check_permission(actor, issuer, check_permission)
    fields = {
        "number": number.strip(), "doc_type": doc_type.strip() or "KH",
        "type_name": type_name.strip() or "Kế hoạch", "place": place.strip(), "date": date,
        "title": (title or "").strip(), "purpose": list(purpose or []),
        "preamble": [p.strip() for p in preamble or [] if p.strip()],
        "parent_issuer": parent_issuer.strip(), "signer_name": signer_name.strip(),
        "signer_title": signer_title.strip(), "signer_authority": signer_authority.strip(),
        "status": status,
    }
    _clean_plan_fields(fields)
    plan = Plan(issuer=issuer, year=date.year, parent=parent, source_text=source_text, **fields)
    _check_unique_number(plan)
    plan.save()
    audit_record(actor=actor, action="plan.create", obj=plan, org_unit=issuer, changes=fields)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, version: int, **changes: Any) -> Plan:
    """Change the plan's header fields.

    Raises ConflictError when `version` is stale (someone saved in between), DomainError for
    invalid values (a date after an existing task due date, a used number), AccessDenied.
    """
    permissions.plan_require_edit(actor, plan)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError(f"Unknown fields: {', '.join(sorted(unknown))}")
    current = _lock_plan(plan, version)
    before = {f: getattr(current, f) for f in PLAN_FIELDS}
    after = {**before, **{k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}}
    _clean_plan_fields(after)
    earliest = TaskDue.objects.filter(task__plan=current).order_by("date").first()
    if earliest and earliest.date < after["date"]:
        raise DomainError(
            _("Ngày ban hành %(date)s sau hạn %(due)s của nhiệm vụ %(code)s.")
            % {"date": _d(after["date"]), "due": _d(earliest.date), "code": earliest.task.code},
            field="date",
        )
    for name, value in after.items():
        setattr(current, name, value)
    current.year = current.date.year
    _check_unique_number(current)
    current.version = version + 1
    current.save()
    changed = diff_fields(before, after)
    audit_record(actor=actor, action="plan.update", obj=current, org_unit=current.issuer, changes=changed)
    if before["status"] != Plan.Status.ISSUED and current.status == Plan.Status.ISSUED:
        obligations_generate(actor=actor, plan=current)
    plan.__dict__.update({k: getattr(current, k) for k in (*PLAN_FIELDS, "year", "version")})
    return current


# --- import from Plan JSON ----------------------------------------------------------------


def _parse_iso(value: Any, where: str, errors: list[str]) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(_("Ngày không hợp lệ “%(value)s” (%(where)s).") % {"value": value, "where": where})
        return None


_GENERIC_WORDS = re.compile(r"\b(phong|thi xa|tx|tinh|cua|uy ban nhan dan|ubnd)\b")


def _loose_key(text: str) -> str:
    return " ".join(_GENERIC_WORDS.sub(" ", search_key(text.replace("&", " và "))).split())


class UnitMatcher:
    """Resolves unit names as plans write them to OrgUnits within one subtree, ignoring
    accents and case; names, short names and aliases all count."""

    def __init__(self, root: OrgUnit, on: datetime.date | None):
        units = list(OrgUnit.objects.filter(path__startswith=root.path).order_by("depth", "path"))
        if on is not None:
            units.sort(key=lambda u: (not u.is_valid_on(on), u.depth, u.path))
        self.exact: dict[str, OrgUnit] = {}
        self.loose: dict[str, list[OrgUnit]] = {}
        for unit in units:
            for name in [unit.name, unit.short_name, unit.code, *unit.aliases]:
                if not name:
                    continue
                self.exact.setdefault(search_key(name.replace("&", " và ")), unit)
                self.exact.setdefault(search_key(name), unit)
                loose = _loose_key(name)
                if loose and unit not in self.loose.setdefault(loose, []):
                    self.loose[loose].append(unit)

    def find(self, name: str) -> OrgUnit | None:
        unit = self.exact.get(search_key(name.replace("&", " và "))) or self.exact.get(search_key(name))
        if unit:
            return unit
        candidates = self.loose.get(_loose_key(name), [])
        return candidates[0] if len(candidates) == 1 else None


def _resolve(name: str, matcher: UnitMatcher, unknown: list[str]) -> tuple[OrgUnit | None, str]:
    group = group_from_label(name)
    if group:
        return None, group
    unit = matcher.find(name)
    if unit is None and name not in unknown:
        unknown.append(name)
    return unit, ""


def _deadline_kind(item: dict) -> str:
    if item.get("kind") in ObligationKind.values:
        return item["kind"]
    what = search_key(f"{item.get('what') or ''} {item.get('text') or ''}")
    if "6 thang" in what or "sau thang" in what:
        return ObligationKind.REPORT_SEMIANNUAL
    if what.startswith("ke hoach") or (" ke hoach " in f" {what} " and "bao cao" not in what):
        return ObligationKind.UNIT_PLAN
    if "bao cao" in what:
        return ObligationKind.REPORT_ANNUAL
    return ObligationKind.ADHOC


def _find_issuer(name: str, on: datetime.date | None) -> OrgUnit | None:
    key = search_key(name)
    best = None
    for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.ADMINISTRATIVE).order_by("depth", "path"):
        names = [unit.name, unit.short_name, *unit.aliases]
        if any(search_key(n) == key for n in names if n):
            if on is None or unit.is_valid_on(on):
                return unit
            best = best or unit
    return best


@transaction.atomic
def plan_import_from_json(
    *,
    actor,
    data: dict,
    issuer: OrgUnit | None = None,
    status: str = Plan.Status.ISSUED,
    source_text: str = "",
    parent: Plan | None = None,
    check_permission: bool = True,
) -> Plan:
    """Store a Plan JSON (CONTRACTS §3) document: header, cited documents, sections, tasks
    with their units, due dates and recurrences, deadlines, recipients and signer.

    Unit names are matched to OrgUnits within the issuer's subtree. Raises DomainError
    listing every unknown name or invalid date; nothing is saved then.
    """
    errors: list[str] = []
    doc = data.get("document") or {}
    date = _parse_iso(doc.get("date"), _("ngày ban hành"), errors)
    if date is None and not errors:
        errors.append(_("Thiếu ngày ban hành của kế hoạch."))
    if issuer is None:
        issuer = _find_issuer(doc.get("issuer") or "", date)
        if issuer is None:
            raise DomainError(
                _("Không tìm thấy cơ quan ban hành: %(names)s.") % {"names": doc.get("issuer") or "—"}
            )
    _check_permission(actor, issuer, check_permission)
    matcher = UnitMatcher(issuer, date)
    unknown: list[str] = []
    tasks = data.get("tasks") or []
    seen_codes: set[str] = set()
    for index, task in enumerate(tasks, start=1):
        code = str(task.get("id") or index)
        if code in seen_codes:
            errors.append(_("Mã nhiệm vụ “%(code)s” bị trùng.") % {"code": code})
        seen_codes.add(code)
        for name in [*(task.get("lead") or []), *(task.get("coordinating") or [])]:
            _resolve(name, matcher, unknown)
        for due in task.get("due") or []:
            day = _parse_iso(due.get("date"), code, errors)
            if day and date and day < date:
                errors.append(
                    _("Hạn %(due)s của nhiệm vụ %(code)s trước ngày ban hành kế hoạch %(date)s.")
                    % {"due": _d(day), "code": code, "date": _d(date)}
                )
        for rec in task.get("recurrence") or []:
            if rec.get("freq") not in Recurrence.Freq.values:
                errors.append(_("Kiểu lặp lại không hợp lệ: %(freq)s.") % {"freq": rec.get("freq")})
            elif rec.get("month") and rec.get("day"):
                try:
                    datetime.date(2000, int(rec["month"]), int(rec["day"]))  # 2000: a leap year
                except ValueError:
                    errors.append(
                        _("Ngày lặp lại không hợp lệ: %(day)s/%(month)s.")
                        % {"day": rec["day"], "month": rec["month"]}
                    )
    for deadline in data.get("deadlines") or []:
        _parse_iso(deadline.get("date"), deadline.get("text") or "", errors)
        for name in deadline.get("from") or []:
            _resolve(name, matcher, unknown)
        if deadline.get("to"):
            _resolve(deadline["to"], matcher, unknown)
    for key in ("legal_basis", "references"):
        for cited in data.get(key) or []:
            _parse_iso(cited.get("date"), cited.get("number") or "", errors)
    if unknown:
        errors.insert(0, _("Không tìm thấy đơn vị: %(names)s.") % {"names": "; ".join(unknown)})
    if errors:
        raise DomainError(" ".join(errors), code="invalid_plan_json")

    signer = data.get("signer") or {}
    purpose = data.get("purpose") or []
    if isinstance(purpose, str):
        purpose = [purpose]
    preamble = data.get("preamble") or []
    if isinstance(preamble, str):
        preamble = [preamble]
    plan = plan_create(
        actor=actor,
        issuer=issuer,
        date=date,
        title=doc.get("title") or "",
        number=doc.get("number") or "",
        doc_type=doc.get("type") or "KH",
        type_name=doc.get("type_name") or "Kế hoạch",
        place=doc.get("place") or "",
        purpose=purpose,
        preamble=[str(p) for p in preamble],
        parent_issuer=doc.get("parent_issuer") or "",
        signer_name=signer.get("name") or "",
        signer_title=signer.get("title") or "",
        signer_authority=signer.get("authority") or "",
        status=status,
        parent=parent,
        source_text=source_text,
        check_permission=False,
    )
    order = 0
    for key, role in (("legal_basis", CitedDocument.Role.LEGAL_BASIS), ("references", CitedDocument.Role.REFERENCE)):
        for c in data.get(key) or []:
            order += 1
            CitedDocument.objects.create(
                plan=plan, role=role, text=c.get("text") or "", type_name=c.get("type_name") or "",
                number=c.get("number") or "", date=_parse_iso(c.get("date"), "", []),
                issuer=c.get("issuer") or "", order=order,
            )
    sections: dict[str, Section] = {}
    counter = [0]

    def add_sections(items: list, parent_section: Section | None) -> None:
        for item in items or []:
            counter[0] += 1
            section = Section.objects.create(
                plan=plan, parent=parent_section, label=str(item.get("label") or counter[0]),
                title=item.get("title") or "", order=counter[0],
            )
            sections[section.label] = section
            add_sections(item.get("children") or [], section)

    add_sections(data.get("sections") or [], None)
    for index, item in enumerate(tasks, start=1):
        task = Task.objects.create(
            plan=plan, section=sections.get(item.get("section") or ""),
            code=str(item.get("id") or index), text=item.get("text") or "", order=index * 10,
        )
        for role, key in ((TaskAssignment.Role.LEAD, "lead"), (TaskAssignment.Role.COORDINATING, "coordinating")):
            for position, name in enumerate(item.get(key) or [], start=1):
                unit, group = _resolve(name, matcher, [])
                if not TaskAssignment.objects.filter(task=task, role=role, org_unit=unit, group=group).exists():
                    TaskAssignment.objects.create(
                        task=task, role=role, org_unit=unit, group=group, label=name, order=position
                    )
        for due in item.get("due") or []:
            TaskDue.objects.create(task=task, date=datetime.date.fromisoformat(due["date"]), text=due.get("text") or "")
        for position, rec in enumerate(item.get("recurrence") or [], start=1):
            Recurrence.objects.create(
                task=task, freq=rec["freq"], month=rec.get("month"), day=rec.get("day"),
                text=rec.get("text") or "", order=position,
            )
    for position, item in enumerate(data.get("deadlines") or [], start=1):
        receiver = matcher.find(item["to"]) if item.get("to") else None
        PlanDeadline.objects.create(
            plan=plan, kind=_deadline_kind(item), date=datetime.date.fromisoformat(item["date"]),
            text=item.get("text") or "", what=item.get("what") or "",
            from_labels=list(item.get("from") or []), to_label=item.get("to") or "",
            receiver=receiver, order=position,
        )
    for position, item in enumerate(data.get("recipients") or [], start=1):
        if isinstance(item, str):
            item = {"text": item}
        Recipient.objects.create(plan=plan, text=item.get("text") or "", purpose=item.get("purpose") or "", order=position)
    audit_record(
        actor=actor, action="plan.import", obj=plan, org_unit=issuer,
        changes={"tasks": len(tasks), "deadlines": len(data.get("deadlines") or [])},
    )
    return plan


# --- obligations --------------------------------------------------------------------------


def obligation_period(kind: str, due: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """Data cut-off (NĐ 09/2019 Art. 12): 6-month 15/12 → 14/6, annual 15/12 → 14/12."""
    if kind == ObligationKind.REPORT_SEMIANNUAL:
        return cutoff_window(due.year, 1)
    if kind == ObligationKind.REPORT_ANNUAL:
        return cutoff_window(due.year)
    return None, None


def deadline_senders(deadline: PlanDeadline) -> list[OrgUnit]:
    """The units that must send: groups expanded under the issuer at the plan date, less
    the receiver and the issuer."""
    plan = deadline.plan
    matcher = None
    units: list[OrgUnit] = []
    for label in deadline.from_labels or []:
        group = group_from_label(label)
        if group:
            found = group_units(issuer=plan.issuer, group=group, on=plan.date)
        else:
            matcher = matcher or UnitMatcher(plan.issuer, plan.date)
            unit = matcher.find(label)
            found = [unit] if unit else []
        for unit in found:
            if unit not in units and unit.pk not in (deadline.receiver_id, plan.issuer_id):
                units.append(unit)
    return units


@transaction.atomic
def obligations_generate(*, actor, plan: Plan, check_permission: bool = True) -> dict[str, int]:
    """One Obligation per deadline and required unit; running it again adds only what is
    missing (new units, new deadlines) and never touches existing rows."""
    _check_permission(actor, plan, check_permission)
    created = existing = 0
    for deadline in plan.deadlines.select_related("receiver").order_by("date", "order"):
        receiver = deadline.receiver
        if receiver is None:
            raise DomainError(
                _("Thời hạn “%(text)s” chưa có nơi nhận trong cây đơn vị.") % {"text": deadline.text or _d(deadline.date)}
            )
        start, end = obligation_period(deadline.kind, deadline.date)
        for unit in deadline_senders(deadline):
            _obligation, was_created = Obligation.objects.get_or_create(
                plan=plan, kind=deadline.kind, org_unit=unit, due_date=deadline.date,
                defaults={
                    "deadline": deadline, "title": (deadline.what or deadline.text)[:500],
                    "receiver": receiver, "period_start": start, "period_end": end,
                },
            )
            created += was_created
            existing += not was_created
    if created:
        audit_record(actor=actor, action="plan.obligations_generate", obj=plan, org_unit=plan.issuer,
                     changes={"created": created})
    return {"created": created, "existing": existing}


# --- tasks --------------------------------------------------------------------------------


def _check_dues(plan: Plan, dues: Iterable[tuple[datetime.date, str]]) -> list[tuple[datetime.date, str]]:
    result = []
    for day, text in dues:
        if not isinstance(day, datetime.date):
            raise DomainError(_("Hạn thực hiện không hợp lệ."), field="dues")
        if day < plan.date:
            raise DomainError(
                _("Hạn thực hiện %(due)s không được trước ngày ban hành kế hoạch %(date)s.")
                % {"due": _d(day), "date": _d(plan.date)},
                field="dues",
            )
        result.append((day, (text or "").strip()))
    return result


def _next_code(plan: Plan, section: Section | None) -> str:
    prefix = f"{section.label}." if section else ""
    used = set(plan.tasks.values_list("code", flat=True))
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def _lock_task(task: Task, version: int | None) -> Task:
    current = Task.objects.select_for_update().select_related("plan__issuer").get(pk=task.pk)
    if version is not None and current.version != version:
        raise ConflictError(
            _(
                "Nhiệm vụ %(code)s đã được người khác sửa trong lúc bạn đang sửa. Hãy tải lại "
                "trang rồi nhập lại thay đổi của bạn."
            )
            % {"code": current.code},
            code="stale",
        )
    return current


@transaction.atomic
def task_create(
    *,
    actor,
    plan: Plan,
    text: str,
    section: Section | None = None,
    code: str = "",
    dues: Iterable[tuple[datetime.date, str]] = (),
    recurrences: Iterable[dict] = (),
    check_permission: bool = True,
) -> Task:
    """Add a task at the end of its section. Raises DomainError for an empty text, a used
    code, a due date before the plan's date."""
    _check_permission(actor, plan, check_permission)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Nội dung nhiệm vụ không được để trống."), field="text")
    if section is not None and section.plan_id != plan.pk:
        raise DomainError(_("Mục không thuộc kế hoạch này."), field="section")
    code = (code or "").strip() or _next_code(plan, section)
    if plan.tasks.filter(code=code).exists():
        raise DomainError(_("Mã nhiệm vụ “%(code)s” đã có trong kế hoạch.") % {"code": code}, field="code")
    checked = _check_dues(plan, dues)
    last = plan.tasks.filter(section=section).aggregate(m=Max("order"))["m"]
    if last is None:
        last = plan.tasks.aggregate(m=Max("order"))["m"] or 0
    task = Task.objects.create(plan=plan, section=section, code=code, text=text, order=last + 10)
    for day, due_text in checked:
        TaskDue.objects.create(task=task, date=day, text=due_text)
    for position, rec in enumerate(recurrences, start=1):
        Recurrence.objects.create(task=task, order=position, **rec)
    _renumber(plan)
    _bump(plan)
    audit_record(actor=actor, action="task.create", obj=task, org_unit=plan.issuer,
                 changes={"code": code, "text": text, "dues": checked})
    return task


@transaction.atomic
def task_update(
    *,
    actor,
    task: Task,
    version: int,
    text: str | None = None,
    code: str | None = None,
    section: Section | bool | None = False,
    dues: Iterable[tuple[datetime.date, str]] | None = None,
    status: str | None = None,
) -> Task:
    """Edit a task's text, code, section, due dates or status (editors only).

    Raises ConflictError on a stale version, DomainError on invalid values.
    """
    permissions.plan_require_edit(actor, task.plan)
    current = _lock_task(task, version)
    plan = current.plan
    before = {"text": current.text, "code": current.code, "section": current.section_id,
              "status": current.status,
              "dues": [(d.date, d.text) for d in current.dues.all()]}
    if text is not None:
        if not text.strip():
            raise DomainError(_("Nội dung nhiệm vụ không được để trống."), field="text")
        current.text = text.strip()
    if code is not None and code.strip() and code.strip() != current.code:
        if plan.tasks.filter(code=code.strip()).exclude(pk=current.pk).exists():
            raise DomainError(_("Mã nhiệm vụ “%(code)s” đã có trong kế hoạch.") % {"code": code}, field="code")
        current.code = code.strip()
    if section is not False:
        if section is not None and section.plan_id != plan.pk:
            raise DomainError(_("Mục không thuộc kế hoạch này."), field="section")
        current.section = section
    if status is not None:
        if status not in Task.Status.values or status == Task.Status.OVERDUE:
            raise DomainError(_("Trạng thái nhiệm vụ không hợp lệ."), field="status")
        current.status = status
    if dues is not None:
        checked = _check_dues(plan, dues)
        current.dues.all().delete()
        for day, due_text in checked:
            TaskDue.objects.create(task=current, date=day, text=due_text)
    current.version = version + 1
    current.save()
    after = {"text": current.text, "code": current.code, "section": current.section_id,
             "status": current.status, "dues": [(d.date, d.text) for d in current.dues.all()]}
    _bump(plan)
    audit_record(actor=actor, action="task.update", obj=current, org_unit=plan.issuer,
                 changes=diff_fields(before, after))
    task.__dict__.update({k: getattr(current, k) for k in ("text", "code", "section_id", "status", "version")})
    return current


@transaction.atomic
def task_delete(*, actor, task: Task, version: int) -> None:
    """Remove a task that has no progress reports yet (their history must be kept)."""
    permissions.plan_require_edit(actor, task.plan)
    current = _lock_task(task, version)
    if current.updates.exists():
        raise DomainError(
            _("Nhiệm vụ %(code)s đã có báo cáo tiến độ nên không xóa được; hãy chuyển sang trạng thái Hủy bỏ.")
            % {"code": current.code}
        )
    plan = current.plan
    audit_record(actor=actor, action="task.delete", obj=current, org_unit=plan.issuer,
                 changes={"code": current.code, "text": current.text})
    current.delete()
    _bump(plan)


def _renumber(plan: Plan) -> None:
    for position, task in enumerate(plan.tasks.order_by("order", "id"), start=1):
        if task.order != position * 10:
            Task.objects.filter(pk=task.pk).update(order=position * 10)


@transaction.atomic
def task_move(*, actor, task: Task, direction: str) -> Task:
    """Swap the task with its neighbour in the same section ("up" or "down")."""
    permissions.plan_require_edit(actor, task.plan)
    plan = Plan.objects.select_for_update().get(pk=task.plan_id)
    _renumber(plan)
    current = Task.objects.get(pk=task.pk)
    siblings = plan.tasks.filter(section_id=current.section_id)
    if direction == "up":
        neighbour = siblings.filter(order__lt=current.order).order_by("-order").first()
    elif direction == "down":
        neighbour = siblings.filter(order__gt=current.order).order_by("order").first()
    else:
        raise DomainError(_("Hướng di chuyển không hợp lệ."))
    if neighbour is None:
        raise DomainError(
            _("Nhiệm vụ đã ở đầu mục.") if direction == "up" else _("Nhiệm vụ đã ở cuối mục.")
        )
    Task.objects.filter(pk=current.pk).update(order=neighbour.order)
    Task.objects.filter(pk=neighbour.pk).update(order=current.order)
    plan.version += 1
    Plan.objects.filter(pk=plan.pk).update(version=plan.version)
    audit_record(actor=actor, action="task.move", obj=current, org_unit=plan.issuer,
                 changes={"direction": direction, "swapped_with": neighbour.code})
    current.refresh_from_db()
    return current


@transaction.atomic
def task_assign(
    *,
    actor,
    task: Task,
    role: str,
    org_unit: OrgUnit | None = None,
    group: str = "",
    label: str = "",
) -> TaskAssignment:
    """Make a unit (or a group of units) lead or coordinate a task.

    Raises DomainError when the unit lies outside the issuer's subtree or is not valid on
    the plan's date, or is already assigned in that role.
    """
    plan = task.plan
    permissions.plan_require_edit(actor, plan)
    if role not in TaskAssignment.Role.values:
        raise DomainError(_("Vai trò phân công không hợp lệ."), field="role")
    if (org_unit is None) == (not group):
        raise DomainError(_("Hãy chọn một đơn vị hoặc một nhóm đơn vị."), field="org_unit")
    if org_unit is not None:
        if not plan.issuer.contains(org_unit):
            raise DomainError(
                _("Đơn vị “%(unit)s” không thuộc phạm vi của %(issuer)s.")
                % {"unit": org_unit.name, "issuer": plan.issuer.name},
                field="org_unit",
            )
        if not org_unit.is_valid_on(plan.date):
            raise DomainError(
                _("Đơn vị “%(unit)s” không có hiệu lực vào ngày %(date)s của kế hoạch.")
                % {"unit": org_unit.name, "date": _d(plan.date)},
                field="org_unit",
            )
    elif group not in Group.values:
        raise DomainError(_("Nhóm đơn vị không hợp lệ."), field="group")
    if TaskAssignment.objects.filter(task=task, role=role, org_unit=org_unit, group=group).exists():
        raise DomainError(
            _("“%(unit)s” đã được phân công với vai trò này.")
            % {"unit": org_unit.name if org_unit else Group(group).label},
            field="org_unit",
        )
    last = task.assignments.filter(role=role).aggregate(m=Max("order"))["m"] or 0
    assignment = TaskAssignment.objects.create(
        task=task, role=role, org_unit=org_unit, group=group,
        label=label or (org_unit.name if org_unit else str(Group(group).label)), order=last + 1,
    )
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)
    task.version += 1
    audit_record(actor=actor, action="task.assign", obj=task, org_unit=plan.issuer,
                 changes={"role": role, "unit": assignment.display_name})
    return assignment


@transaction.atomic
def task_unassign(*, actor, assignment: TaskAssignment) -> None:
    task = assignment.task
    permissions.plan_require_edit(actor, task.plan)
    audit_record(actor=actor, action="task.unassign", obj=task, org_unit=task.plan.issuer,
                 changes={"role": assignment.role, "unit": assignment.display_name})
    assignment.delete()
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)
    task.version += 1


def _validate_evidence(files: list) -> list[tuple[Any, str, str]]:
    checked = []
    allowed = ", ".join(sorted({e.lstrip(".") for e in EVIDENCE_TYPES}))
    for f in files:
        name = os.path.basename(getattr(f, "name", "") or "")
        ext = os.path.splitext(name)[1].lower()
        if ext not in EVIDENCE_TYPES:
            raise DomainError(
                _("Tệp “%(name)s” không đúng loại cho phép (chỉ nhận %(allowed)s).")
                % {"name": name, "allowed": allowed},
                field="files",
            )
        if f.size > MAX_EVIDENCE_BYTES:
            raise DomainError(
                _("Tệp “%(name)s” quá lớn (%(size).1f MB); tối đa %(max)d MB.")
                % {"name": name, "size": f.size / 1024 / 1024, "max": MAX_EVIDENCE_BYTES // 1024 // 1024},
                field="files",
            )
        magic, content_type = EVIDENCE_TYPES[ext]
        f.seek(0)
        head = f.read(8)
        f.seek(0)
        if not head.startswith(magic):
            raise DomainError(
                _("Nội dung tệp “%(name)s” không khớp với đuôi %(ext)s.") % {"name": name, "ext": ext},
                field="files",
            )
        checked.append((f, name, content_type))
    return checked


@transaction.atomic
def task_update_progress(
    *,
    actor,
    task: Task,
    text: str,
    percent: int,
    status: str | None = None,
    files: list | None = None,
    unit: OrgUnit | None = None,
) -> TaskUpdate:
    """A lead unit reports progress (note, percent, status) with optional evidence files.

    Raises AccessDenied unless the actor submits for a lead unit; DomainError for an empty
    note, a percent outside 0–100, a file of another type or over 20 MB.
    """
    lead_units = permissions.task_units_for_user(actor, task, TaskAssignment.Role.LEAD)
    if not lead_units:
        raise AccessDenied(permissions.task_denied_message("update"))
    if unit is not None and unit not in lead_units:
        raise AccessDenied(permissions.task_denied_message("update"))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Hãy ghi nội dung cập nhật."), field="text")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise DomainError(_("Tiến độ phải là số từ 0 đến 100."), field="percent") from None
    if not 0 <= percent <= 100:
        raise DomainError(_("Tiến độ phải là số từ 0 đến 100."), field="percent")
    allowed = {Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS, Task.Status.DONE, Task.Status.CANCELLED}
    if status is None or status == "":
        status = Task.Status.DONE if percent == 100 else Task.Status.IN_PROGRESS
    if status not in allowed:
        raise DomainError(_("Trạng thái nhiệm vụ không hợp lệ."), field="status")
    if status == Task.Status.DONE:
        percent = 100
    checked = _validate_evidence(list(files or []))
    current = _lock_task(task, None)
    update = TaskUpdate.objects.create(
        task=current, author=actor, org_unit=unit or lead_units[0], text=text, percent=percent,
        status_after=status,
    )
    for f, name, content_type in checked:
        evidence = TaskEvidence(update=update, original_name=name[:255], size=f.size, content_type=content_type)
        evidence.file.save(name, f, save=False)
        evidence.save()
    before = {"status": current.status, "progress": current.progress}
    # The unit's own state is its update; the task's is derived from every lead unit's.
    from .assignees import task_assignee_states, task_overall

    status, percent = task_overall(task_assignee_states(current))
    current.status = status
    current.progress = percent
    current.version += 1
    current.save(update_fields=["status", "progress", "version", "updated_at"])
    audit_record(
        actor=actor, action="task.progress", obj=current, org_unit=update.org_unit,
        changes={**diff_fields(before, {"status": status, "progress": percent}), "files": [n for _f, n, _c in checked]},
    )
    task.__dict__.update({"status": status, "progress": percent, "version": current.version})
    return update


@transaction.atomic
def task_comment(*, actor, task: Task, text: str) -> TaskComment:
    """A coordinating (or lead) unit comments on a task. Raises AccessDenied, DomainError."""
    permissions.task_require_comment(actor, task)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Ý kiến không được để trống."), field="text")
    units = permissions.task_units_for_user(actor, task, TaskAssignment.Role.COORDINATING) or (
        permissions.task_units_for_user(actor, task, TaskAssignment.Role.LEAD)
    )
    comment = TaskComment.objects.create(task=task, author=actor, org_unit=units[0] if units else None, text=text)
    audit_record(actor=actor, action="task.comment", obj=task, org_unit=comment.org_unit, changes={"text": text})
    return comment


# --- copy to the next year, unit plans ----------------------------------------------------


def shift_year(day: datetime.date, years: int = 1) -> datetime.date:
    """The same day `years` later; 29/02 becomes 28/02 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _shift_text(text, old: int):
    """The plan's year moved on in a text (or in the texts of a purpose item)."""
    if isinstance(text, dict):
        return {k: _shift_text(v, old) if k == "text" else v for k, v in text.items()}
    if not isinstance(text, str):
        return text
    return re.sub(rf"(?<!\d){old}(?!\d)", str(old + 1), text)


@transaction.atomic
def plan_copy_to_next_year(*, actor, plan: Plan) -> Plan:
    """A draft copy for the next year: dates shifted by one year, the year in texts moved
    on, statuses and progress reset, no number yet. The original stays untouched."""
    permissions.plan_require_edit(actor, plan)
    old = plan.year
    if Plan.objects.filter(copied_from=plan).exists():
        raise DomainError(
            _("Kế hoạch này đã được sao chép sang năm %(year)s.") % {"year": old + 1}
        )
    copy = plan_create(
        actor=actor, issuer=plan.issuer, date=shift_year(plan.date), title=_shift_text(plan.title, old),
        number="", doc_type=plan.doc_type, type_name=plan.type_name, place=plan.place,
        purpose=[_shift_text(p, old) for p in plan.purpose or []],
        preamble=[_shift_text(p, old) for p in plan.preamble or []], parent_issuer=plan.parent_issuer,
        signer_name=plan.signer_name, signer_title=plan.signer_title,
        signer_authority=plan.signer_authority, status=Plan.Status.DRAFT, parent=plan.parent,
        check_permission=False,
    )
    copy.copied_from = plan
    copy.save(update_fields=["copied_from"])
    for c in plan.cited_documents.all():
        CitedDocument.objects.create(plan=copy, role=c.role, text=c.text, type_name=c.type_name,
                                     number=c.number, date=c.date, issuer=c.issuer, order=c.order)
    section_map: dict[int, Section] = {}
    for s in plan.sections.order_by("order", "id"):
        section_map[s.pk] = Section.objects.create(
            plan=copy, parent=section_map.get(s.parent_id), label=s.label,
            title=_shift_text(s.title, old), order=s.order,
        )
    for task in plan.tasks.prefetch_related("assignments", "dues", "recurrences").order_by("order", "id"):
        new = Task.objects.create(
            plan=copy, section=section_map.get(task.section_id), code=task.code,
            text=_shift_text(task.text, old), order=task.order,
        )
        for a in task.assignments.all():
            TaskAssignment.objects.create(task=new, role=a.role, org_unit=a.org_unit, group=a.group,
                                          label=a.label, order=a.order)
        for d in task.dues.all():
            TaskDue.objects.create(task=new, date=shift_year(d.date), text=_shift_text(d.text, old))
        for r in task.recurrences.all():
            Recurrence.objects.create(task=new, freq=r.freq, month=r.month, day=r.day, text=r.text, order=r.order)
    for d in plan.deadlines.all():
        PlanDeadline.objects.create(
            plan=copy, kind=d.kind, date=shift_year(d.date), text=_shift_text(d.text, old),
            what=_shift_text(d.what, old), from_labels=d.from_labels, to_label=d.to_label,
            receiver=d.receiver, order=d.order,
        )
    for r in plan.recipients.all():
        Recipient.objects.create(plan=copy, text=r.text, purpose=r.purpose, order=r.order)
    audit_record(actor=actor, action="plan.copy_to_next_year", obj=copy, org_unit=plan.issuer,
                 changes={"from_plan": plan.pk, "from_year": old})
    return copy


@transaction.atomic
def unit_plan_submit(
    *,
    actor,
    obligation: Obligation,
    date: datetime.date,
    title: str,
    number: str = "",
    source_text: str = "",
) -> Plan:
    """A unit sends its own plan for a "unit plan" obligation: the plan is stored under the
    unit, linked as a child of the parent plan, and fulfils the obligation.

    Raises AccessDenied unless the actor submits for the unit; DomainError when the
    obligation is not a unit plan or was fulfilled already.
    """
    policy.require(actor, Action.SUBMIT, obligation.org_unit)
    current = Obligation.objects.select_for_update().select_related("plan", "org_unit").get(pk=obligation.pk)
    if current.kind != ObligationKind.UNIT_PLAN:
        raise DomainError(_("Nghĩa vụ này không phải là gửi kế hoạch của đơn vị."))
    if current.fulfilled_by_plan_id:
        raise ConflictError(_("Đơn vị đã gửi kế hoạch cho nghĩa vụ này."))
    if not isinstance(date, datetime.date):
        raise DomainError(_("Ngày ban hành không hợp lệ."), field="date")
    plan = plan_create(
        actor=actor, issuer=current.org_unit, date=date, title=title, number=number,
        status=Plan.Status.ISSUED, parent=current.plan, source_text=source_text,
        check_permission=False,
    )
    current.fulfilled_by_plan = plan
    current.submitted_at = timezone.now()
    current.save(update_fields=["fulfilled_by_plan", "submitted_at"])
    audit_record(actor=actor, action="obligation.fulfil", obj=current, org_unit=current.org_unit,
                 changes={"plan": plan.pk, "on_time": date <= current.due_date})
    obligation.__dict__.update({"fulfilled_by_plan_id": plan.pk, "submitted_at": current.submitted_at})
    return plan
