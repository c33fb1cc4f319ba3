"""Demo loader: the whole 2017 reporting cycle of plan 268/KH-UBND, run through the
services with fixed 2017 timestamps. Idempotent: once any report of the plan exists, it
does nothing, so what users changed stays as it is."""

import datetime
import random
import zoneinfo

from django.db import transaction

from binhdang.accounts.models import Membership, Role, User
from binhdang.plans.models import Obligation, ObligationKind, Plan

from . import services
from .models import SectionKind, Submission

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2017, month, day, hour, minute, tzinfo=TZ)


# Unit plans due 25/02: (code suffix, submitted on (month, day, hour)) — None = never sent.
_PLANS = {
    "TCKH": (2, 20, 10), "NV": (2, 21, 8), "YT": (2, 28, 15), "GDDT": (2, 22, 9), "VHTT": (2, 23, 14),
    "TP": (2, 24, 10), "KT": (2, 24, 16), "CA": (3, 2, 9), "DTTTH": (2, 23, 8), "HLHPN": (2, 18, 9),
    "MTTQ": (2, 22, 15), "DTN": (2, 24, 11), "HND": (3, 3, 10), "HCCB": None, "LDLD": None,
    "BADINH": (2, 21, 9), "NGOCTRAO": (2, 24, 15), "BACSON": (2, 23, 10), "LAMSON": (2, 22, 14),
    "DONGSON": (2, 27, 9), "PHUSON": (2, 24, 9), "QUANGTRUNG": (2, 24, 17), "HALAN": (2, 25, 16),
}

# 6-month reports due 15/06: (state, first submission, later events)
_H1 = {
    "TCKH": ("accepted", (6, 12, 10)), "NV": ("accepted", (6, 13, 8)), "YT": ("accepted", (6, 14, 15)),
    "GDDT": ("accepted", (6, 9, 9)), "VHTT": ("submitted", (6, 15, 16)), "TP": ("accepted", (6, 15, 10)),
    "KT": ("accepted", (6, 19, 9)), "CA": ("missing", None), "DTTTH": ("accepted", (6, 12, 14)),
    "HLHPN": ("accepted", (6, 8, 9)), "MTTQ": ("submitted", (6, 14, 10)), "DTN": ("submitted", (6, 20, 8)),
    "HND": ("accepted", (6, 15, 11)), "HCCB": ("missing", None), "LDLD": ("accepted", (6, 16, 9)),
    "BADINH": ("resubmitted_accepted", (6, 13, 9, 20)), "NGOCTRAO": ("submitted", (6, 14, 16)),
    "BACSON": ("accepted", (6, 13, 15)), "LAMSON": ("returned", (6, 14, 10)), "DONGSON": ("accepted", (6, 15, 8)),
    "PHUSON": ("accepted", (6, 12, 9)), "QUANGTRUNG": ("submitted", (6, 21, 14)), "HALAN": ("draft", (6, 14, 16)),
}

# Annual reports due 15/12.
_YEAR = {
    "TCKH": ("accepted", (12, 12, 9)), "NV": ("accepted", (12, 14, 10)), "YT": ("submitted", (12, 15, 14)),
    "GDDT": ("accepted", (12, 11, 8)), "VHTT": ("accepted", (12, 14, 15)), "TP": ("submitted", (12, 18, 9)),
    "KT": ("missing", None), "CA": ("submitted", (12, 20, 10)), "DTTTH": ("accepted", (12, 13, 9)),
    "HLHPN": ("accepted", (12, 8, 10)), "MTTQ": ("accepted", (12, 14, 9)), "DTN": ("draft", (12, 15, 9)),
    "HND": ("submitted", (12, 15, 10)), "HCCB": ("missing", None), "LDLD": ("submitted", (12, 19, 8)),
    "BADINH": ("accepted", (12, 13, 9)), "NGOCTRAO": ("accepted", (12, 14, 14)), "BACSON": ("submitted", (12, 15, 16)),
    "LAMSON": ("accepted", (12, 14, 8)), "DONGSON": ("returned", (12, 14, 10)), "PHUSON": ("accepted", (12, 12, 15)),
    "QUANGTRUNG": ("submitted", (12, 22, 9)), "HALAN": ("missing", None),
}


