"""Shared by the management commands: their language follows LANGUAGE (Vietnamese unless en)."""

import os

from django.utils import translation


def wants_english() -> bool:
    return os.environ.get("LANGUAGE", "").lower().startswith("en")


def activate_cli_language() -> None:
    """Messages from services (gettext) then come out in the command's language too."""
    translation.activate("en" if wants_english() else "vi")
