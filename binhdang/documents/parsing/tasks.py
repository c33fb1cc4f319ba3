"""Tasks: the actionable items of a plan's content and implementation parts, with the agencies
that lead or coordinate them, their deadlines and recurrences."""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass, field

from .agencies import AgencyMatcher, Mention
from .citations import find_citations
from .dates import Recurrence, find_dates, find_recurrences, iso
from .sections import BULLET_KINDS, Node, is_paragraph_like
from .textutil import fold, is_upper_line


@dataclass(frozen=True)
class Due:
    date: str | None
    text: str
    precision: str = "day"

    def to_json(self) -> dict[str, str | None]:
        return {"date": self.date, "text": self.text, "precision": self.precision}


@dataclass(frozen=True)
class TimeNote:
    """A time a task names that is no deadline: a month or quarter it happens in, a campaign
    period (from – to), a data cut-off ("số liệu tính đến ngày …"), a day an event is held."""

    kind: str  # "month", "quarter", "period", "cutoff", "date"
    text: str
    date: str | None = None  # the day, or the last day of the month / quarter / period
    start: str | None = None  # a period's first day

    def to_json(self) -> dict[str, str | None]:
        return {"kind": self.kind, "text": self.text, "date": self.date, "from": self.start}


# A day by which something must be done: "trước 30/6", "chậm nhất ngày …", "hạn chót …",
# "đến hết ngày …", "hoàn thành trong ngày …".
_BY_CUE = re.compile(r"(?:truoc|cham nhat(?: (?:vao|la))?|han(?: cuoi| chot| nop| gui)?(?: la)?|den het|"
                     r"hoan thanh (?:trong|vao|truoc)?)\s+(?:ngay\s+)?$")


_TIME_WORDS = re.compile(
    r"\b(?:quy|thang|nam|ngay|hang|hàng|tu|den|truoc|sau|cham nhat|dinh ky|thuong xuyen|ca nam|nam hoc|dot|tuan|"
    r"dau|giua|cuoi|trong|va|het|moi|theo|ke hoach|i|ii|iii|iv|v|vi)\b|[\d/.,;:()\-–]")


def is_time_cell(text: str) -> bool:
    """'Quý II/2026', 'Tháng 3 và tháng 10/2026', 'Hằng tháng', 'Từ 15/11 đến 15/12': a cell that
    says when, with no agency in it."""
    folded = fold(text).strip()
    return bool(folded) and bool(re.search(r"\d|quy|thang|hang|dinh ky|thuong xuyen", folded)) and \
        not _TIME_WORDS.sub(" ", folded).strip()


def squash_text(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Roles:
    lead: tuple[Mention, ...] = ()
    coordinating: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Task:
    id: str
    section: str
    text: str
    lead: tuple[Mention, ...] = ()
    coordinating: tuple[Mention, ...] = ()
    due: tuple[Due, ...] = ()
    recurrence: tuple[Recurrence, ...] = ()
    times: tuple[TimeNote, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "section": self.section, "text": self.text,
            "lead": _names(self.lead), "coordinating": _names(self.coordinating),
            "due": [d.to_json() for d in self.due], "recurrence": [r.to_json() for r in self.recurrence],
            "times": [t.to_json() for t in self.times],
        }


@dataclass(frozen=True)
class PurposeItem:
    label: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text}


@dataclass
class Extraction:
    tasks: list[Task] = field(default_factory=list)
    purpose: list[PurposeItem] = field(default_factory=list)


def _names(mentions: tuple[Mention, ...]) -> list[str]:
    out: list[str] = []
    for m in mentions:
        if m.name not in out:
            out.append(m.name)
    return out


def _dedupe(mentions: list[Mention]) -> tuple[Mention, ...]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return tuple(out)


_INTRO = re.compile(r"^(?:nham|de|tren co so|can cu|thuc hien|trong)\b[^,.;]{0,200},\s*")
_COORD = re.compile(r"\bphoi hop (?:voi|cung)\s+")
_LEAD_CUES = re.compile(r"(?<![a-z0-9])(?:giao(?: cho)?|de nghi|yeu cau)\s+(?!luu\b|nhiem vu)")
_CHU_TRI = re.compile(r"\bchu tri\b")


