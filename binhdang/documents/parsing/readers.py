"""Turn a .txt, .docx or text-based .pdf file into plain text, refusing what cannot be read.
Windows-1258 is decoded; TCVN3 (ABC) and VNI are refused with a clear message, because a
wrong guess would silently garble names and numbers."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .errors import ParseError

MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 300
_SNIFF = 64 * 1024

# Characters that never occur in Vietnamese Unicode text but fill text written in the old
# 8-bit font encodings when those bytes are read as Latin-1.
_TCVN3_MARKS = set("µ¸¶·¹¨©ª«¬®§¡¢£¤¥¦ÜÖË")
_VNI_MARKS = set("øûïäåñÑöÖ")


def read_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Return the text of a plan document; raise ParseError for anything unreadable."""
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
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        return read_pdf(p)
    if suffix == ".docx" or (head.startswith(b"PK\x03\x04") and suffix not in (".txt", ".md")):
        return read_docx(p)
    return decode_bytes(p.read_bytes())


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
            _refuse_legacy(data.decode("latin-1"))
            text = data.decode("cp1258", errors="replace")
    if _looks_binary_text(text):
        raise _binary_error()
    _refuse_legacy(text)
    return unicodedata.normalize("NFC", text)


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


def _refuse_legacy(text: str) -> None:
    sample = text[:_SNIFF]
    words = max(len(sample.split()), 1)
    tcvn3 = sum(1 for c in sample if c in _TCVN3_MARKS)
    vni = sum(1 for c in sample if c in _VNI_MARKS)
    if max(tcvn3, vni) < 5 or max(tcvn3, vni) < 0.03 * words:
        return
    name = "TCVN3 (ABC)" if tcvn3 >= vni else "VNI"
    raise ParseError(
        "legacy_encoding",
        f"Văn bản dùng bảng mã cũ {name}, không được hỗ trợ. Hãy chuyển sang Unicode "
        "(ví dụ bằng công cụ chuyển mã của Unikey) rồi thử lại.",
        f"The text uses the legacy {name} encoding, which is not supported. Convert it to "
        "Unicode (e.g. with Unikey's converter) and try again.",
    )


def read_docx(path: Path) -> str:
    """Paragraphs and tables in document order; layout tables are read column by column."""
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
    return unicodedata.normalize("NFC", text)


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


def read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = reader.pages
        count = len(pages)
        texts = [pages[i].extract_text() or "" for i in range(min(count, MAX_PDF_PAGES))]
    except ParseError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged or encrypted files
        raise ParseError(
            "pdf_invalid",
            f"Không đọc được tệp PDF ({type(exc).__name__}); tệp có thể bị hỏng hoặc có mật khẩu.",
            f"Cannot read the PDF ({type(exc).__name__}); it may be damaged or password-protected.",
        ) from None
    text = "\n".join(texts)
    if len("".join(text.split())) < 20:
        raise ParseError(
            "pdf_no_text",
            "PDF chỉ chứa ảnh quét, không có lớp chữ nên không đọc được nội dung. Hãy dùng bản "
            ".docx, hoặc nhận dạng chữ (OCR) cho PDF trước.",
            "The PDF holds only scanned images and no text layer. Use the .docx version, or run "
            "OCR on the PDF first.",
        )
    return unicodedata.normalize("NFC", text)
