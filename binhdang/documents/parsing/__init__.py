"""Pure-Python parser of Vietnamese plan documents (Kế hoạch, Báo cáo, Quyết định, Công văn).

It imports nothing from Django, so it runs in tests, scripts and workers without settings.
"""

from .agencies import Agency, AgencyMatcher, Mention, default_matcher
from .errors import ParseError
from .parser import ParsedPlan, parse_file, parse_text
from .readers import MAX_BYTES, DocumentText, needs_ocr, read_document, read_file

__all__ = [
    "MAX_BYTES",
    "Agency",
    "AgencyMatcher",
    "DocumentText",
    "Mention",
    "ParseError",
    "ParsedPlan",
    "default_matcher",
    "needs_ocr",
    "parse_file",
    "parse_text",
    "read_document",
    "read_file",
]
