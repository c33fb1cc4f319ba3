from django import template
from django.utils import translation

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


@register.filter
def section_title(section) -> str:
    """A report section's title in the reader's language, chosen when it is read.

    Sections are stored with their Vietnamese title (the source language); English comes
    from the section's own ``title_en`` when a coordinator gave one, else from the
    translation catalogue (the default sections), else the title as written.
    """
    return _localized(section, "title")


@register.filter
def section_help(section) -> str:
    return _localized(section, "help")


def _localized(section, field: str) -> str:
    def get(name: str) -> str:
        if hasattr(section, "get"):
            return section.get(name) or ""
        return getattr(section, name, "") or ""

    text = get(field)
    language = (translation.get_language() or "vi").split("-")[0]
    if language == "vi" or not text:
        return text
    return get(f"{field}_{language}") or translation.gettext(text)
