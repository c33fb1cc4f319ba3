"""Text in the old 8-bit Vietnamese font encodings (TCVN3/ABC, VNI-Windows, VISCII, VPS),
read as Latin-1 or pasted as such into a UTF-8 file or a Word document, converted to Unicode
through the tables in data/; refused clearly when no table converts it cleanly."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from .errors import ParseError

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


_VI_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Latin-1 and Windows-1252 characters Vietnamese text never has; legacy bytes read as such.
_FOREIGN = ({chr(c) for c in range(0xA1, 0x100)} - _VI_LATIN1 - set("°±²³·×÷«»§©®¼½¾")) | set(
    "ƒˆŠ‹ŒŽ˜š›œžŸ\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96"
    "\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\x02\x05\x06\x14\x19\x1e") | _TCVN3_MARKS | _VNI_MARKS
# Frequent words of administrative Vietnamese: a wrong table turns them into nonsense.
_COMMON = frozenset(
    ["của", "và", "các", "được", "trong", "người", "thực", "hiện", "công", "tác", "năm", "đơn", "vị", "phụ", "nữ", "bình", "đẳng", "giới", "xã", "hội", "ngày", "tháng", "những", "cho", "với", "về", "có", "không", "một", "đã", "này", "theo", "tỉnh", "huyện", "phòng", "kế", "hoạch", "triển", "khai", "nhân", "dân", "ủy", "ban", "chủ", "tịch", "cộng", "hòa", "nghĩa", "việt", "độc", "lập", "tự", "do", "hạnh", "phúc", "số", "tiến", "bộ", "báo", "cáo", "đề", "nghị", "chức", "thị", "quyết", "định", "nội", "dung", "nhiệm", "vụ", "trên", "địa", "bàn", "thời", "gian", "phối", "hợp", "trì"])
_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI", "viscii": "VISCII", "vps": "VPS"}


def _suspects(sample: str) -> int:
    return sum(1 for c in sample if c in _FOREIGN)


def legacy_encoding(text: str) -> str | None:
    """"tcvn3", "vni", "viscii" or "vps" when the text is Vietnamese in that 8-bit encoding
    (its bytes read as Latin-1 or Windows-1252, or copied as such into a UTF-8 file or a Word
    document), else None. Each table is tried on a sample; the one leaving the most Vietnamese
    letters and the fewest foreign characters wins."""
    sample = text[:_SNIFF]
    words = max(len(sample.split()), 1)
    suspects = _suspects(sample)
    if suspects < 5 or suspects < 0.03 * words or len(_UNICODE_VI.findall(sample)) > suspects:
        return None
    best, best_score = None, None
    for kind in ("tcvn3", "vni", "viscii", "vps"):
        converted = _convert(kind, sample)
        score = vietnamese_score(converted)
        if best_score is None or score > best_score:
            best, best_score = kind, score
    return best


def vietnamese_score(text: str) -> int:
    """How Vietnamese a decoded sample reads: frequent words count, foreign characters cost."""
    words = unicodedata.normalize("NFC", text[:_SNIFF]).lower().split()
    return 4 * sum(1 for w in words if w.strip(".,;:()\"“”") in _COMMON) - 3 * _suspects(text[:_SNIFF])


def convert_sample(kind: str, text: str) -> str:
    return _convert(kind, text[:_SNIFF])


def _convert(kind: str, text: str) -> str:
    if kind == "tcvn3":
        return tcvn3_to_unicode(text)
    if kind == "vni":
        return vni_to_unicode(text)
    table = _byte_tables()[kind]
    return "".join(table.get(_byte_of(c), c) for c in text)


@lru_cache(maxsize=256)
def _byte_of(ch: str) -> int:
    code = ord(ch)
    if code < 256:
        return code
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return -1


@lru_cache(maxsize=1)
def _byte_tables() -> dict[str, dict[int, str]]:
    data = resources.files(__package__).joinpath("data")
    out: dict[str, dict[int, str]] = {}
    for kind in ("viscii", "vps"):
        raw = json.loads(data.joinpath(f"{kind}.json").read_text("utf-8"))["bytes"]
        out[kind] = {int(code, 16): letter for code, letter in raw.items()}
    return out


def convert_legacy(text: str) -> str:
    """The text in Unicode when it is TCVN3, VNI, VISCII or VPS; unchanged otherwise.

    Raises ParseError when the text looks legacy-encoded but does not convert cleanly (a mix
    of encodings, or a table not known here).
    """
    kind = legacy_encoding(text)
    if kind is None:
        return text
    converted = _convert(kind, text)
    leftover = _suspects(converted[:_SNIFF])
    if leftover > max(3, 0.01 * len(converted[:_SNIFF].split())):
        name = _NAMES[kind]
        raise ParseError(
            "legacy_encoding",
            f"Văn bản có vẻ dùng bảng mã cũ {name} nhưng không chuyển được sang Unicode một cách "
            "chắc chắn (có thể lẫn nhiều bảng mã). Hãy chuyển sang Unicode (ví dụ bằng công cụ "
            "chuyển mã của Unikey) rồi thử lại.",
            f"The text seems to use the legacy {name} encoding but does not convert cleanly to "
            "Unicode (it may mix encodings). Convert it to Unicode (e.g. with Unikey's converter) "
            "and try again.",
        )
    return unicodedata.normalize("NFC", converted)


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


