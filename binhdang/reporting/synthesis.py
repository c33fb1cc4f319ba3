"""The synthesis of a period's reports for one unit (the town, the province): what its
consolidated Báo cáo, the consolidation page and the API say, from one place.

- Figures for the whole scope are the unit's indicator roll-ups (accepted reports' figures
  and the activity logs), never the sum of typed numbers; the per-unit table reads the
  children's roll-ups, so its totals row equals the scope total the text states.
- Texts are merged: sentences several units wrote alike are printed once with the number
  of units; a unit's own sentences are printed once, under its name.
- Only accepted reports count; pending ones (sent, not yet accepted) only when asked, and
  then every point they contribute to carries a mark.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from binhdang.core import clock
from binhdang.core.numbers import format_share
from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation

from .models import SectionKind, Submission
from .periods import ReportingPeriod, obligations_q, period_parse
from .selectors import StatusRow, status_report

# The form's narrative keys, by part of the report.
RESULT_KEYS = ("tuyen_truyen", "nang_cao_nang_luc", "can_bo_nu", "ban_vstbpn", "kinh_phi", "ket_qua")
LIMIT_KEYS = ("kho_khan",)
DIRECTION_KEYS = ("phuong_huong",)
PROPOSAL_KEYS = ("kien_nghi",)
PENDING_MARK = "(*)"
# The key figures stated in the text, in this order, and how the text says them.
KEY_FIGURES = {
    "DP-TH-NGUOI": "tập huấn về bình đẳng giới cho {total} người, trong đó nữ {female} người ({share})",
    "DP-TD-NGUOI": "tổ chức tọa đàm, hội thảo với {total} người tham dự, trong đó nữ {female} người ({share})",
    "DP-KN-NGUOI": "tổ chức các hoạt động kỷ niệm 8/3 và 20/10 với {total} người tham gia, "
                   "trong đó nữ {female} người ({share})",
    "DP-TV-NGUOI": "tư vấn cho {total} người, trong đó nữ {female} người ({share})",
}


@dataclass
class Figure:
    code: str
    name: str
    unit: str
    female: int | None
    male: int | None

    @property
    def total(self) -> int | None:
        if self.female is None and self.male is None:
            return None
        return (self.female or 0) + (self.male or 0)

    @property
    def share(self) -> str:
        """The women's share, "82,5%"."""
        total = self.total
        if not total or self.female is None:
            return ""
        return format_share(self.female, total, lang="vi", empty="")


@dataclass
class Point:
    """One merged sentence and where it came from."""

    text: str
    units: list[str] = field(default_factory=list)
    submissions: list[int] = field(default_factory=list)
    pending: bool = False

    @property
    def sources(self) -> list[tuple[str, int]]:
        return list(zip(self.units, self.submissions, strict=False))


@dataclass
class UnitNote:
    unit: str
    submission: int
    sentences: list[str]
    pending: bool = False


@dataclass
class UnitState:
    unit: str
    status: str  # missing | draft | submitted | returned | accepted
    on_time: bool | None
    submission: int | None
    due_date: datetime.date | None = None

    @property
    def not_yet_due(self) -> bool:
        """Not sent, and its deadline has not passed (business date: core.clock)."""
        return self.status in ("missing", "draft") and self.due_date is not None and clock.today() <= self.due_date


@dataclass
class Synthesis:
    unit: OrgUnit
    period: ReportingPeriod
    scope: str  # "toàn thị xã Bỉm Sơn"
    include_pending: bool
    figures: list[Figure]  # the scope's roll-up, by sex
    by_unit: list[tuple[str, Figure]]  # the trainings figure of each child with data
    results: list[Point]
    notes: list[UnitNote]
    limitations: list[Point]
    causes: list[Point]
    directions: list[Point]
    proposals: list[Point]
    states: list[UnitState]

    def figure(self, code: str) -> Figure | None:
        return next((f for f in self.figures if f.code == code), None)

    def in_state(self, *statuses: str) -> list[UnitState]:
        return [s for s in self.states if s.status in statuses]

    @property
    def unsent_overdue(self) -> list[UnitState]:
        return [s for s in self.in_state("missing", "draft") if not s.not_yet_due]

    @property
    def unsent_not_due(self) -> list[UnitState]:
        return [s for s in self.in_state("missing", "draft") if s.not_yet_due]

    @property
    def late(self) -> list[UnitState]:
        return [s for s in self.states if s.on_time is False]

    @property
    def counted(self) -> list[UnitState]:
        wanted = ("accepted", "submitted") if self.include_pending else ("accepted",)
        return self.in_state(*wanted)


def scope_phrase(unit: OrgUnit) -> str:
    """"toàn thị xã Bỉm Sơn": the place by its name, never by its level title alone."""
    place = (unit.short_name or "").strip()
    if unit.level_title and search_key(place).startswith(search_key(unit.level_title)):
        return f"toàn {place[:1].lower()}{place[1:]}"
    if unit.level_title:
        return f"toàn {unit.level_title} ({unit.name})"
    return f"toàn {unit.name}"