def roles_in(text: str, matcher: AgencyMatcher) -> Roles:
    """The agencies a sentence makes responsible: 'Giao X chủ trì, phối hợp với Y', 'Đề nghị X',
    'X chủ trì', or a list of agencies as the subject at the start of the text."""
    folded = fold(text)
    mentions = matcher.find(text)
    lead: list[Mention] = []
    coordinating: list[Mention] = []
    # Substring tests first: most sentences have none of the cue words, and `in` is far
    # cheaper than a regex scan.
    if "phoi hop" in folded:
        for m in _COORD.finditer(folded):
            coordinating.extend(matcher.run_at(text, m.end(), mentions))
    if "giao" in folded or "de nghi" in folded or "yeu cau" in folded:
        for m in _LEAD_CUES.finditer(folded):
            lead.extend(matcher.run_at(text, m.end(), mentions))
    if "chu tri" in folded:
        for m in _CHU_TRI.finditer(folded):
            lead.extend(matcher.run_before(text, m.start(), mentions))
    intro = _INTRO.match(folded)
    for start in {0, intro.end() if intro else 0}:
        run = matcher.run_at(text, start, mentions)
        if run and not _COORD.match(folded, run[-1].end):
            # A subject must be followed by a verb, not be the object of the first word.
            lead.extend(run)
    lead_t = _dedupe(lead)
    lead_names = {m.name for m in lead_t}
    coord_t = tuple(m for m in _dedupe(coordinating) if m.name not in lead_names)
    return Roles(lead_t, coord_t)


def heading_roles(text: str, matcher: AgencyMatcher) -> Roles:
    """A heading that names agencies ('2. Hội Liên hiệp Phụ nữ Thị xã', 'Tăng cường hoạt động
    của Ban …') gives them the lead of the tasks below it."""
    roles = roles_in(text, matcher)
    if roles.lead:
        return roles
    coord_starts = {m.end() for m in _COORD.finditer(fold(text))}
    coord_names = {m.name for m in roles.coordinating}
    lead = [m for m in matcher.find(text) if m.name not in coord_names and m.start not in coord_starts]
    if not lead:
        unknown = matcher.unknown_at(text, 0)
        if unknown and len(text.split()) <= 12 and not is_paragraph_like(text):
            lead = [unknown]
    return Roles(_dedupe(lead), roles.coordinating)


_MAY_HAVE_DATE = re.compile(r"\d|[Qq]u[ýy]")


