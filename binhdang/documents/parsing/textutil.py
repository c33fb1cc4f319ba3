"""Small text helpers shared by the parsing modules: length-preserving accent folding and keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch


def _build_table() -> list[str]:
    # A list indexed by code point is the fastest table str.translate accepts; characters
    # beyond it (curly quotes, dashes) raise IndexError, which translate reads as "keep".
    table = [chr(code) for code in range(0x2000)]
    for code in range(0x80, 0x2000):
        table[code] = _fold_char(chr(code))
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    return table


_FOLD_TABLE = _build_table()


@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, keeping one output char per input char.

    Keeping the length lets every regex run on the folded text (so missing accents do not
    matter) while slices are taken from the original text.
    """
    if text.isascii():
        return text.lower()
    folded = text.translate(_FOLD_TABLE)
    if len(folded) != len(text):  # pragma: no cover - the table maps one char to one char
        return "".join(_fold_char(ch) for ch in text)
    return folded


_KEY_TOKENS = re.compile(r"[a-z0-9]+|&")


def fold_key(text: str) -> str:
    """A loose comparison key: folded, '&' read as 'và', punctuation and spacing ignored."""
    return " ".join("va" if t == "&" else t for t in _KEY_TOKENS.findall(fold(text)))


def squash(text: str) -> str:
    return " ".join(text.split())


def sentence_case_title(words: str) -> str:
    """'THANH HÓA' -> 'Thanh Hóa' (proper names are title-cased word by word)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def is_upper_line(text: str) -> bool:
    """Mostly upper-case letters (headings, issuer lines); digits and punctuation ignored."""
    if text == text.lower():
        return False
    if text == text.upper():
        return True
    sample = text[:120]
    return sum(map(str.isupper, sample)) >= 0.8 * sum(map(str.isalpha, sample))
