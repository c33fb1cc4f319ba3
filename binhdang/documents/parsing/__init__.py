"""Pure-Python parser of Vietnamese plan documents (Kế hoạch, Báo cáo, Quyết định, Công văn).

It imports nothing from Django, so it runs in tests, scripts and workers without settings.
"""

from .agencies import Agency, AgencyMatcher, Mention, default_matcher
from .errors import ParseError
from .parser import ParsedPlan, parse_file, parse_text
from .readers import MAX_BYTES, read_file

__all__ = [
    "MAX_BYTES",
    "Agency",
    "AgencyMatcher",
    "Mention",
    "ParseError",
    "ParsedPlan",
    "default_matcher",
    "parse_file",
    "parse_text",
    "read_file",
]
