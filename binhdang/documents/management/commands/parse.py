"""`binhdang parse FILE [--json]`: parse a plan document without touching the database."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from binhdang.core.cli import wants_english
from binhdang.documents.parsing import MAX_BYTES, ParseError, parse_file
from binhdang.documents.parsing.bounded import MEMORY_MB, cpu_budget, parse_bounded

_english = wants_english


class Command(BaseCommand):
    help = "Đọc một văn bản kế hoạch (.txt, .docx, .pdf) và in ra Plan JSON; không dùng cơ sở dữ liệu."
    # The parser is pure Python: no system checks or migrations so that it works on a fresh
    # checkout before `migrate` and inside the checks' sandbox.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="đường dẫn tới tệp .txt, .docx hoặc .pdf")
        parser.add_argument("--json", action="store_true", help="in Plan JSON (UTF-8) ra stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = self._parse(options["file"])
        except ParseError as exc:
            self._fail(exc.message("en" if _english() else "vi"))
        except Exception as exc:  # a parser bug must still give a clean message and exit code
            self._fail(
                f"Unexpected error while parsing: {type(exc).__name__}: {exc}" if _english()
                else f"Lỗi không mong đợi khi phân tích văn bản: {type(exc).__name__}: {exc}"
            )
        if options["json"]:
            out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            out = self._summary(data)
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()

    def _parse(self, path: str) -> dict[str, Any]:
        """In a child process with bounded time and memory; a scan is read here by OCR
        (bounded by its page limit and Tesseract's time-outs), as the worker does."""
        from django.conf import settings

        try:
            return parse_bounded(path, max_bytes=MAX_BYTES, ocr=False,
                                 seconds=cpu_budget(path, getattr(settings, "BINHDANG_PARSE_CPU_SECONDS", None)),
                                 memory_mb=getattr(settings, "BINHDANG_PARSE_MEMORY_MB", MEMORY_MB)).plan
        except ParseError as error:
            if error.code != "needs_ocr":
                raise
        return parse_file(path).to_json_dict()

    def _fail(self, message: str) -> NoReturn:
        sys.stderr.buffer.write((message + "\n").encode("utf-8"))
        sys.stderr.flush()
        raise SystemExit(2)

    def _summary(self, data: dict[str, Any]) -> str:
        doc = data["document"]
        en = _english()
        lines = [
            f"{doc.get('type_name') or '?'} {doc.get('number') or ''} — {doc.get('issuer') or '?'}"
            + (f", {doc['date']}" if doc.get("date") else ""),
            doc.get("title") or "",
            (f"Legal basis: {len(data['legal_basis'])}, references: {len(data['references'])}" if en
             else f"Căn cứ: {len(data['legal_basis'])}, văn bản dẫn chiếu: {len(data['references'])}"),
            (f"Tasks: {len(data['tasks'])}" if en else f"Nhiệm vụ: {len(data['tasks'])}"),
        ]
        for d in data["deadlines"]:
            lines.append(f"  {'Deadline' if en else 'Hạn'} {d['date']}: {d.get('what') or d['text']}")
        lines.append(f"Recipients: {len(data['recipients'])}" if en else f"Nơi nhận: {len(data['recipients'])}")
        signer = data.get("signer") or {}
        if signer.get("name"):
            lines.append(("Signed by: " if en else "Người ký: ") + signer["name"])
        if data["unmatched"]:
            lines.append(("Unknown agencies: " if en else "Cơ quan chưa nhận ra: ") + "; ".join(data["unmatched"]))
        for w in data["warnings"]:
            lines.append(("Warning: " if en else "Cảnh báo: ") + w)
        return "\n".join(line for line in lines if line is not None) + "\n"
