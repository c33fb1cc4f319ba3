"""Writes for plan-document import: parse an upload into a draft under review, apply the
officer's edits (optimistic locking), and save the reviewed draft as a Plan."""

import copy
import datetime
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from binhdang.accounts.models import User
from binhdang.accounts.types import AnyUser
from binhdang.core.audit import audit_record
from binhdang.core.errors import AccessDenied, DomainError
from binhdang.core.locking import lock_version
from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Plan
from binhdang.plans.services import (
    UnitMatcher,
    do_obligations_generate,
    do_plan_import_from_json,
    plan_unit_matcher,
)

from .models import PlanImport
from .parsing import ParseError, parse_text, read_document
from .parsing.bounded import cpu_budget, parse_bounded
from .selectors import (
    MatchResult,
    UnitDirectory,
    document_agency_names,
    document_date,
    document_find_issuer,
    document_match_units,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_TYPES = (".txt", ".docx", ".pdf", ".jpg", ".jpeg", ".png")
HEADER_FIELDS = ("issuer", "number", "type", "type_name", "place", "date", "title")
# Keys of the parser's output that describe the text, not the plan; kept in `parsed` only.
_PARSE_ONLY = ("units", "unmatched", "warnings", "source", "addressees", "confidence", "text_source")


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _parse_error(error: ParseError) -> DomainError:
    return DomainError(error.message(get_language() or "vi"), field="file", code=error.code)


def _parse_upload(uploaded: UploadedFile) -> tuple[dict[str, Any] | None, str, bytes, str]:
    """(Plan JSON, text, file content, file name); no Plan JSON for a scan, which is read by
    OCR in the background."""
    name = os.path.basename(getattr(uploaded, "name", "") or "")
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in UPLOAD_TYPES:
        raise DomainError(
            _("Chỉ nhận tệp .txt, .docx, .pdf hoặc ảnh quét .jpg, .png (tệp “%(name)s” không đúng loại).")
            % {"name": name},
            field="file", code="file_type",
        )
    size = getattr(uploaded, "size", 0) or 0
    if size > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("Tệp quá lớn (%(size).1f MB); giới hạn là %(max)d MB.")
            % {"size": size / 1048576, "max": MAX_UPLOAD_BYTES // 1048576},
            field="file", code="too_large",
        )
    uploaded.seek(0)
    content = uploaded.read()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"upload{suffix}")
        with open(path, "wb") as fh:
            fh.write(content)
        try:
            # In a child process with bounded time and memory, never in this web worker.
            result = parse_bounded(path, max_bytes=MAX_UPLOAD_BYTES, ocr=False, source_name=name,
                                   seconds=cpu_budget(path, settings.BINHDANG_PARSE_CPU_SECONDS),
                                   memory_mb=settings.BINHDANG_PARSE_MEMORY_MB)
        except ParseError as error:
            if error.code == "needs_ocr":
                return None, "", content, name
            raise _parse_error(error) from None
    return result.plan, result.text, content, name


def _initial_data(parsed: dict[str, Any]) -> dict[str, Any]:
    data = {k: copy.deepcopy(v) for k, v in parsed.items() if k not in _PARSE_ONLY}
    # The spellings of each agency help matching after edits; keep them beside the plan.
    data["units"] = copy.deepcopy(parsed.get("units") or [])
    return data


def plan_import_can_upload(user: AnyUser) -> bool:
    """A viewer imports nothing; anyone who submits or coordinates somewhere may try."""
    return policy.has_anywhere(user, Action.SUBMIT) or policy.has_anywhere(user, Action.COORDINATE)


def plan_import_may_issue(user: AnyUser, issuer: OrgUnit | None) -> bool:
    """A reporter imports its own unit's plan (the cascade needs it), a coordinator any plan
    issued in its scope."""
    return issuer is not None and (
        policy.has(user, Action.SUBMIT, issuer) or policy.has(user, Action.COORDINATE, issuer))