def _receivers(unit: OrgUnit) -> list[int]:
    """The unit and its direct children: the standing agency (Phòng LĐ-TB&XH, Sở LĐ-TB&XH,
    Ban VSTBPN) receives the reports on the unit's behalf."""
    return [unit.pk, *OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
            .values_list("pk", flat=True)]


def scope_rows(unit: OrgUnit, period_key: str) -> list[StatusRow]:
    """The obligations of the period that report to the unit (or its standing agency)."""
    report = status_report(period_key=period_key, root=unit, receivers=_receivers(unit))
    return [r for r in report.rows if r.unit.pk != unit.pk]


# --- sentences --------------------------------------------------------------------------------

_SPLIT = re.compile(r"(?<=[.;!?])\s+|\n+")


_SUBHEADING = re.compile(r"^\s*\d+\.\s+[^.]{1,100}$")


def sentences(text: str) -> list[str]:
    """The sentences of a text, without its sub-headings ("1. Kết quả chung")."""
    lines = [line for line in (text or "").splitlines() if not _SUBHEADING.match(line)]
    parts = [p.strip(" ;-–•\t") for p in _SPLIT.split("\n".join(lines))]
    out = []
    for part in parts:
        part = part.rstrip(".;").strip()
        if len(part) > 2:
            out.append(part[0].upper() + part[1:])
    return out


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Dates, years and document numbers ("20/10", "2017", "191/2009/TT-BTC") are not figures.
_NOT_FIGURE = re.compile(r"\d+(?:/\d+)+(?:/[\w-]+)?|\b(?:19|20)\d\d\b")


def _has_figures(text: str) -> bool:
    return bool(_NUMBER.search(_NOT_FIGURE.sub(" ", text)))


@functools.lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """search_key of a sentence, folded once: merging compares each sentence with many."""
    return search_key(text)


def _similar(a: str, b: str) -> bool:
    """Alike enough to print once: the same words give or take a few, and exactly the same
    figures (two units' different numbers are never merged into one sentence)."""
    if _has_figures(a) or _has_figures(b):
        return False  # a sentence with figures is the unit's own: printed under its name
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    if _NUMBER.findall(ka) != _NUMBER.findall(kb):
        return False  # other dates or document numbers
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.85


def merge_points(items: list[tuple[str, str, int, bool]]) -> list[Point]:
    """(unit, sentence, submission id, pending) → points with similar sentences merged, the
    most widely raised first."""
    points: list[Point] = []
    for unit, sentence, submission, pending in items:
        target = next((p for p in points if _similar(p.text, sentence)), None)
        if target is None:
            target = Point(sentence)
            points.append(target)
        if unit not in target.units:
            target.units.append(unit)
            target.submissions.append(submission)
        target.pending = target.pending or pending
    points.sort(key=lambda p: -len(p.units))
    return points


# --- build --------------------------------------------------------------------------------------


def _table(unit: OrgUnit, period_key: str) -> Any:
    """The indicators app's table of the unit and its children (the one read path of the
    indicator page, the XLSX export and the API)."""
    from binhdang.indicators.models import Indicator
    from binhdang.indicators.selectors import indicator_list, unit_table

    indicators = [i for i in indicator_list() if i.by_sex and i.kind == Indicator.Kind.COUNT]
    return unit_table(unit=unit, period=period_key, indicators=indicators, with_children=True)


def _round(value: Any) -> int | None:
    return None if value is None else round(value)


def _figures(table: Any) -> list[Figure]:
    out = []
    for indicator in table.indicators:
        figure = table.figure(table.unit.pk, indicator)
        if figure.is_empty:
            continue
        out.append(Figure(indicator.code, " ".join(indicator.name.split()), indicator.unit,
                          _round(figure.female), _round(figure.male)))
    return out


def _by_unit(table: Any, code: str) -> list[tuple[str, Figure]]:
    """The figure of each child of the unit (its whole subtree) and the unit's own cells, so
    that the rows add up to the unit's total."""
    indicator = next((i for i in table.indicators if i.code == code), None)
    if indicator is None:
        return []
    rows: list[tuple[str, Figure]] = []
    total = table.figure(table.unit.pk, indicator)
    female, male = _round(total.female) or 0, _round(total.male) or 0
    for child in table.children:
        figure = table.figure(child.pk, indicator)
        if figure.is_empty:
            continue
        f, m = _round(figure.female) or 0, _round(figure.male) or 0
        rows.append((child.name, Figure(code, indicator.name, indicator.unit, f, m)))
        female, male = female - f, male - m
    if female or male:  # the unit's own cells (its standing agency's activities are a child)
        rows.insert(0, (table.unit.name, Figure(code, indicator.name, indicator.unit, female, male)))
    return rows