_DIFFICULTIES = [
    "Kinh phí bố trí cho công tác bình đẳng giới còn hạn hẹp.",
    "Cán bộ làm công tác bình đẳng giới kiêm nhiệm nhiều việc, thường xuyên thay đổi.",
    "Một bộ phận người dân chưa quan tâm đến các hoạt động tuyên truyền.",
    "Việc thu thập số liệu phân tách theo giới tính còn khó khăn.",
    "Cơ sở vật chất phục vụ tuyên truyền ở cơ sở còn thiếu.",
]
_CAUSES = [
    "Nguyên nhân: ngân sách địa phương còn khó khăn, chưa bố trí dòng kinh phí riêng.",
    "Nguyên nhân: chưa có cán bộ chuyên trách theo dõi công tác bình đẳng giới.",
]
_PROPOSALS = [
    "Đề nghị thị xã tiếp tục mở lớp tập huấn kỹ năng lồng ghép giới cho cán bộ cơ sở.",
    "Đề nghị bố trí kinh phí riêng cho công tác bình đẳng giới theo Thông tư 191/2009/TT-BTC.",
    "Đề nghị cấp tài liệu tuyên truyền về bình đẳng giới cho cơ sở.",
]
_DIRECTIONS = [
    "Tiếp tục tuyên truyền nhân Ngày Phụ nữ Việt Nam 20/10 và Tháng hành động vì bình đẳng giới.",
    "Rà soát, bổ sung quy hoạch cán bộ nữ.",
    "Nâng cao chất lượng hoạt động của Ban Vì sự tiến bộ của phụ nữ.",
    "Tổ chức tổng kết công tác bình đẳng giới năm 2017.",
]


def _pick(rng: random.Random, items: list[str], low: int, high: int) -> str:
    return " ".join(rng.sample(items, rng.randint(low, min(high, len(items)))))


def _narratives(unit, kind: str, rng: random.Random, figures: dict[str, dict]) -> dict[str, str]:
    """The unit's texts, stating exactly the figures of its own indicator table."""
    name = unit.short_name or unit.name
    commune = unit.level == "commune"
    six = kind == ObligationKind.REPORT_SEMIANNUAL
    when = "6 tháng đầu năm 2017" if six else "năm 2017"
    sessions, people = rng.randint(3, 12), rng.randint(120, 900)
    budget = rng.choice([5, 8, 10, 12, 15, 20, 25])
    audience = "hội viên, nhân dân trên địa bàn" if commune else "cán bộ, công chức, viên chức trong đơn vị"

    def both(code: str) -> tuple[int, int]:
        row = figures.get(code) or {}
        return int(row.get("female") or 0), int(row.get("male") or 0)

    trained_f, trained_m = both("DP-TH-NGUOI")
    event_f, event_m = both("DP-KN-NGUOI")
    events = (f" Hoạt động kỷ niệm 8/3 và 20/10 có {event_f + event_m} người tham gia, trong đó {event_f} nữ."
              if event_f + event_m else "")
    trained = (f"{name[:1].upper()}{name[1:]} đã tập huấn về bình đẳng giới cho {trained_f + trained_m} người, trong đó {trained_f} nữ, "
               f"{trained_m} nam." if trained_f + trained_m else
               "Cử cán bộ tham gia các lớp tập huấn về bình đẳng giới do thị xã tổ chức.")
    leaders_f, leaders_m = both("LD-LANHDAO")
    planned_f, planned_m = both("LD-QUYHOACH")
    women = (f"Đơn vị có {leaders_f} nữ trong tổng số {leaders_f + leaders_m} cán bộ lãnh đạo, quản lý; "
             f"{planned_f} nữ trong số {planned_f + planned_m} cán bộ trong quy hoạch.")
    if commune:
        cap_f, cap_m = both("LD-CAPUY")
        women += f" Cấp ủy có {cap_f} nữ trong tổng số {cap_f + cap_m} cấp ủy viên."
    return {
        "tuyen_truyen": (
            f"Trong {when}, {name} tổ chức {sessions} buổi tuyên truyền về Luật Bình đẳng giới và phòng, "
            f"chống bạo lực gia đình với khoảng {people} lượt {audience} tham dự.{events}"
        ),
        "nang_cao_nang_luc": trained,
        "can_bo_nu": women,
        "ban_vstbpn": "Ban Vì sự tiến bộ của phụ nữ họp định kỳ, phân công thành viên phụ trách từng nhiệm vụ."
        if commune else "",
        "kinh_phi": f"Kinh phí bố trí cho công tác bình đẳng giới {when}: {budget} triệu đồng, "
                    "đã sử dụng theo Thông tư 191/2009/TT-BTC.",
        "kho_khan": _pick(rng, _DIFFICULTIES, 1, 3) + (" " + rng.choice(_CAUSES) if rng.random() < 0.6 else ""),
        "kien_nghi": _pick(rng, _PROPOSALS, 1, 2),
        "phuong_huong": _pick(rng, _DIRECTIONS, 2, 3),
    }