@transaction.atomic
def plan_import_upload(*, actor: User, uploaded: UploadedFile) -> PlanImport:
    """Read an uploaded .txt/.docx/.pdf into a draft import under review.

    Raises AccessDenied for a viewer, or when the issuer found is outside what the actor may
    issue; DomainError with the parser's message (wrong type, too large, a zip bomb,
    unreadable, not a plan); nothing is saved then.
    """
    if not plan_import_can_upload(actor):
        raise AccessDenied(_("Tài khoản chỉ xem không được nhập văn bản kế hoạch."))
    parsed, text, content, name = _parse_upload(uploaded)
    if parsed is None:
        return _upload_scan(actor=actor, name=name, content=content)
    data = _initial_data(parsed)
    doc = data.get("document") or {}
    issuer = document_find_issuer(name=doc.get("issuer") or "", on=document_date(data),
                                  parent_name=doc.get("parent_issuer"))
    if issuer is not None and not plan_import_may_issue(actor, issuer):
        raise AccessDenied(
            _("Văn bản do “%(issuer)s” ban hành: bạn chỉ được nhập kế hoạch của đơn vị mình hoặc của "
              "các đơn vị trong phạm vi điều phối.") % {"issuer": issuer.name})
    plan_import = PlanImport(
        original_name=parsed["source"][:255], source_text=text, parsed=parsed, data=data,
        issuer=issuer, created_by=actor,
    )
    plan_import.file.save(parsed["source"] or "van-ban.txt", ContentFile(content), save=False)
    plan_import.save()
    audit_record(
        actor=actor, action="plan_import.upload", obj=plan_import, org_unit=issuer,
        changes={"file": plan_import.original_name, "number": doc.get("number"),
                 "tasks": len(data.get("tasks") or []), "unmatched": parsed.get("unmatched") or []},
    )
    return plan_import


def _upload_scan(*, actor: User, name: str, content: bytes) -> PlanImport:
    """A scan: saved with no text yet, and queued for OCR in the background worker."""
    plan_import = PlanImport(original_name=name[:255], source_text="", parsed={}, data={}, created_by=actor,
                             ocr_status=PlanImport.OcrStatus.QUEUED)
    plan_import.file.save(name or "van-ban-quet.pdf", ContentFile(content), save=False)
    plan_import.save()
    audit_record(actor=actor, action="plan_import.upload", obj=plan_import,
                 changes={"file": plan_import.original_name, "ocr": "queued"})
    pk = plan_import.pk

    def enqueue() -> None:
        from .tasks import plan_import_ocr

        plan_import_ocr.enqueue(pk)

    transaction.on_commit(enqueue)
    return plan_import


def plan_import_ocr_run(*, plan_import_id: int) -> dict[str, Any]:
    """Read a queued scan with OCR (page by page, the progress saved as it goes), parse it and
    fill the draft. Run by the background worker; safe to run again on a finished import."""
    current = PlanImport.objects.get(pk=plan_import_id)
    if current.ocr_status not in (PlanImport.OcrStatus.QUEUED, PlanImport.OcrStatus.RUNNING,
                                  PlanImport.OcrStatus.FAILED):
        return {"id": plan_import_id, "status": current.ocr_status}
    rows = PlanImport.objects.filter(pk=plan_import_id)
    rows.update(ocr_status=PlanImport.OcrStatus.RUNNING, ocr_done=0, ocr_error="")

    def progress(done: int, total: int) -> None:
        rows.update(ocr_done=done, ocr_pages=total)

    suffix = os.path.splitext(current.original_name)[1].lower() or ".pdf"
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"scan{suffix}")
        with current.file.open("rb") as src, open(path, "wb") as fh:
            fh.write(src.read())
        try:
            info = read_document(path, max_bytes=MAX_UPLOAD_BYTES, ocr=True, progress=progress)
            parsed = parse_text(info.text, source_name=current.original_name, text_source="ocr",
                                quality=info.quality).to_json_dict()
        except ParseError as error:
            with transaction.atomic():
                rows.update(ocr_status=PlanImport.OcrStatus.FAILED, ocr_error=error.message_vi)
                audit_record(actor=current.created_by, action="plan_import.ocr_failed", obj=current,
                             changes={"error": error.code})
            return {"id": plan_import_id, "status": "failed", "error": error.code}
    with transaction.atomic():
        plan_import = PlanImport.objects.select_for_update().get(pk=plan_import_id)
        data = _initial_data(parsed)
        doc = data.get("document") or {}
        plan_import.parsed = parsed
        plan_import.data = data
        plan_import.source_text = info.text
        plan_import.issuer = document_find_issuer(name=doc.get("issuer") or "", on=document_date(data),
                                                  parent_name=doc.get("parent_issuer"))
        plan_import.ocr_status = PlanImport.OcrStatus.DONE
        plan_import.ocr_pages = plan_import.ocr_done = info.pages
        plan_import.version += 1
        plan_import.save()
        audit_record(actor=plan_import.created_by, action="plan_import.ocr", obj=plan_import,
                     org_unit=plan_import.issuer,
                     changes={"pages": info.pages, "quality": info.quality, "number": doc.get("number"),
                              "tasks": len(data.get("tasks") or [])})
    return {"id": plan_import_id, "status": "done", "pages": info.pages}


