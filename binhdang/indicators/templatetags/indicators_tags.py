"""Small helpers for the indicator pages (numbers: binhdang.core.numbers, `{% load numbers %}`)."""

from django import template

from binhdang.core.numbers import format_number
from binhdang.indicators.catalogue import indicator_display_name

register = template.Library()


@register.filter
def vn(value, digits=1):
    """Kept for older templates: the reader's-language format of binhdang.core.numbers."""
    return format_number(value, int(digits))


@register.filter
def input_number(value):
    """A value for an <input>: no grouping, comma decimals ("12,5"), empty for None."""
    if value is None:
        return ""
    number = float(value)
    if number == int(number):
        return str(int(number))
    return f"{number:g}".replace(".", ",")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def signed(value, digits=1):
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + vn(value, digits)


@register.simple_tag(takes_context=True)
def can_enter_values(context, unit) -> bool:
    """The indicators policy's answer (permissions.can_enter), as the entry views ask it."""
    from ..permissions import can_enter

    request = context.get("request")
    return unit is not None and can_enter(getattr(request, "user", None), unit)
@register.filter
def indicator_name(name, code):
    """``{{ row.name|indicator_name:row.code }}``: the name in the reader's language."""
    return indicator_display_name(code or "", name or "")
