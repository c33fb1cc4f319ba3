"""Shared by the management commands: their language follows LANGUAGE (Vietnamese unless en)."""

import os

from django.utils import translation


def wants_english() -> bool:
    return os.environ.get("LANGUAGE", "").lower().startswith("en")


def activate_cli_language() -> None:
    """Messages from services (gettext) then come out in the command's language too."""
    translation.activate("en" if wants_english() else "vi")


def bilingual(messages: dict[str, tuple[str, str]], key: str, **kwargs) -> str:
    """The (Vietnamese, English) message `key` in the command's language, formatted."""
    vietnamese, english = messages[key]
    return (english if wants_english() else vietnamese).format(**kwargs)
