"""Turn a .txt, .docx or text-based .pdf file into plain text, refusing what cannot be read.
Windows-1258 is decoded; TCVN3 (ABC) and VNI-Windows text is converted to Unicode through the
tables in data/, and refused with a clear message when the conversion does not come out clean."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParseError
from .layout import layout_tables
from .legacy import convert_legacy, convert_sample, legacy_encoding, vietnamese_score

MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 300
_SNIFF = 64 * 1024

@dataclass(frozen=True)
class DocumentText:
    text: str
    ocr: bool = False
    quality: float = 1.0  # the OCR engine's mean word confidence; 1 for typed text
    pages: int = 0


def read_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Return the text of a plan document; raise ParseError for anything unreadable."""
    return read_document(path, max_bytes=max_bytes).text


def needs_ocr(path: str | os.PathLike[str]) -> bool:
    """Whether the file is a photo or a PDF without a text layer (read only through OCR)."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    if _is_image(p, head):
        return True
    if p.suffix.lower() == ".pdf" or head.startswith(b"%PDF"):
        try:
            read_pdf(p)
        except ParseError as exc:
            return exc.code == "pdf_no_text"
    return False


def _is_image(p: Path, head: bytes) -> bool:
    from .ocr import IMAGE_SUFFIXES

    return p.suffix.lower() in IMAGE_SUFFIXES or head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"))


def read_document(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, ocr: bool = True,
                  progress: Callable[[int, int], None] | None = None) -> DocumentText:
    """The text of a document and how it was read. Scans and photos go through OCR when `ocr`
    is true; otherwise they raise ParseError with code "needs_ocr" (the caller queues them)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ParseError(
            "not_found",
            f"Không mở được tệp {p.name}: {exc.strerror or exc}.",
            f"Cannot open {p.name}: {exc.strerror or exc}.",
        ) from None
    if not p.is_file():
        raise ParseError("not_a_file", f"{p.name} không phải là một tệp.", f"{p.name} is not a file.")
    if size == 0:
        raise ParseError("empty", "Tệp rỗng, không có nội dung.", "The file is empty.")
    if size > max_bytes:
        mb = max_bytes // (1024 * 1024)
        raise ParseError(
            "too_large",
            f"Tệp quá lớn ({size / 1048576:.1f} MB); giới hạn là {mb} MB.",
            f"The file is too large ({size / 1048576:.1f} MB); the limit is {mb} MB.",
        )
    with p.open("rb") as fh:
        head = fh.read(8)
    suffix = p.suffix.lower()
    if suffix == ".doc" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError(
            "doc_unsupported",
            "Định dạng .doc (Word 97-2003) không được hỗ trợ; hãy lưu lại thành .docx hoặc .pdf.",
            "The .doc (Word 97-2003) format is not supported; save the file as .docx or .pdf.",
        )
    if _is_image(p, head):
        return _ocr(p, ocr, progress)
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        try:
            return DocumentText(read_pdf(p))
        except ParseError as exc:
            if exc.code != "pdf_no_text":
                raise
            return _ocr(p, ocr, progress)
    if suffix == ".docx" or (head.startswith(b"PK\x03\x04") and suffix not in (".txt", ".md")):
        return DocumentText(read_docx(p))
    return DocumentText(decode_bytes(p.read_bytes()))


def _ocr(p: Path, allowed: bool, progress: Callable[[int, int], None] | None) -> DocumentText:
    from . import ocr

    if not allowed:
        raise ParseError("needs_ocr", "Tệp là ảnh quét: cần nhận dạng chữ (OCR) trước khi phân tích.",
                         "The file is a scan: it needs OCR before it can be parsed.")
    result = ocr.ocr_file(p, progress=progress)
    text = unicodedata.normalize("NFC", layout_tables(result.text))
    if len("".join(text.split())) < 20:
        raise ParseError("ocr_no_text", "Nhận dạng chữ (OCR) không đọc được chữ nào trong ảnh quét.",
                         "OCR found no text in the scan.")
    return DocumentText(text, ocr=True, quality=result.confidence, pages=result.pages)


