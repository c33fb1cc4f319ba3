"""Clean the noise of real documents: markdown bold, odd spaces, old-style tone marks, known
typos (a data table), stray page numbers and paragraphs broken across lines."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from .textutil import fold, is_upper_line

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u2002\u2003\u2009\u202f\u3000]")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# "hoà", "thuỷ": old-style placement of the tone on the second vowel of oa/oe/uy. NĐ 30/2020
# texts and our canonical names use the modern style ("hòa", "thủy").
_OLD_TONE = re.compile(rf"(?<![qQgG])([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*\d{1,3}\s*[-–]|\d{1,3}|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)\s*$", re.I)
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.](?:/\.)?)(?=\s|$)")
_SEPARATOR_LINE = re.compile(r"^\s*[-_=–—*.]{3,}\s*$")


@lru_cache(maxsize=1)
def _corrections() -> tuple[re.Pattern[str], dict[str, str]]:
    data = json.loads(resources.files(__package__).joinpath("data/corrections.json").read_text("utf-8"))
    table = {unicodedata.normalize("NFC", a): unicodedata.normalize("NFC", b) for a, b in data["corrections"]}
    # One alternation scans the text once, whatever the size of the table.
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"), table


_OLD_TONE_HINT = re.compile("[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]")


def modern_tones(text: str) -> str:
    if not any(text[m.start() - 1 : m.start()] in ("o", "O", "u", "U") for m in _OLD_TONE_HINT.finditer(text)):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if not _OLD_TONE.search(decomposed):
        return text
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", decomposed))


def clean_text(text: str) -> str:
    """Whole-text cleaning that keeps the line structure (columns are still split by spaces)."""
    text = _SPACES.sub(" ", _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("**", "").replace("__", "")
    text = modern_tones(text)
    pattern, table = _corrections()
    text = pattern.sub(lambda m: table[m.group(0)], text)
    if "|" in text:
        text = unpipe_layout(text)
    return text


_ASSIGNMENT_HEAD = re.compile(r"\bstt\b|\btt\b|noi dung|nhiem vu|chu tri|phoi hop|hoat dong|cong viec")


def unpipe_layout(text: str) -> str:
    """Header and signature blocks typed as table rows ('| BỘ NỘI VỤ | CỘNG HÒA … |') become
    two columns separated by a tab, as the header and closing readers expect; assignment tables
    (a head row naming STT / Nội dung / Chủ trì …) stay rows."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("|"):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].lstrip().startswith("|"):
            j += 1
        if not _ASSIGNMENT_HEAD.search(fold(lines[i])):
            for k in range(i, j):
                cells = [c.strip() for c in lines[k].strip().strip("|").split("|")]
                if not any(cells):
                    lines[k] = ""
                elif len(cells) >= 2 and not cells[0]:
                    lines[k] = "\t\t" + "\t".join(c for c in cells[1:] if c)
                else:
                    lines[k] = "\t".join(c for c in cells if c)
        i = j
    return "\n".join(lines)


def clean_line(line: str) -> str:
    line = " ".join(line.split())
    if line.find("- ", 1) > 0 or " -" in line:
        line = _fix_dashes(line)
    if " ," in line or " ." in line or " ;" in line or " :" in line:
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
    return line


def _fix_dashes(line: str) -> str:
    """'Tài chính- Kế hoạch' -> 'Tài chính - Kế hoạch': a hyphen spaced on one side only is a
    dash between names (a bullet's leading '- ' and 'giai đoạn 2011-2020' stay as they are)."""
    words = line.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if len(word) > 1 and word.endswith("-") and word[-2].isalpha() and nxt[:1].isalpha():
            out.extend((word[:-1], "-"))
        elif i > 0 and len(word) > 1 and word.startswith("-") and word[1].isalpha() and out and out[-1][-1:].isalpha():
            out.extend(("-", word[1:]))
        else:
            out.append(word)
    return " ".join(out)


def is_noise_line(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line) or _SEPARATOR_LINE.match(line))


_STRUCTURE = re.compile(
    r"^(?:[IVXL]+\s*[.:/)\-–]\s|\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}\.\d{1,2}\s|[a-zđ][)]\s|[-–—•*·+]\s*(?=[^\W\d_])"
    r"|[Pp]hần thứ\s|PHẦN THỨ\s|Điều\s+\d|ĐIỀU\s+\d|\|)"
)
_TERMINAL = (".", ";", ":", "!", "?", "./.")


