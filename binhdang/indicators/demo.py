"""Demo loader: the catalogue, 2017 values for thị xã Bỉm Sơn's communes and agencies (H1 and
the whole year), a dozen activities linked to plan 268/KH-UBND's tasks, 2017 budget lines.

Idempotent: only missing values, activities and budget lines are added, so what users
entered or changed stays.
"""

import datetime
import random
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from binhdang.orgunits.models import OrgUnit

from .catalogue import catalogue_load
from .models import Activity, BudgetCategory, BudgetEstimateDue, BudgetLine, Indicator
from .services import (
    budget_dues_generate,
    do_activity_create,
    do_budget_line_create,
    values_bulk_load,
)

TOWN = "TH-BS"
PERIODS = ("2017-H1", "2017")

# (indicator code, low, high, female share low, female share high) for every unit.
_LEADERSHIP = [
    ("LD-CBCC", 12, 40, 0.35, 0.6),
    ("LD-LANHDAO", 3, 8, 0.2, 0.45),
    ("LD-CHUCHOT", 2, 4, 0.0, 0.5),
    ("LD-QUYHOACH", 4, 12, 0.3, 0.5),
]
_COMMUNE_ONLY = [
    ("LD-HDND", 20, 28, 0.25, 0.4),
    ("LD-CAPUY", 11, 15, 0.15, 0.35),
    ("DP-VIECLAM", 60, 180, 0.4, 0.55),
]


def _tasks() -> dict[str, object]:
    try:
        from binhdang.plans.models import Task
    except ImportError:  # the plans app is not installed
        return {}
    return {t.code: t for t in Task.objects.filter(plan__number="268/KH-UBND", plan__year=2017)}


_ACTIVITY_FIGURES = {  # report row → activity kinds counted into it (participants by sex)
    "DP-TH-NGUOI": ("training",), "DP-TD-NGUOI": ("seminar",), "DP-KN-NGUOI": ("event_8_3", "event_20_10"),
}


def _activity_sums(unit: OrgUnit, period: str, kinds: tuple[str, ...]) -> tuple[int, int] | None:
    suffix = unit.code.removeprefix(f"{TOWN}-")
    end = datetime.date(2017, 6, 14) if period.endswith("H1") else datetime.date(2017, 12, 14)
    rows = [extra for s, kind, _t, day, _c, extra in _ACTIVITIES if s == suffix and kind in kinds and day <= end]
    if not rows:
        return None
    return (sum(r.get("participants_female", 0) for r in rows), sum(r.get("participants_male", 0) for r in rows))


