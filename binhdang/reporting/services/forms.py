"""Report forms: the stored templates of each report kind, edited by coordinators."""

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.types import Actor
from binhdang.core import clock
from binhdang.core.audit import audit_record
from binhdang.core.errors import ConflictError, DomainError
from binhdang.plans.models import ObligationKind, Task

from .. import permissions
from ..defaults import default_template
from ..models import (
    ReportTemplate,
    SectionKind,
)
from ..rules import MAX_TEXT  # noqa: F401  (re-exported: services.MAX_TEXT)

TASK_STATUSES = [s for s in Task.Status.values if s != Task.Status.OVERDUE]


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or clock.now()


# --- report forms -------------------------------------------------------------------------


def templates_ensure() -> int:
    """Store the default form of every report kind that has none (the data migration and the
    demo loader call this; reads never create rows). Returns how many were created."""
    created = 0
    for kind in ObligationKind.values:
        if ReportTemplate.objects.filter(kind=kind).exists():
            continue
        name, sections = default_template(kind)
        try:
            with transaction.atomic():
                ReportTemplate.objects.create(kind=kind, name=name, sections=sections)
                created += 1
        except IntegrityError:  # created meanwhile by another process
            pass
    return created


def template_for_kind(kind: str) -> ReportTemplate:
    """The form of a report kind (see `selectors.template_for_kind`)."""
    from ..selectors import template_for_kind as read

    return read(kind)


_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _slug_key(title: str, taken: set[str]) -> str:
    from binhdang.core.text import search_key

    base = re.sub(r"[^a-z0-9]+", "_", search_key(title)).strip("_")[:40] or "muc"
    if not base[0].isalpha():
        base = f"muc_{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _clean_sections(sections: list[dict]) -> list[dict]:
    cleaned, keys = [], set()
    for raw in sections:
        key = str(raw.get("key", "")).strip()
        title = str(raw.get("title", "")).strip()
        kind = str(raw.get("kind", ""))
        if not _KEY_RE.match(key):
            raise DomainError(_("Mã mục “%(key)s” không hợp lệ.") % {"key": key}, field="key")
        if key in keys:
            raise DomainError(_("Mã mục “%(key)s” bị trùng.") % {"key": key}, field="key")
        if not title:
            raise DomainError(_("Mục nào cũng phải có tiêu đề."), field="title")
        if kind not in SectionKind.values:
            raise DomainError(_("Loại mục “%(kind)s” không hợp lệ.") % {"kind": kind}, field="kind")
        row = {"key": key, "title": title[:255], "kind": kind, "help": str(raw.get("help", ""))[:1000],
               "required": bool(raw.get("required"))}
        if kind == SectionKind.INDICATOR_TABLE:
            row["indicators"] = _clean_indicators(raw.get("indicators") or [])
        keys.add(key)
        cleaned.append(row)
    if not cleaned:
        raise DomainError(_("Mẫu báo cáo phải có ít nhất một mục."))
    return cleaned


def _clean_indicators(rows: list[dict]) -> list[dict]:
    result, codes = [], set()
    for row in rows:
        code = str(row.get("code", "")).strip()
        name = str(row.get("name", "")).strip()
        if not code and not name:
            continue
        if not code or not name:
            raise DomainError(_("Mỗi chỉ tiêu cần có mã và tên."), field="indicators")
        if code in codes:
            raise DomainError(_("Mã chỉ tiêu “%(code)s” bị trùng.") % {"code": code}, field="indicators")
        codes.add(code)
        result.append({"code": code[:40], "name": name[:255]})
    return result


def _template_save(*, actor: Actor, template: ReportTemplate, version: int, sections: list[dict], what: str) -> ReportTemplate:
    permissions.require_edit_templates(actor)
    sections = _clean_sections(sections)
    before = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    updated = ReportTemplate.objects.filter(pk=template.pk, version=version).update(
        sections=sections, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError(_("Mẫu báo cáo vừa được người khác sửa. Hãy tải lại trang rồi làm lại."))
    template.refresh_from_db()
    audit_record(actor=actor, action=f"report_template.{what}", obj=template,
                 changes={"sections": [[s["key"] for s in before.sections], [s["key"] for s in sections]]})
    return template


@transaction.atomic
def template_section_add(*, actor: Actor, template: ReportTemplate, version: int, title: str, kind: str,
                         help_text: str = "", required: bool = False) -> ReportTemplate:
    sections = list(template.sections)
    row = {"key": _slug_key(title, {s["key"] for s in sections}), "title": title, "kind": kind,
           "help": help_text, "required": required}
    if kind == SectionKind.INDICATOR_TABLE:
        row["indicators"] = []
    sections.append(row)
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_add")


@transaction.atomic
def template_section_update(*, actor: Actor, template: ReportTemplate, version: int, key: str, title: str,
                            help_text: str, required: bool, indicators: list[dict] | None = None) -> ReportTemplate:
    sections = [dict(s) for s in template.sections]
    for row in sections:
        if row["key"] == key:
            row.update(title=title, help=help_text, required=required)
            if indicators is not None and row["kind"] == SectionKind.INDICATOR_TABLE:
                row["indicators"] = indicators
            break
    else:
        raise DomainError(_("Không tìm thấy mục cần sửa."))
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_update")


@transaction.atomic
def template_section_move(*, actor: Actor, template: ReportTemplate, version: int, key: str, direction: str) -> ReportTemplate:
    sections = list(template.sections)
    index = next((i for i, s in enumerate(sections) if s["key"] == key), None)
    if index is None:
        raise DomainError(_("Không tìm thấy mục cần chuyển."))
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_move")


@transaction.atomic
def template_section_remove(*, actor: Actor, template: ReportTemplate, version: int, key: str) -> ReportTemplate:
    sections = [s for s in template.sections if s["key"] != key]
    if len(sections) == len(template.sections):
        raise DomainError(_("Không tìm thấy mục cần xóa."))
    return _template_save(actor=actor, template=template, version=version, sections=sections, what="section_remove")