@dataclass
class ReviewEdits:
    """What the review form sends: the edited fields plus one optional operation."""

    header: dict[str, Any] = field(default_factory=dict)  # HEADER_FIELDS; date as a date
    signer_name: str | None = None
    tasks: dict[int, dict[str, str]] = field(default_factory=dict)  # index -> {"text", "section"}
    remove_tasks: list[int] = field(default_factory=list)
    remove_agencies: list[str] = field(default_factory=list)  # everywhere in the document
    remove_mentions: list[tuple[int, str, int]] = field(default_factory=list)  # (task, role, position)
    picks: dict[str, int] = field(default_factory=dict)  # agency name -> OrgUnit pk
    unpicks: list[str] = field(default_factory=list)


def _import_stale(current: PlanImport, given: int) -> str:
    if current.status != PlanImport.Status.DRAFT:
        return _("Văn bản này đã được lưu thành kế hoạch; không sửa được nữa.")
    return _(
        "Bản rà soát đã được sửa ở nơi khác (bạn sửa từ phiên bản %(given)s, hiện là "
        "phiên bản %(current)s). Trang đã được tải lại với nội dung mới nhất; hãy nhập "
        "lại thay đổi của bạn."
    ) % {"given": given, "current": current.version}


def _lock(plan_import: PlanImport, version: int) -> PlanImport:
    current = lock_version(PlanImport.objects.all(), plan_import.pk, version, _import_stale)
    if current.status != PlanImport.Status.DRAFT:
        raise DomainError(_import_stale(current, current.version), code="saved")
    return current


def _remove_agency(data: dict[str, Any], name: str) -> None:
    for task in data.get("tasks") or []:
        for role in ("lead", "coordinating"):
            task[role] = [n for n in task.get(role) or [] if n != name]
    for deadline in data.get("deadlines") or []:
        deadline["from"] = [n for n in deadline.get("from") or [] if n != name]
        if deadline.get("to") == name:
            deadline["to"] = None


def _apply(current: PlanImport, edits: ReviewEdits) -> None:
    data = current.data
    doc = data.setdefault("document", {})
    for key, value in edits.header.items():
        if key not in HEADER_FIELDS:
            raise DomainError(f"Unknown field: {key}")
        if key == "date":
            value = value.isoformat() if isinstance(value, datetime.date) else None
        else:
            value = (value or "").strip() or None
        doc[key] = value
    if edits.signer_name is not None:
        signer = data.get("signer") or {}
        signer["name"] = edits.signer_name.strip() or None
        data["signer"] = signer
    tasks = data.get("tasks") or []
    for index, changes in edits.tasks.items():
        if 0 <= index < len(tasks):
            for key in ("text", "section"):
                if key in changes:
                    tasks[index][key] = (changes[key] or "").strip() or (None if key == "section" else "")
    for index, role, position in sorted(edits.remove_mentions, reverse=True):
        if 0 <= index < len(tasks) and role in ("lead", "coordinating"):
            names = tasks[index].get(role) or []
            if 0 <= position < len(names):
                del names[position]
    for name in edits.remove_agencies:
        _remove_agency(data, name)
        current.choices.pop(name, None)
    if edits.remove_tasks:
        data["tasks"] = [t for i, t in enumerate(tasks) if i not in set(edits.remove_tasks)]
    for name in edits.unpicks:
        current.choices.pop(name, None)
    if "issuer" in edits.header or "date" in edits.header:
        current.issuer = document_find_issuer(
            name=doc.get("issuer") or "", on=document_date(data), parent_name=doc.get("parent_issuer")
        )
    if edits.picks:
        if current.issuer is None:
            raise DomainError(_("Hãy xác định cơ quan ban hành trước khi chọn đơn vị."), field="issuer")
        directory = UnitDirectory(current.issuer, document_date(data))
        for name, pk in edits.picks.items():
            unit = directory.get(pk)
            if unit is None:
                raise DomainError(
                    _("Đơn vị đã chọn không thuộc %(issuer)s hoặc không có hiệu lực vào ngày %(date)s.")
                    % {"issuer": current.issuer.name,
                       "date": _d(day) if (day := document_date(data)) else "—"},
                    field="agencies",
                )
            current.choices[name] = unit.pk
    # A pick for a name no longer in the document is dropped.
    names = set(document_agency_names(data))
    current.choices = {k: v for k, v in current.choices.items() if k in names}


@transaction.atomic
def plan_import_update(*, actor: User, plan_import: PlanImport, version: int, edits: ReviewEdits) -> PlanImport:
    """Apply the officer's edits to a draft import.

    Raises ConflictError when `version` is stale, DomainError for a saved import or a unit
    outside the issuer's subtree; AccessDenied for someone who may not see the import.
    """
    _require_reviewer(actor, plan_import)
    current = _lock(plan_import, version)
    _apply(current, edits)
    current.version += 1
    current.save()
    plan_import.__dict__.update(
        {k: getattr(current, k) for k in ("data", "choices", "issuer_id", "version", "updated_at")}
    )
    plan_import._state.fields_cache.pop("issuer", None)
    return current


