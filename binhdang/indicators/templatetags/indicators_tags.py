"""Vietnamese number formatting (1.234,5) and small helpers for the indicator pages."""


from django import template

register = template.Library()


@register.filter
def vn(value, digits=1):
    """1234.5 → "1.234,5"; integers lose the decimals; None → "–"."""
    if value is None or value == "":
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    digits = int(digits)
    if number == int(number) and abs(number) < 1e15:
        text = f"{int(number):,}"
    else:
        text = f"{number:,.{digits}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


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
