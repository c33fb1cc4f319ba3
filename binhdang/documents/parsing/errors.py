"""The one exception the parser raises: a stable code plus a Vietnamese and an English message."""

from __future__ import annotations


class ParseError(Exception):
    """A document that cannot be read or is not a plan; `str()` gives the Vietnamese message."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, language: str = "vi") -> str:
        return self.message_en if language.startswith("en") else self.message_vi

    def __str__(self) -> str:
        return self.message_vi
