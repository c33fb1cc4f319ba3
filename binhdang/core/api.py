"""Small helpers shared by the REST APIs: query parameters that must be whole numbers."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def int_param(params, name: str) -> int | None:
    """The query parameter `name` as an int, None when absent; 400 with a message otherwise."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if not raw.isascii() or not raw.lstrip("-").isdecimal():
        raise ValidationError({name: [_("Giá trị “%(raw)s” không phải là số nguyên.") % {"raw": raw}]})
    return int(raw)