def _require_reviewer(actor: User, plan_import: PlanImport) -> None:
    """The uploader, or a coordinator of the issuer, may edit a draft."""
    from .permissions import plan_imports

    plan_imports.require(actor, "edit", plan_import)


def plan_import_can_save(user: User, plan_import: PlanImport) -> bool:
    return plan_import_may_issue(user, plan_import.issuer)


def _unit_label(unit: OrgUnit, matcher: UnitMatcher) -> str:
    """The name plan_import_from_json will resolve back to this unit: its name, or its code
    when another unit of the subtree answers to the same name first."""
    return unit.name if matcher.find(unit.name) == unit else unit.code


def _final_json(data: dict[str, Any], match: MatchResult, matcher: UnitMatcher) -> dict[str, Any]:
    final = {k: copy.deepcopy(v) for k, v in data.items() if k not in _PARSE_ONLY}
    labels = {name: _unit_label(unit, matcher) for name, unit in match.matched.items()}

    def rename(names: list[str]) -> list[str]:
        return list(dict.fromkeys(labels.get(n, n) for n in names))

    for task in final.get("tasks") or []:
        task["lead"] = rename(task.get("lead") or [])
        task["coordinating"] = rename(task.get("coordinating") or [])
    for deadline in final.get("deadlines") or []:
        deadline["from"] = rename(deadline.get("from") or [])
        if deadline.get("to"):
            deadline["to"] = labels.get(deadline["to"], deadline["to"])
    return final


@transaction.atomic
def plan_import_save(*, actor: User, plan_import: PlanImport, version: int) -> tuple[Plan, list[str]]:
    """Create the Plan from a reviewed draft (through plans.plan_import_from_json), generate
    its reporting obligations, and mark the draft saved. Returns the plan and warnings.

    Raises AccessDenied unless the actor coordinates the issuer; DomainError while the issuer
    or an agency is unmatched, or when the plan itself is refused (a number already used,
    an invalid date); nothing is saved then. ConflictError when `version` is stale.
    """
    current = _lock(plan_import, version)
    data = current.data
    doc = data.get("document") or {}
    if current.issuer is None:
        raise DomainError(
            _("Không tìm thấy cơ quan ban hành “%(name)s” trong danh mục đơn vị (có hiệu lực vào "
              "ngày của văn bản). Hãy sửa tên cơ quan ban hành.") % {"name": doc.get("issuer") or "—"},
            field="issuer", code="issuer_unknown",
        )
    if not plan_import_may_issue(actor, current.issuer):
        raise AccessDenied(_("Chỉ đơn vị ban hành hoặc cơ quan điều phối trong phạm vi mới được lưu kế hoạch này."))
    date = document_date(data)
    if date is None:
        raise DomainError(_("Hãy nhập ngày ban hành (dd/mm/yyyy)."), field="date")
    directory = UnitDirectory(current.issuer, date)
    match = document_match_units(data, current.issuer, choices=current.choices, directory=directory)
    if match.unmatched:
        raise DomainError(
            _("Chưa lưu được: còn %(count)d cơ quan chưa khớp với danh mục đơn vị (%(names)s). Hãy "
              "chọn đơn vị đúng cho từng cơ quan hoặc bỏ cơ quan đó.")
            % {"count": len(match.unmatched), "names": "; ".join(match.unmatched)},
            field="agencies", code="unmatched",
        )
    final = _final_json(data, match, plan_unit_matcher(current.issuer, date))
    plan = do_plan_import_from_json(
        actor=actor, data=final, issuer=current.issuer, status=Plan.Status.ISSUED,
        source_text=current.source_text,  # plan_import_may_issue above
    )
    warnings: list[str] = []
    try:
        with transaction.atomic():
            do_obligations_generate(actor=actor, plan=plan)
    except DomainError as error:
        warnings.append(_("Chưa tạo nghĩa vụ báo cáo: %(error)s") % {"error": error.message})
    current.status = PlanImport.Status.SAVED
    current.plan = plan
    current.version += 1
    current.save()
    audit_record(
        actor=actor, action="plan_import.save", obj=current, org_unit=current.issuer,
        changes={"plan": plan.pk, "number": plan.number, "tasks": plan.tasks.count(),
                 "picked": {k: str(v) for k, v in current.choices.items()},
                 "saved_at": timezone.now().isoformat()},
    )
    plan_import.__dict__.update({"status": current.status, "plan_id": plan.pk, "version": current.version})
    return plan, warnings
