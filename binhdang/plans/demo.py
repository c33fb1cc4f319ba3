"""Demo loader: the seed plan 268/KH-UBND from its reviewed Plan JSON, its obligations,
and a few progress reports; idempotent and never overwrites what users changed."""

import datetime
import json
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from binhdang.accounts.models import User
from binhdang.orgunits.models import OrgUnit

from .models import Plan, Task, TaskAssignment, TaskComment, TaskUpdate
from .permissions import task_can_comment, task_units_for_user
from .services import (
    do_obligations_generate,
    do_plan_import_from_json,
    task_comment,
    task_update_progress,
)

SEED_PLAN = Path(settings.BASE_DIR) / "binhdang/fixtures/plans/268-KH-UBND-2017.json"
_DEMO_MOMENT = datetime.datetime(2017, 3, 1, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
SEED_TEXT = Path(settings.BASE_DIR) / "binhdang/fixtures/plans/268-KH-UBND-2017.txt"  # the issued text, kept in the project

# (username, month, day, note, percent, status) — tasks picked by their role in the data
# (the Hội LHPN's 8/3 task is the one it leads with a yearly 8/3 recurrence).
_UPDATES = [
    ("hoilhpn", 3, 8, "Đã xây dựng kế hoạch kỷ niệm 8/3, đang chuẩn bị hội thi và tọa đàm.", 40, "in_progress"),
    ("ldtbxh", 3, 8, "Đã phối hợp gửi giấy mời các phường, xã dự lễ kỷ niệm 8/3.", 30, "in_progress"),
]


def _seed_path() -> Path | None:
    return SEED_PLAN if SEED_PLAN.exists() else None


def _yearly_task(plan: Plan, username: str, month: int, day: int) -> Task | None:
    user = User.objects.get(username=username)
    for task in plan.tasks.prefetch_related("recurrences", "assignments__org_unit").order_by("order"):
        # the task the user's unit leads (a coordinating unit may report its own part too)
        if any(r.month == month and r.day == day for r in task.recurrences.all()) and \
                task_units_for_user(user, task, TaskAssignment.Role.LEAD):
            return task
    return None


@transaction.atomic
def demo_load_plans() -> dict:
    summary = {"plans_created": 0, "obligations_created": 0, "task_updates_created": 0}
    path = _seed_path()
    issuer = OrgUnit.objects.filter(code="TH-BS").first()
    if path is None or issuer is None:
        return summary
    data = json.loads(path.read_text(encoding="utf-8"))
    number = data["document"]["number"]
    year = int(data["document"]["date"][:4])
    plan = Plan.objects.filter(issuer=issuer, number=number, year=year).first()
    if plan is not None:
        return summary  # already loaded: what users changed since stays as it is
    source = SEED_TEXT.read_text(encoding="utf-8") if SEED_TEXT.exists() else ""
    plan = do_plan_import_from_json(actor=None, data=data, issuer=issuer, source_text=source)
    summary["plans_created"] += 1
    summary["obligations_created"] += do_obligations_generate(actor=None, plan=plan)["created"]
    for username, month, day, note, percent, status in _UPDATES:
        task = _yearly_task(plan, username, month, day)
        if task is None:
            continue
        user = User.objects.get(username=username)
        files = []
        if username == "hoilhpn":
            files = [ContentFile(_demo_pdf(), name="ke-hoach-ky-niem-8-3.pdf")]
        update = task_update_progress(actor=user, task=task, text=note, percent=percent,
                                      status=status, files=files)
        # Dated as in the plan's year, when such a report would have been written.
        TaskUpdate.objects.filter(pk=update.pk).update(created_at=_DEMO_MOMENT)
        summary["task_updates_created"] += 1
    # The Hội LHPN coordinates the town's 8/3 task led by Phòng LĐ-TB&XH: it comments there.
    task = _yearly_task(plan, "ldtbxh", 3, 8)
    women = User.objects.get(username="hoilhpn")
    if task is not None and task_can_comment(women, task):
        comment = task_comment(
            actor=women, task=task,
            text="Hội sẽ gửi danh sách đại biểu các cơ sở Hội trước ngày 03/3 để tổng hợp.",
        )
        TaskComment.objects.filter(pk=comment.pk).update(created_at=_DEMO_MOMENT)
    return summary


def _demo_pdf() -> bytes:
    """A one-page PDF saying what it is, small enough to keep in code."""
    text = b"BT /F1 14 Tf 50 780 Td (Ke hoach ky niem 8/3 - Hoi LHPN thi xa Bim Son) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