def _letter(i: int) -> str:
    letters = string.ascii_lowercase
    return letters[i] if i < 26 else letters[i // 26 - 1] + letters[i % 26]


_PURPOSE = re.compile(r"muc dich|yeu cau|muc tieu|quan diem")
_NOT_TASKS = re.compile(r"ket qua|tinh hinh|danh gia|kien nghi|de xuat|han che|ton tai|nguyen nhan|kinh phi|dac diem|thuc trang|bai hoc")
_TASKS = re.compile(r"noi dung|nhiem vu|giai phap|to chuc thuc hien|phan cong|hoat dong|phuong huong|trien khai|ke hoach|trach nhiem")


def classify_part(title: str) -> str | None:
    folded = fold(title)
    if _PURPOSE.search(folded) and not _TASKS.search(folded.replace("yeu cau", "")):
        return "purpose"
    if _NOT_TASKS.search(folded) and not re.search(r"phuong huong|nhiem vu (?:trong tam|\d|thoi gian toi|nam)", folded):
        return "other"
    if _TASKS.search(folded):
        return "tasks"
    return None


class TaskBuilder:
    def __init__(self, matcher: AgencyMatcher, year: int | None, warnings: list[str]) -> None:
        self.matcher = matcher
        self.year = year
        self.warnings = warnings
        self.result = Extraction()

    def extract(self, root: Node, lead_in: Roles | None = None) -> Extraction:
        tops = [c for c in root.children if c.kind in ("part", "roman")]
        if not tops:
            articles = [c for c in root.children if c.kind == "article"]
            if articles:
                for art in articles:
                    if _LEAD_CUES.search(fold(art.text)) or _CHU_TRI.search(fold(art.text)) or art.children:
                        self._walk(art, lead_in or Roles())
            else:
                self._walk(root, lead_in or Roles())
            return self.result
        roles = {id(c): self._classify(c) for c in tops}
        has_tasks = any(r == "tasks" for r in roles.values())
        for child in root.children:
            kind = roles.get(id(child))
            if kind is None and child.kind in ("part", "roman"):
                kind = "other" if has_tasks else "tasks"
            if kind == "purpose":
                self._purpose(child)
            elif kind == "tasks":
                self._walk(child, lead_in or Roles())
            elif kind == "mixed":
                for sub in child.children:
                    sub_kind = classify_part(sub.text) or "tasks"
                    if sub_kind == "purpose":
                        self._purpose(sub)
                    elif sub_kind == "tasks":
                        self._walk(sub, Roles())
        return self.result

    def _classify(self, node: Node) -> str | None:
        kind = classify_part(node.text)
        if kind is None and node.kind == "part" and any(classify_part(c.text) for c in node.children):
            return "mixed"
        return kind

    def _purpose(self, node: Node) -> None:
        for par in node.body:
            self.result.purpose.append(PurposeItem(node.label, par))
        bullets = 0
        for child in node.children:
            if child.kind in BULLET_KINDS:
                label = f"{node.label}.{_letter(bullets)}"
                bullets += 1
            else:
                label = child.label
            if child.children or child.body:
                if child.text:
                    self.result.purpose.append(PurposeItem(label, child.text))
                self._purpose(child)
            elif child.text:
                self.result.purpose.append(PurposeItem(label, child.text))

    def _walk(self, node: Node, inherited: Roles, node_id: str | None = None) -> None:
        node_id = node_id or node.label
        ctx = inherited
        if node.text and node.kind != "root":
            here = heading_roles(node.text, self.matcher) if not is_paragraph_like(node.text) else roles_in(node.text, self.matcher)
            if here.lead:
                ctx = here
            elif here.coordinating:
                ctx = Roles(inherited.lead, here.coordinating)
        items = list(node.children)
        if not items:
            if node.body:
                self._task(node_id, node.label, " ".join(node.body), ctx)
            elif node.text and node.kind != "root" and not self._only_agencies(node.text) and not (
                    node.kind in ("roman", "part") and is_upper_line(node.text) and len(node.text) < 120):
                # (an upper-case part heading with nothing under it is a title, not a task)
                self._task(node_id, node.label, node.text, inherited if is_paragraph_like(node.text) else ctx)
            return
        for par in node.body:
            if par.rstrip().endswith(":"):
                here = roles_in(par, self.matcher)
                if here.lead:
                    ctx = here
        count = 0
        numbered_bullets = node.kind in ("letter",) or node.kind in BULLET_KINDS
        for child in items:
            if child.kind == "table":
                self._table(node, child, ctx)
            elif child.kind in BULLET_KINDS:
                child_id = f"{node_id}.{count + 1 if numbered_bullets else _letter(count)}"
                count += 1
                if child.children:
                    self._walk(child, ctx, child_id)
                else:
                    self._task(child_id, node.label, child.text, ctx)
            else:
                self._walk(child, ctx)

    def _only_agencies(self, text: str) -> bool:
        folded = fold(text)
        rest = list(folded)
        for m in self.matcher.find(text):
            rest[m.start : m.end] = " " * (m.end - m.start)
        leftover = "".join(rest)
        return not re.sub(r"[\s,;:.&-]|\bva\b|\bcac\b", "", leftover) or bool(self.matcher.unknown_at(text, 0) and len(text.split()) <= 10)

    def _task(self, task_id: str, section: str, text: str, ctx: Roles) -> None:
        text = text.strip().rstrip(",;").strip()
        if not text:
            return
        explicit = roles_in(text, self.matcher)
        lead = explicit.lead or ctx.lead
        coordinating = explicit.coordinating or (ctx.coordinating if not explicit.lead else ())
        lead_names = {m.name for m in lead}
        coordinating = tuple(m for m in coordinating if m.name not in lead_names)
        recurrences, used = find_recurrences(text, " ".join(m.name for m in lead))
        due, times = self._due(text, used)
        self.result.tasks.append(Task(task_id, section, text, tuple(lead), coordinating, due, tuple(recurrences),
                                      times))

    def due_and_times(self, text: str) -> tuple[tuple[Due, ...], tuple[TimeNote, ...]]:
        return self._due(text, [])

    def _due(self, text: str, used: list[tuple[int, int]], *, time_cell: bool = False
             ) -> tuple[tuple[Due, ...], tuple[TimeNote, ...]]:
        """The task's deadlines (days by which it must be done: 'trước 30/6', 'chậm nhất ngày …',
        or a time column holding only a day) and its other times, each of its kind."""
        if not _MAY_HAVE_DATE.search(text):
            return (), ()
        excluded = list(used) + [(c.start, c.end) for c in find_citations(text)]
        folded = fold(text)
        hits = [h for h in find_dates(text, self.year, self.warnings)
                if h.date is not None and not any(h.start < e and s < h.end for s, e in excluded)]
        out: list[Due] = []
        times: list[TimeNote] = []
        taken: set[int] = set()
        # A campaign or activity period: "từ 15/11 đến 15/12/2024", "từ ngày … đến ngày …".
        for a, b in itertools.pairwise(hits):
            between = folded[a.end : b.start]
            before = folded[max(0, a.start - 12) : a.start]
            if re.fullmatch(r"\s*(?:den|-|–|toi)\s*(?:het\s+)?(?:ngay\s+)?", between) and (
                    re.search(r"\btu\s+(?:ngay\s+)?$", before) or time_cell):
                start = before.rfind("tu")
                times.append(TimeNote("period", squash_text(text[a.start - (len(before) - start) if start >= 0 else a.start
                                                                  : b.end]), iso(b.date), iso(a.date)))
                taken.update((id(a), id(b)))
        for hit in hits:
            if id(hit) in taken:
                continue
            window_start = max(0, hit.start - 40)
            window = folded[window_start : hit.start]
            cut = re.search(r"(?:so lieu\s+)?(?:tinh|so lieu)\s+(?:\S+\s+){0,3}?(?:den|tu)\s+(?:het\s+)?(?:ngay\s+)?$", window)
            if cut:
                times.append(TimeNote("cutoff", squash_text(text[window_start + cut.start() : hit.end]), iso(hit.date)))
                continue
            if hit.precision in ("month", "quarter"):
                times.append(TimeNote(hit.precision, hit.text, iso(hit.date)))
                continue
            cue = _BY_CUE.search(folded[max(0, hit.start - 30) : hit.start])
            alone = time_cell and re.fullmatch(r"\W*(?:ngay\s+)?", folded[: hit.start]) is not None \
                and not folded[hit.end :].strip(" .;")
            if cue or alone:
                start = hit.start - (len(text[max(0, hit.start - 30) : hit.start]) - cue.start()) if cue else hit.start
                out.append(Due(iso(hit.date), text[start : hit.end], hit.precision))
            else:
                times.append(TimeNote("date", hit.text, iso(hit.date)))
        return tuple(out), tuple(times)

    def _table(self, node: Node, table: Node, ctx: Roles) -> None:
        if not table.rows:
            return
        header = [fold(c) for c in table.rows[0]]

        def col(pattern: str) -> int | None:
            return next((i for i, h in enumerate(header) if re.search(pattern, h)), None)

        c_no, c_text = col(r"^(?:stt|tt|so tt)\.?$"), col(r"noi ?dung|nhiem ?vu|hoat ?dong|cong ?viec")
        c_lead, c_coord = col(r"chu ?tri"), col(r"phoi ?hop")
        c_time = col(r"thoi ?gian|tien ?do|thoi ?han|hoan ?thanh")
        if c_text is None:
            return
        def cell(row: list[str], i: int | None) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        # A cell broken over lines in text continues on rows whose STT cell is empty.
        rows: list[list[str]] = []
        for row in table.rows[1:]:
            if rows and c_no is not None and not cell(row, c_no) and any(x.strip() for x in row):
                width = max(len(rows[-1]), len(row))
                prev = rows[-1] + [""] * (width - len(rows[-1]))
                rows[-1] = [" ".join(x for x in (prev[i].strip(), row[i].strip() if i < len(row) else "") if x)
                            for i in range(width)]
            else:
                rows.append(list(row))
        above: tuple[Mention, ...] = ()
        for n, row in enumerate(rows, start=1):
            text = cell(row, c_text)
            number = cell(row, c_no)
            if not text or (number and not number.isdigit()):
                continue
            task_id = f"{node.label}.{number or n}" if node.label else (number or str(n))
            time_text = cell(row, c_time)
            coord_text = cell(row, c_coord)
            if coord_text and is_time_cell(coord_text) and not time_text:
                # A row that lost its empty 'Phối hợp' cell: its time slid one column left.
                time_text, coord_text = coord_text, ""
            # An empty 'Chủ trì' cell under a filled one is a merged cell as text shows it: the
            # rows below share the lead of the row that holds the text.
            lead = self._cell_agencies(cell(row, c_lead)) or (above if c_lead is not None else ()) or ctx.lead
            above = lead if c_lead is not None and lead is not ctx.lead else above
            coordinating = self._cell_agencies(coord_text) if not is_time_cell(coord_text) else ()
            recurrences, _ = find_recurrences(time_text)
            text_recurrences, used = find_recurrences(text)
            cell_due, cell_times = self._due(time_text, [], time_cell=True)
            text_due, text_times = self._due(text, used)
            self.result.tasks.append(Task(task_id, node.label, text, lead, coordinating, cell_due + text_due,
                                          tuple(recurrences) + tuple(text_recurrences), cell_times + text_times))

    def _cell_agencies(self, cell: str) -> tuple[Mention, ...]:
        if not cell:
            return ()
        out: list[Mention] = []
        mentions = self.matcher.find(cell)
        for part in re.finditer(r"[^,;\n]+", cell):
            inside = [m for m in mentions if part.start() <= m.start < part.end()]
            covered = any(m.start < part.end() and m.end > part.start() for m in mentions)
            if inside:
                out.extend(inside)
            elif part.group(0).strip() and not covered:
                out.append(Mention(part.start(), part.end(), " ".join(part.group(0).split()), None))
        return _dedupe(out)