def _plan_narratives(unit, rng: random.Random) -> dict[str, str]:
    name = unit.short_name or unit.name
    return {
        "muc_tieu": (
            f"Phấn đấu 100% cán bộ, công chức {name} được phổ biến Luật Bình đẳng giới; tỷ lệ nữ tham gia "
            f"cấp ủy đạt trên {rng.randint(20, 35)}%; không để xảy ra bạo lực gia đình nghiêm trọng."
        ),
        "noi_dung": (
            "Tuyên truyền nhân ngày 8/3 và 20/10; cử cán bộ tham gia tập huấn lồng ghép giới; "
            "kiểm tra việc thực hiện chính sách đối với lao động nữ."
        ),
        "kinh_phi": f"Dự kiến {rng.choice([5, 8, 10, 15])} triệu đồng từ ngân sách của đơn vị.",
        "to_chuc": "Giao bộ phận phụ trách công tác bình đẳng giới theo dõi, tổng hợp, báo cáo định kỳ.",
    }


def _figures(submission: Submission) -> dict[str, dict]:
    """The unit's figures for the report's period (pre-filled ones, e.g. from its activity
    log, are kept), from the indicators app's demo generator."""
    try:
        from binhdang.indicators.demo import demo_unit_figures
    except ImportError:  # the indicators app is not installed
        return {}
    period = "2017-H1" if submission.obligation.kind == ObligationKind.REPORT_SEMIANNUAL else "2017"
    return {row["code"]: row for row in demo_unit_figures(submission.org_unit, period)}


def _content(submission: Submission, rng: random.Random) -> dict:
    kind = submission.obligation.kind
    figures = _figures(submission) if kind != ObligationKind.UNIT_PLAN else {}
    texts = _plan_narratives(submission.org_unit, rng) if kind == ObligationKind.UNIT_PLAN else _narratives(
        submission.org_unit, kind, rng, figures)
    changes: dict = {}
    for section in submission.sections:
        key = section["key"]
        if section["kind"] == SectionKind.NARRATIVE and key in texts:
            changes[key] = texts[key]
        elif section["kind"] == SectionKind.TASK_TABLE:
            # What the task pages show for the unit: the report restates it, never invents it.
            changes[key] = [
                {"code": r["code"], "status": r["status"], "progress": r["progress"], "note": ""}
                for r in submission.content.get(key) or []
            ]
        elif section["kind"] == SectionKind.INDICATOR_TABLE:
            rows = [dict(r) for r in submission.content.get(key) or []]
            seen = {r["code"] for r in rows}
            rows += [{"code": c, "name": f["name"], "female": None, "male": None} for c, f in figures.items()
                     if c not in seen]
            for row in rows:
                figure = figures.get(row["code"])
                if figure is not None and row.get("prefilled_female") is None:
                    row["female"], row["male"] = figure["female"], figure["male"]
            changes[key] = rows
    return changes


def _reporter(unit) -> User | None:
    membership = (Membership.objects.filter(org_unit=unit, role=Role.REPORTER).select_related("user")
                  .order_by("id").first())
    return membership.user if membership else None


def _draft(obligation: Obligation, when: datetime.datetime, rng: random.Random) -> Submission | None:
    user = _reporter(obligation.org_unit)
    if user is None:
        return None
    submission = services.submission_start(actor=user, obligation=obligation, now=when - datetime.timedelta(days=2))
    return services.submission_save(actor=user, submission=submission, version=submission.version,
                                    changes=_content(submission, rng), now=when - datetime.timedelta(hours=1))


