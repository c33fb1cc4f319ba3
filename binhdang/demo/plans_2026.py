"""The 2026 plans of phường Bỉm Sơn and phường Quang Trung, written for the demo, and their
2026-H1 cycle in progress (obligations generated, one report drafted).

Not real documents: their text says so. The ward offices are those of demo.reform.
"""

import datetime
from typing import Any

from django.db import transaction

from binhdang.accounts.models import User
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, Plan
from binhdang.plans.services import (
    do_obligations_generate,
    do_plan_import_from_json,
)
from binhdang.reporting.services import submission_start

from . import services as demo_services

DEMO_NOTE = "Kế hoạch soạn cho bản trình diễn, không phải văn bản đã ban hành."
VHXH = "Phòng Văn hóa - Xã hội"
UNITS = ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Phòng Kinh tế, Hạ tầng và Đô thị", "Hội Liên hiệp Phụ nữ"]


def _plan_json(ward: OrgUnit, number: str) -> dict[str, Any]:
    place = ward.short_name.removeprefix("phường ").strip()
    task = lambda tid, text, lead, coord, due=None: {  # noqa: E731
        "id": tid, "section": tid.rsplit(".", 1)[0], "text": text, "lead": lead, "coordinating": coord,
        "due": [{"date": due, "text": ""}] if due else [], "recurrence": [],
    }
    return {
        "document": {"issuer": ward.name, "parent_issuer": "Ủy ban nhân dân tỉnh Thanh Hóa", "number": number,
                     "type": "KH", "type_name": "Kế hoạch", "place": place, "date": "2026-01-20",
                     "title": f"Thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ phường {place} năm 2026"},
        "year": 2026,
        "purpose": [],
        "preamble": [DEMO_NOTE],
        "legal_basis": [{"text": "Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ ban hành Chiến lược quốc gia về"
                                 " bình đẳng giới giai đoạn 2021-2030", "type_name": "Nghị quyết",
                         "number": "28/NQ-CP", "date": "2021-03-03", "issuer": "Chính phủ"}],
        "references": [],
        "sections": [{"label": "II", "title": "Nội dung", "children": [
            {"label": "II.1", "title": "Truyền thông về bình đẳng giới", "children": []},
            {"label": "II.2", "title": "Thu thập số liệu thống kê giới", "children": []}]}],
        "tasks": [
            task("II.1.a", "Tổ chức các hoạt động truyền thông nhân Tháng hành động vì bình đẳng giới.",
                 ["Hội Liên hiệp Phụ nữ"], [VHXH], "2026-11-30"),
            task("II.2.a", "Thu thập, tổng hợp số liệu thống kê giới của phường 6 tháng đầu năm 2026.",
                 [VHXH], ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"], "2026-06-15"),
        ],
        "deadlines": [{"date": "2026-06-15", "text": "gửi trước ngày 15/6", "what": "Báo cáo 6 tháng đầu năm 2026",
                       "from": UNITS, "to": VHXH}],
        "recipients": [],
        "signer": {"name": None, "title": None, "authority": None, "on_behalf_of": None},
        "addressees": [], "units": [], "unmatched": [], "warnings": [DEMO_NOTE], "source": None,
    }


WARDS = [("TH-PBIMSON", "12/KH-UBND", "bimson"), ("TH-PQUANGTRUNG", "09/KH-UBND", "quangtrung")]


@transaction.atomic
def demo_load_plans_2026() -> dict[str, Any]:
    summary = {"plans_2026_created": 0, "obligations_2026_created": 0, "submissions_2026_started": 0,
               "users_created": 0}
    for code, number, slug in WARDS:
        ward = OrgUnit.objects.filter(code=code).first()
        if ward is None or not OrgUnit.objects.filter(code=f"{code}-VHXH").exists():
            continue
        offices = {u.code.removeprefix(f"{code}-"): u for u in OrgUnit.objects.get_children(ward)}
        for key, office in offices.items():
            role, scope = ("coordinator", ward) if key == "VHXH" else ("reporter", None)
            demo_services._ensure_user(f"{slug}-{key.lower()}", f"Cán bộ {office.short_name}", "Cán bộ đầu mối",
                                       office, role, scope, False, summary)
        if Plan.objects.filter(issuer=ward, number=number, year=2026).exists():
            continue
        plan = do_plan_import_from_json(actor=None, data=_plan_json(ward, number), issuer=ward)
        summary["plans_2026_created"] += 1
        summary["obligations_2026_created"] += do_obligations_generate(actor=None, plan=plan)["created"]
        # In progress: the Hội LHPN has started its six-month report.
        obligation = Obligation.objects.filter(plan=plan, org_unit=offices["HLHPN"]).first()
        if obligation is not None:
            submission_start(actor=User.objects.get(username=f"{slug}-hlhpn"), obligation=obligation,
                             now=datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC))
            summary["submissions_2026_started"] += 1
    return summary