def decode_bytes(data: bytes) -> str:
    """Decode a plain-text file: UTF-8 (with or without BOM), UTF-16 or Windows-1258."""
    if not data.strip():
        raise ParseError("empty", "Tệp rỗng, không có nội dung.", "The file is empty.")
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif _looks_utf16(data):
        text = data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    else:
        if _looks_binary(data):
            raise _binary_error()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # The legacy fonts leave 0x80–0x9F to Windows-1252 (curly quotes, dashes).
            try:
                latin = data.decode("cp1252")
            except UnicodeDecodeError:
                latin = data.decode("latin-1")
            kind = legacy_encoding(latin)
            cp1258 = data.decode("cp1258", errors="replace")
            # Windows-1258 read as Windows-1252 also looks foreign: keep the better reading.
            if kind and vietnamese_score(convert_sample(kind, latin)) > vietnamese_score(cp1258):
                text = latin
            else:
                text = unicodedata.normalize("NFC", cp1258)
    if _looks_binary_text(text):
        raise _binary_error()
    return unicodedata.normalize("NFC", convert_legacy(text))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:_SNIFF]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even)) or (
        even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd)
    )


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * len(sample)


def _looks_binary_text(text: str) -> bool:
    sample = text[:_SNIFF]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    return bad > 0.05 * max(len(sample), 1)


def _binary_error() -> ParseError:
    return ParseError(
        "binary",
        "Tệp không phải là văn bản (có vẻ là tệp nhị phân); hãy dùng tệp .txt, .docx hoặc .pdf.",
        "The file is not text (it looks binary); use a .txt, .docx or .pdf file.",
    )


def read_docx(path: Path) -> str:
    """Paragraphs and tables in document order; layout tables are read column by column."""
    from ...core.zipguard import ZipRefusedError, check_zip  # pure Python, no Django

    try:
        check_zip(path)
    except ZipRefusedError as refused:
        if refused.code != "zip_invalid":  # a broken zip gets python-docx's message below
            raise ParseError(refused.code, refused.message_vi, refused.message_en) from None
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a broken file
        raise ParseError(
            "docx_invalid",
            f"Không đọc được tệp .docx ({type(exc).__name__}); tệp có thể bị hỏng.",
            f"Cannot read the .docx file ({type(exc).__name__}); it may be damaged.",
        ) from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
            lines.append("")
    text = "\n".join(lines)
    if not text.strip():
        raise ParseError("empty", "Tệp .docx không có chữ.", "The .docx file contains no text.")
    return unicodedata.normalize("NFC", convert_legacy(text))


_TABLE_HEAD = re.compile(r"noi dung|chu tri|phoi hop|thoi gian|don vi|nhiem vu", re.I)


def _table_lines(table) -> list[str]:
    from .textutil import fold

    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat; read each once
                continue
            seen.add(id(cell._tc))
            cells.append(cell)
        rows.append(cells)
    if not rows:
        return []
    first = " ".join(c.text for c in rows[0])
    is_layout = len(rows) <= 3 and max(len(r) for r in rows) <= 2 and not _TABLE_HEAD.search(fold(first))
    if is_layout:
        # Header (issuer | national motto) and signature (recipients | signer) tables: reading
        # down each column keeps the lines of one block together.
        out: list[str] = []
        for col in range(max(len(r) for r in rows)):
            for r in rows:
                if col < len(r):
                    out.extend(p.text for p in r[col].paragraphs)
            out.append("")
        return out
    return ["| " + " | ".join(" ".join(c.text.split()) for c in r) + " |" for r in rows]


def _page_text(page: Any) -> str:
    """The page's text with its layout kept (columns side by side stay apart by spaces, so
    two-column headers and tables can be read); the plain reading order when that fails."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode fails on some fonts; the plain mode rarely does
        return page.extract_text() or ""


def read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = reader.pages
        count = len(pages)
        texts = [_page_text(pages[i]) for i in range(min(count, MAX_PDF_PAGES))]
    except ParseError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged or encrypted files
        raise ParseError(
            "pdf_invalid",
            f"Không đọc được tệp PDF ({type(exc).__name__}); tệp có thể bị hỏng hoặc có mật khẩu.",
            f"Cannot read the PDF ({type(exc).__name__}); it may be damaged or password-protected.",
        ) from None
    text = layout_tables("\n".join(texts))
    if len("".join(text.split())) < 20:
        raise ParseError(
            "pdf_no_text",
            "PDF chỉ chứa ảnh quét, không có lớp chữ nên không đọc được nội dung. Hãy dùng bản "
            ".docx, hoặc nhận dạng chữ (OCR) cho PDF trước.",
            "The PDF holds only scanned images and no text layer. Use the .docx version, or run "
            "OCR on the PDF first.",
        )
    return unicodedata.normalize("NFC", convert_legacy(text))
