"""Shared by the `export` and `import` commands: messages in Vietnamese (English with
LANGUAGE=en), errors on stderr with a non-zero exit and nothing on stdout."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from binhdang.core.cli import activate_cli_language, bilingual, wants_english

english = wants_english
activate = activate_cli_language


MESSAGES = {
    "unknown_unit": ("Không tìm thấy đơn vị “{name}”.", "No org unit named “{name}”."),
    "ambiguous_unit": ("Tên “{name}” khớp với nhiều đơn vị: {listed}. Hãy ghi tên đầy đủ hoặc mã đơn vị.",
                       "“{name}” matches several org units: {listed}. Give the full name or the unit's code."),
    "bad_format": ("Định dạng “{fmt}” không hỗ trợ; dùng {allowed}.", "Unsupported format “{fmt}”; use {allowed}."),
    "unwritable": ("Không ghi được tệp “{path}”: {reason}.", "Cannot write “{path}”: {reason}."),
    "unreadable": ("Không đọc được tệp “{path}”: {reason}.", "Cannot read “{path}”: {reason}."),
    "bad_date": ("Ngày “{value}” không hợp lệ; dùng dd/mm/yyyy.", "Invalid date “{value}”; use dd/mm/yyyy."),
    "usage_export": ("Dùng: binhdang export report --unit TÊN --period KỲ --format docx|pdf -o TỆP | "
                     "binhdang export values --format xlsx|dhis2-json|adx -o TỆP",
                     "Usage: binhdang export report --unit NAME --period PERIOD --format docx|pdf -o FILE | "
                     "binhdang export values --format xlsx|dhis2-json|adx -o FILE"),
    "usage_import": ("Dùng: binhdang import values --format dhis2-json|adx|xlsx TỆP [--dry-run]",
                     "Usage: binhdang import values --format dhis2-json|adx|xlsx FILE [--dry-run]"),
    "unknown_user": ("Không có người dùng “{name}”.", "No user “{name}”."),
    "import_invalid": ("Có {n} lỗi; chưa lưu số liệu nào:", "{n} errors; nothing was saved:"),
    "unmapped": ("idScheme=UID cần UID DHIS2 cho mọi mã; thiếu {n} ánh xạ (xem “Văn bản, xuất nhập dữ liệu” "
                 "trong trang quản trị):",
                 "idScheme=UID needs a DHIS2 uid for every code; {n} mappings are missing:"),
    "signed_pdf_only": ("Chỉ ký số được bản PDF: dùng --format pdf --signed.",
                        "Only a PDF can be signed: use --format pdf --signed."),
    "no_indicators": ("Chưa cài ứng dụng chỉ tiêu (binhdang.indicators).", "The indicators app is not installed."),
}


def message(key: str, **kwargs) -> str:
    return bilingual(MESSAGES, key, **kwargs)


def fail(text: str, code: int = 1) -> NoReturn:
    sys.stdout.flush()
    sys.stderr.buffer.write((text.rstrip("\n") + "\n").encode("utf-8"))
    sys.stderr.flush()
    raise SystemExit(code)


def writable_target(path: str) -> Path:
    """The output path, checked before any work is done."""
    target = Path(path)
    if target.is_dir():
        fail(message("unwritable", path=path, reason="là một thư mục" if not english() else "is a directory"))
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        fail(message("unwritable", path=path,
                     reason="thư mục không tồn tại" if not english() else "the folder does not exist"))
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        fail(message("unwritable", path=path,
                     reason="không có quyền ghi" if not english() else "permission denied"))
    return target


def write_atomic(target: Path, write) -> None:
    """Write through a temporary file next to the target, so a failure leaves no half file."""
    temporary = target.with_name(f".{target.name}.part")
    try:
        with open(temporary, "wb") as handle:
            write(handle)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        fail(message("unwritable", path=str(target), reason=exc.strerror or str(exc)))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
