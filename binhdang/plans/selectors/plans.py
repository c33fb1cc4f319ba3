"""Plans as users read them, task status on a day, and the Plan JSON (CONTRACTS §3)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from binhdang.accounts.types import AnyUser
from binhdang.core import clock

from ..assignees import (  # noqa: F401  (re-exported: callers read them here)
    GROUP_KINDS,
    assignment_units,
    group_from_label,
    group_units,
    task_units,
)
from ..models import (
    CitedDocument,
    Plan,
    Section,
    Task,
    TaskAssignment,
)
from ..permissions import plan_visible_q

DEFAULT_DAY = 15  # undated recurrences fall on the 15th, the reporting cut-off day

# --- status -------------------------------------------------------------------------------


def task_final_due(task: Task) -> datetime.date:
    """The last due date, or the end of the plan's year when the text gives none."""
    dates = [d.date for d in task.dues.all()]
    return max(dates) if dates else datetime.date(task.plan.year, 12, 31)


def task_status_on(task: Task, today: datetime.date) -> str:
    """The stored status, or "overdue" once the final due date passed without completion."""
    if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
        return task.status
    if task_final_due(task) < today:
        return Task.Status.OVERDUE
    return task.status


def task_status_label(status: str) -> str:
    return str(Task.Status(status).label)


# --- plans --------------------------------------------------------------------------------


def plan_list_visible(*, user: AnyUser) -> QuerySet[Plan]:
    return Plan.objects.filter(plan_visible_q(user)).select_related("issuer").distinct()


def plan_get_visible(*, user: AnyUser, pk: int) -> Plan:
    """Raises Plan.DoesNotExist when missing or not visible."""
    return plan_list_visible(user=user).get(pk=pk)


def plan_by_number(*, number: str, year: int | None = None) -> Plan | None:
    """A plan by its number; without a year, the issued one of the earliest year."""
    queryset = Plan.objects.filter(number=number.strip()).select_related("issuer")
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.order_by("year", "pk").first()


def _task_prefetch() -> list:
    return [
        Prefetch(
            "assignments",
            queryset=TaskAssignment.objects.select_related("org_unit").order_by("role", "order", "id"),
        ),
        "dues",
        "recurrences",
    ]


def plan_tasks(*, plan: Plan) -> list[Task]:
    tasks = list(
        plan.tasks.select_related("section").prefetch_related(*_task_prefetch()).order_by("order", "id")
    )
    for task in tasks:
        task.plan = plan  # share the plan (and its group cache) between tasks
    return tasks


@dataclass
class SectionNode:
    section: "Section | None"
    children: list["SectionNode"] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


def plan_outline(*, plan: Plan, today: datetime.date) -> list[SectionNode]:
    """The plan's sections as a tree, each with its tasks (status computed for `today`)."""
    sections = list(plan.sections.order_by("order", "id"))
    nodes = {s.pk: SectionNode(s) for s in sections}
    roots: list[SectionNode] = []
    for s in sections:
        (nodes[s.parent_id].children if s.parent_id in nodes else roots).append(nodes[s.pk])
    loose: list[Task] = []
    for task in plan_tasks(plan=plan):
        _decorate(task, today)
        (nodes[task.section_id].tasks if task.section_id in nodes else loose).append(task)
    if loose:
        roots.append(SectionNode(None, [], loose))
    return roots


def plan_purpose_lines(plan: Plan) -> list[str]:
    """The purpose items as text (stored as strings or as {"label", "text"} objects)."""
    lines = []
    for item in plan.purpose or []:
        text = item.get("text") if isinstance(item, dict) else item
        if text:
            lines.append(str(text))
    return lines


def _has_tasks(node: SectionNode) -> bool:
    return bool(node.tasks) or any(_has_tasks(c) for c in node.children)


def plan_document_body(*, plan: Plan, today: datetime.date) -> list[SectionNode]:
    """The outline for the document view; part I is printed from the purpose instead when
    the plan has one and no task sits under it."""
    outline = plan_outline(plan=plan, today=today)
    if not plan_purpose_lines(plan):
        return outline
    return [n for n in outline if not (n.section and n.section.label == "I" and not _has_tasks(n))]


def _decorate(task: Task, today: datetime.date) -> Task:
    task.effective_status = task_status_on(task, today)
    task.effective_status_label = task_status_label(task.effective_status)
    task.final_due = task_final_due(task)
    task.lead_assignments = [a for a in task.assignments.all() if a.role == TaskAssignment.Role.LEAD]
    task.coordinating_assignments = [
        a for a in task.assignments.all() if a.role == TaskAssignment.Role.COORDINATING
    ]
    return task


def _cited(doc: CitedDocument) -> dict:
    return {
        "text": doc.text,
        "type_name": doc.type_name or None,
        "number": doc.number or None,
        "date": doc.date.isoformat() if doc.date else None,
        "issuer": doc.issuer or None,
    }


def _assignment_names(task: Task, role: str) -> list[str]:
    return [a.display_name for a in task.assignments.all() if a.role == role]


def plan_to_contract_json(plan: Plan, *, today: datetime.date | None = None) -> dict:
    """The plan as Plan JSON (CONTRACTS.md §3), with status/progress added to tasks."""
    today = today or clock.today()
    cited = list(plan.cited_documents.order_by("order", "id"))
    sections = list(plan.sections.order_by("order", "id"))
    by_parent: dict[int | None, list] = defaultdict(list)
    for s in sections:
        by_parent[s.parent_id].append(s)

    def nest(parent_id: int | None) -> list[dict[str, Any]]:
        return [
            {"label": s.label, "title": s.title, "children": nest(s.pk)} for s in by_parent[parent_id]
        ]

    tasks = []
    for task in plan_tasks(plan=plan):
        tasks.append(
            {
                "id": task.code,
                "section": task.section.label if task.section else None,
                "text": task.text,
                "lead": _assignment_names(task, TaskAssignment.Role.LEAD),
                "coordinating": _assignment_names(task, TaskAssignment.Role.COORDINATING),
                "due": [{"date": d.date.isoformat(), "text": d.text} for d in task.dues.all()],
                "recurrence": [
                    {"freq": r.freq, "month": r.month, "day": r.day, "text": r.text}
                    for r in task.recurrences.all()
                ],
                "status": task_status_on(task, today),
                "progress": task.progress,
            }
        )
    return {
        "document": {
            "issuer": plan.issuer.name,
            "parent_issuer": plan.parent_issuer or None,
            "number": plan.number or None,
            "type": plan.doc_type,
            "type_name": plan.type_name,
            "place": plan.place or None,
            "date": plan.date.isoformat(),
            "title": plan.title,
            "status": plan.status,
            "year": plan.year,
        },
        "purpose": list(plan.purpose or []),
        "preamble": list(plan.preamble or []),
        "legal_basis": [_cited(d) for d in cited if d.role == CitedDocument.Role.LEGAL_BASIS],
        "references": [_cited(d) for d in cited if d.role == CitedDocument.Role.REFERENCE],
        "sections": nest(None),
        "tasks": tasks,
        "deadlines": [
            {
                "date": d.date.isoformat(),
                "text": d.text,
                "what": d.what,
                "from": list(d.from_labels or []),
                "to": d.to_label or (d.receiver.name if d.receiver else None),
                "kind": d.kind,
            }
            for d in plan.deadlines.select_related("receiver").order_by("date", "order", "id")
        ],
        "recipients": [{"text": r.text, "purpose": r.purpose or None} for r in plan.recipients.all()],
        "signer": {
            "name": plan.signer_name or None,
            "title": plan.signer_title or None,
            "authority": plan.signer_authority or None,
        },
    }
