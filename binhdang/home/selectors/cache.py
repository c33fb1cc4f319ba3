"""The dashboards' reads kept in the cache until the next write anywhere.

Every write goes through a service that records an AuditEvent in the write's own transaction
(ARCHITECTURE.md), so the newest AuditEvent (its id and time) changes with every committed
write: a key that carries it can never serve figures older than the database. The stamp is
read before the figures, so a write committing in between is at worst cached under the older
stamp, which the next request no longer asks for. Keys also carry what the read depends on
besides the data: the user (their policy), the unit, the period, the business date and the
language (labels translated in the selectors). docs/decisions/0323.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from binhdang.core.models import AuditEvent

T = TypeVar("T")
SECONDS = 600
_MISS = object()


def write_stamp() -> str:
    """Changes with every committed write (one indexed look-up of the newest AuditEvent)."""
    last = AuditEvent.objects.order_by("-id").values_list("id", "at").first()
    return f"{last[0]}.{last[1].timestamp():.6f}" if last else "0"


def dashboard_cached(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T], *, stamp: str) -> T:
    """`compute()`, or its value under the same stamp and parts from the cache."""
    key = ":".join(["home", name, stamp, get_language() or "", *(str(p) for p in parts)])
    value = cache.get(key, _MISS)
    if value is _MISS:
        value = compute()
        cache.set(key, value, SECONDS)
    return value