def starts_structure(line: str) -> bool:
    return bool(_STRUCTURE.match(line)) or fold(line).startswith(("phan thu ", "dieu "))


def join_paragraphs(lines: list[str]) -> list[str]:
    """Rebuild paragraphs from lines, joining lines that only wrap one paragraph.

    A blank line normally ends a paragraph, but a following line that starts in lower case
    continues it (a word pushed to the next line). Without a blank line, a line continues the
    previous one unless that one ended a sentence or the new line starts a list item.
    """
    paragraphs: list[str] = []
    blank_before = True
    for raw in lines:
        line = clean_line(raw)
        if not line:
            blank_before = True
            continue
        if is_noise_line(line):
            continue
        if paragraphs and _SYMBOL_BROKEN.search(paragraphs[-1]) and re.match(r"[A-ZĐ]{2,}", line):
            paragraphs[-1] = paragraphs[-1] + line  # "834/KH-" + "UBND ngày …": a symbol broken at its dash
        elif paragraphs and _continues(paragraphs[-1], line, blank_before):
            paragraphs[-1] = paragraphs[-1] + " " + line
        else:
            paragraphs.append(line)
        blank_before = False
    return paragraphs


# A line that ends on one of these words, or on a dash between names, always goes on.
_DANGLING = re.compile(r"(?:\s[-–]|,|\b(?:ngay|va|cua|voi|cac|nhung|cho|tai|ve|tu|den|truoc|nhat|so|theo|hoac|tren|trong|thang|nam|le))$")


_SYMBOL_BROKEN = re.compile(r"\d/[A-ZĐ&]+-$")
_CLAUSE_OPEN = re.compile(r"^(?:can cu|thuc hien|theo de nghi|xet de nghi|dieu \d{1,3}\s*[.:])")


_LABEL_ONLY = re.compile(r"^(?:[ĐđD]iều\s+\d{1,3}|ĐIỀU\s+\d{1,3})\s*[.:]?$")
# Names with a dash that pages wrap at the dash ("Sở Lao động" / "- Thương binh và Xã hội").
_NAME_BEFORE_DASH = re.compile(r"(?:lao dong|tai chinh|van hoa|giao duc|phat thanh|truyen thanh|ba ria|ke hoach|"
                               r"khoa hoc|nong nghiep|tai nguyen)$")
_NAME_AFTER_DASH = re.compile(r"^[-–]\s+(?:thuong binh|ke hoach|xa hoi|thong tin|dao tao|truyen hinh|vung tau|"
                              r"the thao|dau tu|cong nghe|phat trien nong thon|moi truong)\b")


def _continues(prev: str, line: str, blank_before: bool) -> bool:
    if _LABEL_ONLY.match(prev.strip()) and not starts_structure(line):
        return True  # "Điều 2." alone on its line: the article goes on below
    if not blank_before and _NAME_BEFORE_DASH.search(fold(prev[-20:])) and _NAME_AFTER_DASH.match(fold(line[:40])):
        # "… Giám đốc Sở Lao động" + "- Thương binh và Xã hội; …": a page wrapped a name at its
        # dash; a list item would follow a finished line (';', '.', ':').
        return True
    if starts_structure(line) or prev.startswith("|") or prev.endswith(_TERMINAL):
        return False
    if not blank_before and _CLAUSE_OPEN.match(fold(prev[:20])) and not _CLAUSE_OPEN.match(fold(line[:20])) \
            and not is_upper_line(line) and not fold(line).startswith(("noi nhan", "quyet dinh")):
        # A "Căn cứ …" clause runs on to its ';' or '.' however the page wrapped it.
        return True
    first = line[0]
    if first.islower():
        return True
    tail = fold(prev[-12:])
    if not blank_before and (len(prev) >= 40 or tail.endswith(" ngay")) and _DANGLING.search(tail):
        return True
    if blank_before:
        return False
    # A wrapped line of a long paragraph; short lines are headings or list entries.
    # Numbered lines are often long headings followed by their first paragraph, so only
    # plain paragraphs and bullets are continued.
    numbered = starts_structure(prev) and prev[:1] not in "-–—•*·+"
    return len(prev) >= 60 and not numbered and not prev.isupper()
