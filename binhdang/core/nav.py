"""The main menu: each app registers its entries, each with a test that asks that app's
policy whether the user can use the page behind it, so the menu never leads to a 403.

Core knows no app (apps depend downward): apps call `register` from their AppConfig.ready(),
and the `menu` context processor lists, for the user asking, the entries whose test passes.
No template and no entry compares roles; the tests call the same policy objects and
predicates as the views they link to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .permissions import is_active_user


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int
    visible: Callable[[Any], bool]
    badge: Callable[[Any], int] | None = None
    # Prefixes of paths that count as "this entry" for aria-current (default: its URL).
    prefixes: tuple[str, ...] = ()


_ENTRIES: dict[str, MenuEntry] = {}


def register(entry: MenuEntry) -> None:
    _ENTRIES[entry.key] = entry


def entries() -> list[MenuEntry]:
    return sorted(_ENTRIES.values(), key=lambda e: e.order)


def menu_for(user: Any, path: str = "") -> list[dict[str, Any]]:
    """The entries this user may follow, in order, with the current one marked."""
    if not is_active_user(user):
        return []
    items = []
    for entry in entries():
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        prefixes = entry.prefixes or (url,)
        items.append({
            "key": entry.key, "label": entry.label, "url": url,
            "badge": entry.badge(user) if entry.badge else 0,
            "current": any(path == p if p == "/" else path.startswith(p) for p in prefixes),
        })
    # Only the most specific match is current (/reports/notifications/ is not also /reports/).
    current = [i for i in items if i["current"]]
    if len(current) > 1:
        best = max(current, key=lambda i: len(i["url"]))
        for i in current:
            i["current"] = i is best
    return items


def menu(request) -> dict[str, Any]:
    """Context processor: `menu`, computed only when a template uses it."""
    user = getattr(request, "user", None)
    return {"menu": SimpleLazyObject(lambda: menu_for(user, request.path))}


register(MenuEntry("home", _("Trang chủ"), "core:home", 0, lambda user: True, prefixes=("/",)))
