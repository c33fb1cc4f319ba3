"""Text helpers shared by search, matching and parsing: accent folding for Vietnamese."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w&]+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces.

    >>> fold("Bỉm Sơn  ĐÔNG")
    'bim son dong'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def search_key(text: str | None) -> str:
    """fold() with punctuation reduced to spaces: the form stored for search."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(text))).strip()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
