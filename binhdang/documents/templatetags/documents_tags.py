"""Template helpers for the import screens."""

import datetime

from django import template

register = template.Library()


@register.filter
def isodate(value) -> str:
    """'2017-02-20' (or a date) as 20/02/2017; anything else unchanged."""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return value or ""


@register.simple_tag(takes_context=True)
def can_import_plans(context) -> bool:
    """Whether the user may upload a plan document (the import page's own check)."""
    from ..services import plan_import_can_upload

    user = getattr(context.get("request"), "user", None)
    return user is not None and plan_import_can_upload(user)
