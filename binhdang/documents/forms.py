"""Forms for plan-document import: the upload, and the review form read into ReviewEdits
plus the one operation its pressed button asks for."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.plans.forms import INVALID_DATE, parse_day

from .services import HEADER_FIELDS, ReviewEdits


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản (.txt, .docx, .pdf hoặc ảnh quét .jpg, .png; tối đa 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf,.jpg,.jpeg,.png"}),
        error_messages={"required": _("Hãy chọn một tệp văn bản."), "empty": _("Tệp rỗng, không có nội dung.")},
    )


@dataclass
class Operation:
    kind: str  # "draft", "save", "search", "pick", "unpick", "remove-agency", "remove-mention", "remove-task"
    index: int | None = None
    query: str = ""


ROLES = ("lead", "coordinating")


def _int(raw: str) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


class ReviewForm:
    """Reads the review screen's POST. Every field is optional, so one bad value (a date
    that does not exist) never throws away the other edits: it is reported and skipped."""

    def __init__(self, data, task_count: int):
        self.data = data
        self.task_count = task_count
        self.errors: dict[str, str] = {}
        self.version = _int(data.get("version"))

    def agency_name(self, index: int | None) -> str | None:
        if index is None:
            return None
        return (self.data.get(f"agency_{index}") or "").strip() or None

    def edits(self) -> tuple[ReviewEdits, Operation]:
        edits = ReviewEdits()
        for key in HEADER_FIELDS:
            if key not in self.data:
                continue
            raw = self.data.get(key, "")
            if key == "date":
                day = parse_day(raw)
                if day is None:
                    self.errors["date"] = str(INVALID_DATE)
                    continue
                edits.header["date"] = day
            else:
                edits.header[key] = raw
        if "signer_name" in self.data:
            edits.signer_name = self.data.get("signer_name", "")
        for index in range(self.task_count):
            changes = {}
            for key in ("text", "section"):
                name = f"task_{index}_{key}"
                if name in self.data:
                    changes[key] = self.data.get(name, "")
            if changes:
                edits.tasks[index] = changes
        op = self._operation(edits)
        return edits, op

    def _operation(self, edits: ReviewEdits) -> Operation:
        raw = self.data.get("op", "draft")
        kind, _sep, rest = raw.partition(":")
        parts = rest.split(":") if rest else []
        if kind == "pick" and len(parts) == 2:
            name, pk = self.agency_name(_int(parts[0])), _int(parts[1])
            if name and pk is not None:
                edits.picks[name] = pk
                return Operation("pick", _int(parts[0]))
        elif kind == "unpick" and parts:
            name = self.agency_name(_int(parts[0]))
            if name:
                edits.unpicks.append(name)
                return Operation("unpick", _int(parts[0]))
        elif kind == "remove-agency" and parts:
            name = self.agency_name(_int(parts[0]))
            if name:
                edits.remove_agencies.append(name)
                return Operation("remove-agency", _int(parts[0]))
        elif kind == "remove-mention" and len(parts) == 3 and parts[1] in ROLES:
            task, position = _int(parts[0]), _int(parts[2])
            if task is not None and position is not None:
                edits.remove_mentions.append((task, parts[1], position))
                return Operation("remove-mention", task)
        elif kind == "remove-task" and parts:
            task = _int(parts[0])
            if task is not None:
                edits.remove_tasks.append(task)
                return Operation("remove-task", task)
        elif kind == "search" and parts:
            index = _int(parts[0])
            return Operation("search", index, (self.data.get(f"q_{index}") or "").strip())
        elif kind == "save":
            return Operation("save")
        return Operation("draft")
