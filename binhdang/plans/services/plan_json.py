"""Import a Plan JSON document (CONTRACTS §3) as a stored plan, matching unit names."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.core.text import search_key
from binhdang.orgunits.matching import UnitDirectory, issuer_find
from binhdang.orgunits.models import OrgUnit

from ..models import (
    CitedDocument,
    ObligationKind,
    Plan,
    PlanDeadline,
    Recipient,
    Recurrence,
    Section,
    Task,
    TaskAssignment,
    TaskDue,
)
from ..selectors import group_from_label
from .plans import _d, check_coordinate, do_plan_create

# --- import from Plan JSON ----------------------------------------------------------------


def _parse_iso(value: Any, where: str, errors: list[str]) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(_("Ngày không hợp lệ “%(value)s” (%(where)s).") % {"value": value, "where": where})
        return None


def plan_unit_matcher(root: OrgUnit, on: datetime.date | None) -> UnitDirectory:
    """The one unit-name matcher (orgunits.matching) as a plan's save uses it: the issuer's
    subtree, units valid on the plan's date first, codes accepted as names."""
    return UnitDirectory(root, on, valid_only=False, with_codes=True)


UnitMatcher = UnitDirectory  # the type of plan_unit_matcher()'s answer


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
    return issuer_find(name, on, valid_only=False)


@transaction.atomic
def do_plan_import_from_json(
    *,
    actor: Actor,
    data: dict,
    issuer: OrgUnit | None = None,
    status: str = Plan.Status.ISSUED,
    source_text: str = "",
    parent: Plan | None = None,
    authorize: Any = None,
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
    if authorize is not None:
        authorize(actor, issuer)
    matcher = plan_unit_matcher(issuer, date)
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
    if date is None:  # reported among the errors above; this line only narrows the type
        raise DomainError(_("Thiếu ngày ban hành của kế hoạch."), code="invalid_plan_json")

    signer = data.get("signer") or {}
    purpose = data.get("purpose") or []
    if isinstance(purpose, str):
        purpose = [purpose]
    preamble = data.get("preamble") or []
    if isinstance(preamble, str):
        preamble = [preamble]
    plan = do_plan_create(
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
        for assignee_role, key in ((TaskAssignment.Role.LEAD, "lead"),
                                   (TaskAssignment.Role.COORDINATING, "coordinating")):
            for position, name in enumerate(item.get(key) or [], start=1):
                unit, group = _resolve(name, matcher, [])
                if not TaskAssignment.objects.filter(task=task, role=assignee_role, org_unit=unit,
                                                     group=group).exists():
                    TaskAssignment.objects.create(
                        task=task, role=assignee_role, org_unit=unit, group=group, label=name, order=position
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


def plan_import_from_json(*, actor: Any, data: dict, **options: Any) -> Plan:
    """`do_plan_import_from_json` for a user: AccessDenied unless the actor coordinates the
    issuer (found from the document when not given), checked before anything is saved."""
    return do_plan_import_from_json(actor=actor, data=data, authorize=check_coordinate, **options)
