from django import template

from binhdang.reporting.selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def reporting_unread(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return notification_unread_count(user=user) if user is not None else 0


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