def _texts(submission: Submission, keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for key in keys:
        out += sentences(str(submission.content.get(key) or ""))
    return out


def synthesis_build(unit: OrgUnit, period_key: str, *, include_pending: bool = False) -> Synthesis:
    """The synthesis of the reports sent to `unit` (or its standing agency) for a period.

    Raises DomainError for a bad period key.
    """
    period = period_parse(period_key)
    rows = scope_rows(unit, period.key)
    wanted = {"accepted", "submitted"} if include_pending else {"accepted"}
    states, counted = [], []
    for row in rows:
        sub = row.submission
        states.append(UnitState(row.unit.name, row.status, row.on_time, sub.pk if sub else None,
                                row.obligation.due_date))
        if row.status in wanted and sub is not None:
            counted.append((row.unit.name, sub, row.status != "accepted"))

    def gather(keys: tuple[str, ...]) -> list[tuple[str, str, int, bool]]:
        return [(name, s, sub.pk, pending) for name, sub, pending in counted for s in _texts(sub, keys)]

    results = merge_points(gather(RESULT_KEYS))
    shared = [p for p in results if len(p.units) > 1]
    own = {p.text: p for p in results if len(p.units) == 1}
    candidates = [(name, sub, pending, [t for t in _texts(sub, RESULT_KEYS) if t in own and own[t].units == [name]])
                  for name, sub, pending in counted]
    # A figure sentence several units wrote word for word ("Kinh phí … 10 triệu đồng") says
    # nothing about one of them: it is left out of the units' notes.
    seen = Counter(t for *_rest, mine in candidates for t in set(mine))
    notes = []
    for name, sub, pending, mine in candidates:
        mine = [t for t in mine if seen[t] <= 2]
        if mine:
            notes.append(UnitNote(name, sub.pk, mine[:4], pending))
    limits_all = merge_points(gather(LIMIT_KEYS))
    causes = [p for p in limits_all if search_key(p.text).startswith("nguyen nhan")]
    limitations = [p for p in limits_all if p not in causes]
    for point in causes:
        point.text = re.sub(r"^nguyên nhân\s*:?\s*", "", point.text, flags=re.I)
        point.text = point.text[:1].upper() + point.text[1:]
    table = _table(unit, period.key)
    return Synthesis(
        unit=unit, period=period, scope=scope_phrase(unit), include_pending=include_pending,
        figures=_figures(table), by_unit=_by_unit(table, "DP-TH-NGUOI"),
        results=shared, notes=notes, limitations=limitations, causes=causes,
        directions=merge_points(gather(DIRECTION_KEYS)), proposals=merge_points(gather(PROPOSAL_KEYS)),
        states=states,
    )


def own_submission(unit: OrgUnit, period_key: str) -> Submission | None:
    """The unit's own report for the period (a ward's, a Phòng's), when it has one."""
    period = period_parse(period_key)
    obligation = (Obligation.objects.filter(obligations_q(period), org_unit=unit)
                  .order_by("due_date", "id").first())
    if obligation is None:
        return None
    return Submission.objects.filter(obligation=obligation).first()


def submission_figures(submission: Submission) -> list[Figure]:
    """The figures of a unit's own report, as it sent them."""
    out: list[Figure] = []
    for section in submission.sections:
        if section["kind"] != SectionKind.INDICATOR_TABLE:
            continue
        for row in submission.content.get(section["key"]) or []:
            if row.get("female") is None and row.get("male") is None:
                continue
            out.append(Figure(row["code"], str(row.get("name") or row["code"]), "người",
                              row.get("female"), row.get("male")))
    return out


def synthesis_json(s: Synthesis) -> dict[str, Any]:
    """The synthesis for the API: every figure the document states."""
    def fig(f: Figure) -> dict[str, Any]:
        return {"code": f.code, "name": f.name, "female": f.female, "male": f.male, "total": f.total}

    def point(p: Point) -> dict[str, Any]:
        return {"text": p.text, "units": p.units, "submissions": p.submissions, "pending": p.pending}

    return {
        "unit": s.unit.name, "period": s.period.key, "include_pending": s.include_pending,
        "figures": [fig(f) for f in s.figures],
        "by_unit": [{"unit": name, **fig(f)} for name, f in s.by_unit],
        "results": [point(p) for p in s.results],
        "notes": [{"unit": n.unit, "submission": n.submission, "sentences": n.sentences, "pending": n.pending}
                  for n in s.notes],
        "limitations": [point(p) for p in s.limitations], "causes": [point(p) for p in s.causes],
        "directions": [point(p) for p in s.directions], "proposals": [point(p) for p in s.proposals],
        "states": [{"unit": u.unit, "status": u.status, "on_time": u.on_time, "submission": u.submission}
                   for u in s.states],
    }
