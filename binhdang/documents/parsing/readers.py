"""Turn a .txt, .docx or text-based .pdf file into plain text, refusing what cannot be read.
Windows-1258 is decoded; TCVN3 (ABC) and VNI-Windows text is converted to Unicode through the
tables in data/, and refused with a clear message when the conversion does not come out clean."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ParseError

MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 300
_SNIFF = 64 * 1024

# Characters that never occur in Vietnamese Unicode text but fill text written in the old
# 8-bit font encodings when those bytes are read as Latin-1. TCVN3 puts its most frequent
# letters (đ, ư, ơ, ô, â, ê, ă, à, á …) on 0xA1–0xBF, which VNI never uses; VNI's marks
# (ø huyền, û hỏi, ï nặng, ä/å circumflex with a tone, ö ư, ñ đ …) are Latin letters that
# Vietnamese does not have.
_TCVN3_MARKS = set("µ¸¶·¹¨»¾¼½©®ª«¬\xad¡¢§£¤¥¦")
_VNI_MARKS = set("øûïäåëüöñæîØÛÏÄÅËÜÖÑÆÎ")
# Letters only Unicode Vietnamese has (beyond Latin-1): plenty of them means the text is fine.
_UNICODE_VI = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


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
            # The legacy fonts leave 0x80–0x9F to Windows-1252 (curly quotes, dashes).
            try:
                latin = data.decode("cp1252")
            except UnicodeDecodeError:
                latin = data.decode("latin-1")
            text = latin if legacy_encoding(latin) else data.decode("cp1258", errors="replace")
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


def legacy_encoding(text: str) -> str | None:
    """"tcvn3" or "vni" when the text is Vietnamese in that 8-bit font encoding (its bytes read
    as Latin-1, or copied as such into a UTF-8 file or a Word document), else None."""
    sample = text[:_SNIFF]
    words = max(len(sample.split()), 1)
    tcvn3 = sum(1 for c in sample if c in _TCVN3_MARKS)
    vni = sum(1 for c in sample if c in _VNI_MARKS)
    best = max(tcvn3, vni)
    if best < 5 or best < 0.03 * words or len(_UNICODE_VI.findall(sample)) > best:
        return None
    return "tcvn3" if tcvn3 >= 0.3 * vni else "vni"


def convert_legacy(text: str) -> str:
    """The text in Unicode when it is TCVN3 or VNI; unchanged otherwise.

    Raises ParseError when the text looks legacy-encoded but does not convert cleanly (a mix
    of encodings, or another legacy table such as VISCII).
    """
    kind = legacy_encoding(text)
    if kind is None:
        return text
    converted = tcvn3_to_unicode(text) if kind == "tcvn3" else vni_to_unicode(text)
    leftover = sum(1 for c in converted[:_SNIFF] if c in _TCVN3_MARKS or c in _VNI_MARKS)
    if leftover > max(3, 0.01 * len(converted[:_SNIFF].split())):
        name = "TCVN3 (ABC)" if kind == "tcvn3" else "VNI"
        raise ParseError(
            "legacy_encoding",
            f"Văn bản có vẻ dùng bảng mã cũ {name} nhưng không chuyển được sang Unicode một cách "
            "chắc chắn (có thể lẫn nhiều bảng mã). Hãy chuyển sang Unicode (ví dụ bằng công cụ "
            "chuyển mã của Unikey) rồi thử lại.",
            f"The text seems to use the legacy {name} encoding but does not convert cleanly to "
            "Unicode (it may mix encodings). Convert it to Unicode (e.g. with Unikey's converter) "
            "and try again.",
        )
    return converted


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], re.Pattern[str]]:
    data = resources.files(__package__).joinpath("data")
    tcvn3 = json.loads(data.joinpath("tcvn3.json").read_text("utf-8"))["letters"]
    vni = json.loads(data.joinpath("vni.json").read_text("utf-8"))["letters"]
    tcvn3_decode = {code: letter for letter, code in tcvn3.items()}
    vni_decode = {code: letter for letter, code in vni.items()}
    # Two-byte sequences first, so "ôù" is ớ rather than ơ followed by a stray mark.
    vni_pattern = re.compile("|".join(re.escape(k) for k in sorted(vni_decode, key=len, reverse=True)))
    return tcvn3_decode, vni_decode, vni_pattern


@lru_cache(maxsize=1)
def _capitals() -> tuple[re.Pattern[str], dict[str, str]]:
    raw = json.loads(resources.files(__package__).joinpath("data/tcvn3.json").read_text("utf-8"))
    table = {unicodedata.normalize("NFC", k): v for k, v in raw.get("capitals", {}).items()}
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)"), table


def vni_to_unicode(text: str) -> str:
    _t, table, pattern = _tables()
    return pattern.sub(lambda m: table[m.group(0)], text)


_WORD = re.compile(r"[^\W\d_]+")
_LINE_START = re.compile(r"\s*(?:[-–+•*]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*|[IVXL]+\.\s*|\*\*)?")
_SENTENCE_END = re.compile(r"(?:[.!?]|\./\.)[\s*]*$")


def tcvn3_to_unicode(text: str) -> str:
    """Map each TCVN3 byte to its letter, then give capitals back to the letters that have no
    upper-case code (Ủ, Ế, Ộ …, drawn by the '.VnTimeH' fonts): inside upper-case words and
    lines, and at the start of a sentence."""
    table = _tables()[0]
    lower_codes = {code for code, letter in table.items() if letter.islower()}
    lines = text.split("\n")
    out: list[str] = []
    previous = ""
    for line in lines:
        converted = "".join(table.get(c, c) for c in line)
        if any(c in lower_codes for c in line):
            converted = _restore_case(line, converted, lower_codes, previous)
        out.append(converted)
        if converted.strip():
            previous = converted
    pattern, capitals = _capitals()
    return pattern.sub(lambda m: capitals[m.group(0)], "\n".join(out))


def _restore_case(raw: str, converted: str, lower_codes: set[str], previous: str) -> str:
    known = [c for raw_c, c in zip(raw, converted, strict=True) if c.isalpha() and raw_c not in lower_codes]
    upper_line = len(known) >= 3 and sum(map(str.isupper, known)) >= 0.8 * len(known)
    chars = list(converted)
    for m in _WORD.finditer(converted):
        positions = [i for i in range(m.start(), m.end()) if raw[i] in lower_codes]
        if not positions:
            continue
        others = [converted[i] for i in range(m.start(), m.end()) if raw[i] not in lower_codes]
        if converted[m.start() : m.end() + 1] == "Số:":
            continue  # "Số: 268/KH-UBND": the word stays as NĐ 30/2020 writes it
        if (others and all(c.isupper() for c in others) and (len(others) >= 2 or upper_line)) or (
            not others and upper_line
        ):
            for i in positions:
                chars[i] = chars[i].upper()
        elif positions[0] == m.start() and _sentence_start(converted[: m.start()], previous):
            chars[m.start()] = chars[m.start()].upper()
    return "".join(chars)


def _sentence_start(before: str, previous: str) -> bool:
    if _LINE_START.fullmatch(before):
        if before.strip():
            return True  # after a bullet or a number
        last = previous.rstrip()
        return not last or bool(_SENTENCE_END.search(last)) or last.endswith((":", ";")) or (
            last == last.upper() and any(c.isalpha() for c in last)
        )
    return bool(_SENTENCE_END.search(before)) and before.rstrip()[-1:] in ".!?" and not re.search(
        r"(?:\b[A-ZĐ]{1,4}\.|\d\.)\s*$", before
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
    return unicodedata.normalize("NFC", convert_legacy(text))
