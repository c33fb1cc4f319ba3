"""Number filters for every page, in the reader's language: ``{{ n|num }}``, ``{{ p|pct }}``.

``{% load numbers %}`` then ``{{ 1047|num }}`` → "1.047" in Vietnamese, "1,047" in English;
``{{ 76.94|pct }}`` → "76,9%" / "76.9%"; ``{{ x|num:0 }}`` rounds to a whole number.
"""

from django import template

from binhdang.core.numbers import format_number, format_percent, format_share

register = template.Library()


@register.filter
def num(value, digits=1):
    return format_number(value, int(digits))


@register.filter
def cell(value):
    """A table cell: a number in the reader's format (``1.242``), text as it is, None empty."""
    from decimal import Decimal

    if isinstance(value, bool) or value is None:
        return "" if value is None else value
    if isinstance(value, int | float | Decimal):
        return format_number(value, 2)
    return value


@register.filter
def pct(value, digits=1):
    return format_percent(value, int(digits))


@register.filter
def share(part, whole):
    """``{{ part|share:whole }}`` → "76,9%"."""
    return format_share(part, whole)