def _run_kind(plan: Plan, kind: str, script: dict, coordinator: User, summary: dict) -> None:
    for obligation in Obligation.objects.filter(plan=plan, kind=kind).select_related("org_unit").order_by("org_unit__path"):
        code = obligation.org_unit.code.removeprefix("TH-BS-")
        entry = script.get(code)
        if entry is None:
            continue
        if kind == ObligationKind.UNIT_PLAN:
            state, when = ("accepted", entry) if entry else ("missing", None)
        else:
            state, when = entry
        if state == "missing" or when is None:
            continue
        rng = random.Random(f"{obligation.org_unit.code}-{kind}")  # noqa: S311 -- demo text, not security
        sent = _at(*when)
        submission = _draft(obligation, sent, rng)
        if submission is None:
            continue
        summary["submissions"] += 1
        if state == "draft":
            continue
        user = _reporter(obligation.org_unit)
        submission = services.submission_submit(actor=user, submission=submission, version=submission.version,
                                                token=f"demo-{obligation.pk}-1", now=sent)
        if state == "accepted":
            services.submission_accept(actor=coordinator, submission=submission, version=submission.version, now=sent + datetime.timedelta(days=3))
        elif state == "returned":
            services.submission_return(
                actor=coordinator, submission=submission, version=submission.version, now=sent + datetime.timedelta(days=2),
                reason="Phần kinh phí chưa ghi rõ số đã sử dụng; bảng chỉ tiêu thiếu số liệu tập huấn phân tách nam, nữ. "
                       "Đề nghị bổ sung và gửi lại.")
        elif state == "resubmitted_accepted":
            services.submission_return(
                actor=coordinator, submission=submission, version=submission.version, now=_at(6, 14, 15),
                reason="Báo cáo chưa nêu số lượt người tham dự hoạt động 8/3 và chưa có số liệu tập huấn theo giới tính. "
                       "Đề nghị phường bổ sung.")
            text = submission.content["tuyen_truyen"] + (
                " Phường đã bổ sung số liệu tập huấn phân tách theo giới tính.")
            submission = services.submission_save(
                actor=user, submission=submission, version=submission.version, now=_at(6, 16, 8),
                changes={"tuyen_truyen": text})
            submission = services.submission_submit(actor=user, submission=submission, version=submission.version,
                                                    token=f"demo-{obligation.pk}-2", now=_at(6, 16, 9))
            services.submission_accept(actor=coordinator, submission=submission, version=submission.version, now=_at(6, 19, 10))


@transaction.atomic
def demo_load_reporting() -> dict:
    summary = {"submissions": 0, "notifications": 0}
    plan = Plan.objects.filter(number="268/KH-UBND", year=2017).first()
    coordinator = User.objects.filter(username="ldtbxh").first()
    if plan is None or coordinator is None or not plan.obligations.exists():
        return summary
    # Accepted reports write their figures as indicator values: the catalogue must be there
    # (a migration loads it; a test database flushed by a transactional test has lost it).
    from binhdang.indicators.catalogue import catalogue_load

    catalogue_load()
    if Submission.objects.filter(obligation__plan=plan).exists():
        return summary  # loaded before: leave what users did since
    services.templates_ensure()
    # Reminders as the worker would have sent them in 2017 (in-app only, no mail for the demo).
    for day in (datetime.date(2017, 2, 18),):
        summary["notifications"] += services.reminders_run(day=day, now=_at(day.month, day.day, 7), send_email=False)["items"]
    _run_kind(plan, ObligationKind.UNIT_PLAN, _PLANS, coordinator, summary)
    for day in (datetime.date(2017, 6, 8),):
        summary["notifications"] += services.reminders_run(day=day, now=_at(day.month, day.day, 7), send_email=False)["items"]
    _run_kind(plan, ObligationKind.REPORT_SEMIANNUAL, _H1, coordinator, summary)
    for day in (datetime.date(2017, 12, 8),):
        summary["notifications"] += services.reminders_run(day=day, now=_at(day.month, day.day, 7), send_email=False)["items"]
    _run_kind(plan, ObligationKind.REPORT_ANNUAL, _YEAR, coordinator, summary)
    return {"submissions": summary["submissions"], "notifications": summary["notifications"]}
