"""What changed between two revisions of a report: words of narratives, cells of tables,
attached files."""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import (
    SectionKind,
    Submission,
    SubmissionRevision,
)
from .lists import revision_list

# --- diffs ------------------------------------------------------------------------------------


@dataclass
class CellChange:
    row: str
    column: str
    old: Any
    new: Any


@dataclass
class SectionDiff:
    key: str
    title: str
    kind: str
    changed: bool
    tokens: list[tuple[str, str]] = field(default_factory=list)  # (equal|insert|delete, text)
    cells: list[CellChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


_WORDS = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff (whitespace kept, so line breaks survive) with difflib."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    tokens: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            tokens.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            tokens.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            tokens.append(("insert", "".join(b[j1:j2])))
    return tokens


# Marked for translation here, translated when a diff is built (`_(title)` in _table_diff).
_TASK_COLUMNS = (("status", gettext_noop("Trạng thái")), ("progress", gettext_noop("Tiến độ (%)")),
                 ("note", gettext_noop("Ghi chú")))
_INDICATOR_COLUMNS = (("female", gettext_noop("Nữ")), ("male", gettext_noop("Nam")))


def _table_diff(old_rows: list[dict[str, Any]] | None, new_rows: list[dict[str, Any]] | None,
                columns: tuple[tuple[str, str], ...], label: Callable[[dict[str, Any]], str]) -> tuple[list[CellChange], list[str], list[str]]:
    old_by = {r["code"]: r for r in old_rows or []}
    new_by = {r["code"]: r for r in new_rows or []}
    cells = []
    for code, row in new_by.items():
        before = old_by.get(code)
        if before is None:
            continue
        for column, title in columns:
            if before.get(column) != row.get(column):
                cells.append(CellChange(label(row), _(title), before.get(column), row.get(column)))
    added = [label(r) for c, r in new_by.items() if c not in old_by]
    removed = [label(r) for c, r in old_by.items() if c not in new_by]
    return cells, added, removed


def content_diff(*, sections: list[dict], old: dict, new: dict,
                 old_files: list[str] | None = None, new_files: list[str] | None = None) -> list[SectionDiff]:
    """What changed, per section, between two versions of a report's content."""
    result = []
    for section in sections:
        key, kind = section["key"], section["kind"]
        diff = SectionDiff(key=key, title=section["title"], kind=kind, changed=False)
        if kind == SectionKind.NARRATIVE:
            before, after = str(old.get(key) or ""), str(new.get(key) or "")
            diff.changed = before != after
            diff.tokens = text_diff(before, after) if diff.changed else [("equal", after)]
        elif kind == SectionKind.TASK_TABLE:
            diff.cells, diff.added, diff.removed = _table_diff(
                old.get(key), new.get(key), _TASK_COLUMNS, lambda r: f"{r['code']} {r.get('text', '')[:60]}")
        elif kind == SectionKind.INDICATOR_TABLE:
            diff.cells, diff.added, diff.removed = _table_diff(
                old.get(key), new.get(key), _INDICATOR_COLUMNS, lambda r: f"{r['code']} – {r.get('name', '')}")
        elif kind == SectionKind.ATTACHMENTS:
            before_files = old_files if old_files is not None else list(old.get(key) or [])
            after_files = new_files if new_files is not None else list(new.get(key) or [])
            diff.added = [f for f in after_files if f not in before_files]
            diff.removed = [f for f in before_files if f not in after_files]
        diff.changed = diff.changed or bool(diff.cells or diff.added or diff.removed)
        result.append(diff)
    return result


@dataclass
class RevisionDiff:
    previous: SubmissionRevision | None
    current: SubmissionRevision | None
    sections: list[SectionDiff]

    @property
    def changed_count(self) -> int:
        return sum(1 for s in self.sections if s.changed)


def submission_diff(*, submission: Submission, number: int | None = None) -> RevisionDiff:
    """What changed in revision `number` (default: the latest) since the previous one."""
    revisions = revision_list(submission=submission)
    if not revisions:
        return RevisionDiff(None, None, [])
    current = revisions[-1] if number is None else next((r for r in revisions if r.number == number), revisions[-1])
    previous = next((r for r in reversed(revisions) if r.number < current.number), None)
    if previous is None:
        return RevisionDiff(None, current, [])

    def files(revision: SubmissionRevision) -> list[str]:
        return [a["name"] for a in revision.attachments]

    sections = content_diff(sections=current.sections, old=previous.content, new=current.content,
                            old_files=files(previous), new_files=files(current))
    return RevisionDiff(previous, current, sections)