def demo_unit_figures(unit: OrgUnit, period: str) -> list[dict]:
    """The 2017 figures a unit reports for a period (its report form's indicator table):
    deterministic, annual counts of activities never below the H1 ones, and equal to the
    unit's own activity log where it has one. The reporting demo puts them in the reports;
    accepting a report makes them the unit's values."""
    rng = random.Random(f"{unit.code}-2017")  # noqa: S311 - demo figures, not security
    names = dict(Indicator.objects.filter(code__regex=r"^(DP|LD)-").values_list("code", "name"))
    rows: list[dict[str, Any]] = []
    specs = _LEADERSHIP + (_COMMUNE_ONLY if unit.level == OrgUnit.Level.COMMUNE else [])
    for code, low, high, f_low, f_high in specs:
        total = rng.randint(low, high)
        female = round(total * rng.uniform(f_low, f_high))
        extra = rng.randint(20, 60)  # drawn for every period, so H1 and the year stay in step
        grow = 0 if period.endswith("H1") or code.startswith("LD-") else extra
        f = female + (grow * female // max(total, 1))
        rows.append({"code": code, "female": f, "male": total + grow - f})
    # A unit that keeps an activity log reports what the log says (the log fills the cells).
    keeps_log = any(a[0] == unit.code.removeprefix(f"{TOWN}-") for a in _ACTIVITIES)
    for code, (low, high) in (("DP-TH-NGUOI", (20, 140)), ("DP-TD-NGUOI", (15, 80)), ("DP-KN-NGUOI", (30, 200))):
        sums = _activity_sums(unit, period, _ACTIVITY_FIGURES[code])
        h1, extra, share = rng.randint(low, high), rng.randint(10, 60), rng.uniform(0.5, 0.8)
        if sums is None and keeps_log:
            continue
        if sums is None:
            total = h1 if period.endswith("H1") else h1 + extra
            female = round(total * share)
            sums = (female, total - female)
        rows.append({"code": code, "female": sums[0], "male": sums[1]})
    for row in rows:
        row["name"] = " ".join(names.get(row["code"], row["code"]).split())
    return rows


def _value_rows(units: list[OrgUnit], indicators: dict[str, Indicator],
                accepted: set[tuple[int, str]]) -> list[dict]:
    """Family-violence cases of the communes whose report for the period was accepted (the
    other figures come in through the reports themselves)."""
    rows: list[dict[str, Any]] = []
    for unit in units:
        rng = random.Random(f"{unit.code}-2017-blgd")  # noqa: S311 - demo figures, not security
        if unit.level != OrgUnit.Level.COMMUNE:
            continue
        cases = rng.randint(1, 5)
        for period in PERIODS:
            if (unit.pk, period) not in accepted:
                continue
            detected = cases if period.endswith("H1") else cases + rng.randint(1, 4)
            supported = max(0, detected - rng.randint(0, 2))
            if "DP-BLGD" in indicators:
                rows.append({"indicator": indicators["DP-BLGD"], "org_unit": unit, "period": period,
                             "sex": "T", "num": detected})
            if "DP-BLGD-HOTRO" in indicators:
                rows.append({"indicator": indicators["DP-BLGD-HOTRO"], "org_unit": unit, "period": period,
                             "sex": "T", "num": supported, "den": detected})
    return rows



# (unit code suffix, kind, title, date, task code, extra fields)
# (unit code suffix, activity kind, title, date, task code, the activity's other fields)
_ACTIVITIES: list[tuple[str, str, str, datetime.date, str, dict[str, Any]]] = [
    ("LDTBXH", "training", "Tập huấn nghiệp vụ công tác bình đẳng giới cho cán bộ thị xã và xã, phường",
     datetime.date(2017, 4, 12), "III.1.c", {"participants_female": 38, "participants_male": 17, "women_cadres": 30,
                                              "cost": 12_500_000}),
    ("LDTBXH", "communication", "Hội nghị tuyên truyền Luật Bình đẳng giới",
     datetime.date(2017, 5, 18), "III.1.b", {"channel": "meeting", "audience_reached": 220,
                                              "participants_female": 140, "participants_male": 80, "cost": 6_000_000}),
    ("LDTBXH", "inspection", "Kiểm tra công tác bình đẳng giới tại phường Lam Sơn",
     datetime.date(2017, 10, 24), "III.1.d", {"inspected": "LAMSON", "participants_female": 3, "participants_male": 2,
                                              "findings": "Đã xây dựng kế hoạch năm; chưa bố trí kinh phí riêng.",
                                              "recommendations": "Bố trí kinh phí theo TT 191/2009/TT-BTC.",
                                              "follow_up": "Phường báo cáo khắc phục trước 30/11/2017."}),
    ("HLHPN", "event_8_3", "Tọa đàm và hội thi nấu ăn kỷ niệm ngày Quốc tế phụ nữ 8/3",
     datetime.date(2017, 3, 7), "III.2.d", {"participants_female": 150, "participants_male": 10, "women_cadres": 45,
                                              "cost": 15_000_000}),
    ("HLHPN", "counselling", "Tư vấn, khám sàng lọc ung thư vú, ung thư cổ tử cung cho hội viên",
     datetime.date(2017, 5, 25), "III.2.a", {"topic": "cancer_screening", "participants_female": 120, "cost": 8_000_000}),
    ("HLHPN", "event_20_10", "Gặp mặt kỷ niệm 87 năm ngày thành lập Hội LHPN Việt Nam 20/10",
     datetime.date(2017, 10, 19), "III.2.d", {"participants_female": 95, "participants_male": 5, "cost": 7_000_000}),
    ("NV", "training", "Lớp bồi dưỡng nâng cao năng lực cho cán bộ nữ lãnh đạo, quản lý",
     datetime.date(2017, 6, 8), "III.4", {"participants_female": 42, "participants_male": 0, "women_cadres": 42,
                                           "cost": 10_000_000}),
    ("DTTTH", "communication", "Chuyên mục Bình đẳng giới trên sóng Đài Truyền thanh thị xã (quý II)",
     datetime.date(2017, 6, 10), "III.5", {"channel": "loudspeaker", "audience_reached": 5000}),
    ("BVSTBPN", "review_meeting", "Giao ban Ban Vì sự tiến bộ của phụ nữ 6 tháng đầu năm",
     datetime.date(2017, 6, 2), "II.5.d", {"participants_female": 14, "participants_male": 6}),
    ("BADINH", "communication", "Phát thanh tuyên truyền bình đẳng giới trên loa truyền thanh phường",
     datetime.date(2017, 3, 20), "III.8", {"channel": "loudspeaker", "audience_reached": 3200}),
    ("BADINH", "counselling", "Tư vấn \"Bữa cơm gia đình ấm áp yêu thương\"",
     datetime.date(2017, 4, 22), "III.8", {"topic": "family_meal", "participants_female": 35, "participants_male": 20}),
    ("QUANGTRUNG", "seminar", "Tọa đàm vai trò phụ nữ trong xây dựng nông thôn mới",
     datetime.date(2017, 8, 15), "III.8", {"participants_female": 40, "participants_male": 12, "cost": 3_000_000}),
]

# (unit code suffix, category code, estimate, spent)
_BUDGET = [
    ("BVSTBPN", "2", 20_000_000, 18_500_000), ("BVSTBPN", "3", 10_000_000, 9_000_000),
    ("BVSTBPN", "5", 5_000_000, 3_500_000), ("BVSTBPN", "7", 6_000_000, 6_000_000),
    ("BVSTBPN", "10", 25_000_000, 22_000_000), ("BVSTBPN", "12", 4_000_000, 2_800_000),
    ("LDTBXH", "4", 15_000_000, 12_500_000), ("LDTBXH", "2", 8_000_000, 6_000_000),
]


@transaction.atomic
def demo_load_indicators(*, accepted_reports: Iterable[tuple[int, str]] = (),
                         until: datetime.date | None = None) -> dict:
    """The indicators demo. `accepted_reports`: (unit id, period key) of the 2017 reports
    accepted so far (reporting knows them, and sits above indicators: the demo app passes
    them, see `binhdang.demo.indicators`). Activities and spending dated after `until` (the
    2017 demo clock's date by default; none in the tests) are left for a later run."""
    from binhdang.core import clock

    until = until or clock.demo_day("2017")
    summary = {f"catalogue_{k}_created": v for k, v in catalogue_load().items()}
    summary.update({"values_created": 0, "activities_created": 0,
                    "budget_lines_created": 0, "budget_dues_created": 0})
    town = OrgUnit.objects.filter(code=TOWN).first()
    if town is None:
        return summary
    root = OrgUnit.objects.get(path=town.path[:OrgUnit.steplen])
    units = list(OrgUnit.objects.filter(path__startswith=town.path, depth=town.depth + 1).order_by("path"))
    indicators = {i.code: i for i in Indicator.objects.all()}
    summary["values_created"] = values_bulk_load(actor=None, rows=_value_rows(units, indicators, set(accepted_reports)), root=root,
                                                 reason="demo")
    by_code = {u.code: u for u in units}
    tasks = _tasks()
    for suffix, kind, title, day, task_code, extra in _ACTIVITIES:
        unit = by_code.get(f"{TOWN}-{suffix}")
        if unit is None or (until is not None and day > until) or Activity.objects.filter(
                org_unit=unit, title=title, date=day).exists():
            continue
        fields = dict(extra)
        inspected = fields.pop("inspected", None)
        if inspected:
            fields["inspected_unit"] = by_code.get(f"{TOWN}-{inspected}")
        do_activity_create(actor=None, org_unit=unit, kind=kind, title=title, date=day,
                        task=tasks.get(task_code), **fields)
        summary["activities_created"] += 1
    categories = {c.code: c for c in BudgetCategory.objects.all()}
    for suffix, category_code, planned, spent in _BUDGET:
        unit = by_code.get(f"{TOWN}-{suffix}")
        category = categories.get(category_code)
        if unit is None or category is None:
            continue
        lines = BudgetLine.objects.filter(org_unit=unit, year=2017, category=category)
        for kind, amount, description, day in (
                ("estimate", planned, "Dự toán năm 2017", datetime.date(2016, 7, 15)),
                ("spending", spent, "Thực chi năm 2017", datetime.date(2017, 12, 10))):
            if (until is not None and day > until) or lines.filter(kind=kind).exists():
                continue
            do_budget_line_create(actor=None, org_unit=unit, year=2017, kind=kind, category=category,
                                  amount=Decimal(amount), description=description, date=day)
            summary["budget_lines_created"] += 1
    for year in (2017, 2018):
        summary["budget_dues_created"] += budget_dues_generate(budget_year=year)
    committee = by_code.get(f"{TOWN}-BVSTBPN")
    if committee is not None:
        BudgetEstimateDue.objects.filter(org_unit=committee, budget_year=2017, submitted_at__isnull=True).update(
            submitted_at=datetime.datetime(2016, 7, 15, 2, 0, tzinfo=datetime.UTC))
    return summary
