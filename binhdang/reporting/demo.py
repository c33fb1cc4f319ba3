"""Demo loader: the whole 2017 reporting cycle of plan 268/KH-UBND, run through the
services with fixed 2017 timestamps. Idempotent: once any report of the plan exists, it
does nothing, so what users changed stays as it is."""

import datetime
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from binhdang.accounts.models import Membership, Role, User
from binhdang.core.errors import AccessDenied, DomainError
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

# 6-month reports due 15/06: (state, first submission, later events). On the demo's default
# date, 10/06/2017, six have been taken in, two wait for review, one was sent back, one is
# being written; the rest come later (four of them late) as the demo clock moves on.
_H1 = {
    "TCKH": ("accepted", (6, 2, 10)), "NV": ("accepted", (6, 5, 8)), "YT": ("accepted", (6, 14, 15)),
    "GDDT": ("accepted", (6, 6, 9)), "VHTT": ("submitted", (6, 15, 16)), "TP": ("accepted", (6, 15, 10)),
    "KT": ("accepted", (6, 19, 9)), "CA": ("missing", None), "DTTTH": ("accepted", (6, 1, 14)),
    "HLHPN": ("accepted", (6, 8, 9)), "MTTQ": ("submitted", (6, 9, 10)), "DTN": ("submitted", (6, 20, 8)),
    "HND": ("accepted", (6, 15, 11)), "HCCB": ("missing", None), "LDLD": ("accepted", (6, 16, 9)),
    "BADINH": ("resubmitted_accepted", (6, 13, 9, 20)), "NGOCTRAO": ("submitted", (6, 14, 16)),
    "BACSON": ("accepted", (6, 5, 15)), "LAMSON": ("returned", (6, 7, 10)), "DONGSON": ("accepted", (6, 15, 8)),
    "PHUSON": ("accepted", (6, 2, 9)), "QUANGTRUNG": ("submitted", (6, 21, 14)), "HALAN": ("draft", (6, 9, 16)),
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


# Each step of the timeline is marked done once, with the coordinator as the key's owner:
# a later run (the demo started again, the clock moved on) applies only the steps not yet done.
_MARK_SCOPE = "demo.timeline"


@dataclass(frozen=True)
class _Step:
    at: datetime.datetime
    key: str
    run: Callable[[], None]


def _obligation_steps(obligation: Obligation, state: str, when: tuple[int, ...],
                      coordinator: User) -> list[_Step]:
    """The events of one unit's report, in order: draft started, saved, sent, then taken in,
    sent back (and sent again) by the lead agency."""
    user = _reporter(obligation.org_unit)
    if user is None:
        return []
    sent = _at(*when)
    rng_seed = f"{obligation.org_unit.code}-{obligation.kind}"

    def current() -> Submission:
        return Submission.objects.get(obligation=obligation)

    def start() -> None:
        services.submission_start(actor=user, obligation=obligation, now=sent - datetime.timedelta(days=2))

    def save() -> None:
        submission = current()
        rng = random.Random(rng_seed)  # noqa: S311 -- demo text, not security
        services.submission_save(actor=user, submission=submission, version=submission.version,
                                 changes=_content(submission, rng), now=sent - datetime.timedelta(hours=1))

    def submit(token: str, now: datetime.datetime) -> Callable[[], None]:
        def run() -> None:
            submission = current()
            services.submission_submit(actor=user, submission=submission, version=submission.version,
                                       token=token, now=now)
        return run

    def accept(now: datetime.datetime) -> Callable[[], None]:
        def run() -> None:
            submission = current()
            services.submission_accept(actor=coordinator, submission=submission, version=submission.version, now=now)
        return run

    def send_back(reason: str, now: datetime.datetime) -> Callable[[], None]:
        def run() -> None:
            submission = current()
            services.submission_return(actor=coordinator, submission=submission, version=submission.version,
                                       now=now, reason=reason)
        return run

    def add_training_figures() -> None:
        submission = current()
        text = submission.content["tuyen_truyen"] + " Phường đã bổ sung số liệu tập huấn phân tách theo giới tính."
        services.submission_save(actor=user, submission=submission, version=submission.version, now=_at(6, 16, 8),
                                 changes={"tuyen_truyen": text})

    events: list[tuple[datetime.datetime, Callable[[], None]]] = [
        (sent - datetime.timedelta(days=2), start), (sent - datetime.timedelta(hours=1), save)]
    if state != "draft":
        events.append((sent, submit(f"demo-{obligation.pk}-1", sent)))
    if state == "accepted":
        events.append((sent + datetime.timedelta(days=3), accept(sent + datetime.timedelta(days=3))))
    elif state == "returned":
        events.append((sent + datetime.timedelta(days=2), send_back(
            "Phần kinh phí chưa ghi rõ số đã sử dụng; bảng chỉ tiêu thiếu số liệu tập huấn phân tách nam, nữ. "
            "Đề nghị bổ sung và gửi lại.", sent + datetime.timedelta(days=2))))
    elif state == "resubmitted_accepted":
        events += [
            (_at(6, 14, 15), send_back(
                "Báo cáo chưa nêu số lượt người tham dự hoạt động 8/3 và chưa có số liệu tập huấn theo giới tính. "
                "Đề nghị phường bổ sung.", _at(6, 14, 15))),
            (_at(6, 16, 8), add_training_figures),
            (_at(6, 16, 9), submit(f"demo-{obligation.pk}-2", _at(6, 16, 9))),
            (_at(6, 19, 10), accept(_at(6, 19, 10))),
        ]
    return [_Step(at, f"demo-{obligation.pk}-{index}", run) for index, (at, run) in enumerate(events)]


def _kind_steps(plan: Plan, kind: str, script: dict, coordinator: User) -> list[_Step]:
    steps: list[_Step] = []
    for obligation in Obligation.objects.filter(plan=plan, kind=kind).select_related("org_unit").order_by("org_unit__path"):
        entry = script.get(obligation.org_unit.code.removeprefix("TH-BS-"))
        if entry is None:
            continue
        if kind == ObligationKind.UNIT_PLAN:
            state, when = ("accepted", entry) if entry else ("missing", None)
        else:
            state, when = entry
        if state == "missing" or when is None:
            continue
        steps += _obligation_steps(obligation, state, when, coordinator)
    return steps


def _reminder_step(day: datetime.date, summary: dict) -> _Step:
    def run() -> None:
        summary["notifications"] += services.reminders_run(
            day=day, now=_at(day.month, day.day, 7), send_email=False)["items"]
    return _Step(_at(day.month, day.day, 7), f"demo-reminders-{day:%Y%m%d}", run)


def demo_timeline_last() -> datetime.datetime | None:
    """When the last event of the 2017 cycle the demo has played happened (None: nothing yet)."""
    from binhdang.core.models import IdempotencyKey

    moments = [row["at"] for row in IdempotencyKey.objects.filter(scope=_MARK_SCOPE).values_list("response", flat=True)
               if isinstance(row, dict) and row.get("at")]
    return max((datetime.datetime.fromisoformat(m) for m in moments), default=None)


def demo_load_reporting(*, until: datetime.date | None = None) -> dict:
    """The 2017 cycle up to `until` (default: the 2017 demo clock's date; the whole year when
    there is no demo clock, as in the tests), in the order the year ran: the reminders of
    18/02, the unit plans, the reminders of 08/06, the 6-month reports, the reminders of
    08/12, the annual reports. Each event is played once; what users changed
    since stays. An event a user's own change makes impossible (the report already sent) is
    skipped with the rest of that report's events."""
    from binhdang.core import clock
    from binhdang.core.models import IdempotencyKey

    summary = {"submissions": 0, "notifications": 0}
    plan = Plan.objects.filter(number="268/KH-UBND", year=2017).first()
    coordinator = User.objects.filter(username="ldtbxh").first()
    if plan is None or coordinator is None or not plan.obligations.exists():
        return summary
    # Accepted reports write their figures as indicator values: the catalogue must be there
    # (a migration loads it; a test database flushed by a transactional test has lost it).
    from binhdang.indicators.catalogue import catalogue_load

    catalogue_load()
    done = set(IdempotencyKey.objects.filter(scope=_MARK_SCOPE).values_list("key", flat=True))
    if not done and Submission.objects.filter(obligation__plan=plan).exists():
        return summary  # loaded whole by an earlier version, or typed by users: leave it
    until = until or clock.demo_day("2017")
    services.templates_ensure()
    steps = [_reminder_step(datetime.date(2017, 2, 18), summary),
             *_kind_steps(plan, ObligationKind.UNIT_PLAN, _PLANS, coordinator),
             _reminder_step(datetime.date(2017, 6, 8), summary),
             *_kind_steps(plan, ObligationKind.REPORT_SEMIANNUAL, _H1, coordinator),
             _reminder_step(datetime.date(2017, 12, 8), summary),
             *_kind_steps(plan, ObligationKind.REPORT_ANNUAL, _YEAR, coordinator)]
    broken: set[str] = set()
    for step in steps:
        report = step.key.rsplit("-", 1)[0]
        if step.key in done or report in broken:
            continue
        if until is not None and step.at.astimezone(TZ).date() > until:
            continue
        try:
            with transaction.atomic():
                step.run()
                IdempotencyKey.objects.create(user=coordinator, key=step.key, scope=_MARK_SCOPE,
                                              request_hash="", response={"at": step.at.isoformat()})
        except (DomainError, AccessDenied):
            broken.add(report)  # a user got there first: the rest of this report is theirs
            continue
        if step.key.endswith("-0") and not step.key.startswith("demo-reminders"):
            summary["submissions"] += 1
    return summary
