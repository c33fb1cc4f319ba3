"""Writes owned by core: the demo clock."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from . import clock
from .audit import audit_record
from .errors import DomainError
from .models import DemoClock


def demo_clock_defaults() -> dict[str, datetime.date]:
    return {cycle: datetime.date.fromisoformat(day) for cycle, day in settings.BINHDANG_DEMO_DATES.items()}


@transaction.atomic
def demo_clock_ensure() -> dict[str, int]:
    """Create each cycle's clock at its default date; a date chosen since is kept."""
    created = 0
    if not clock.enabled():
        return {"demo_clocks_created": 0}
    for cycle, day in demo_clock_defaults().items():
        _row, made = DemoClock.objects.get_or_create(cycle=cycle, defaults={"on": day})
        created += made
    return {"demo_clocks_created": created}


@transaction.atomic
def demo_clock_set(*, actor: Any, cycle: str, on: datetime.date | None) -> DemoClock:
    """Move one demo cycle's date (None: back to its default). Demo only."""
    if not clock.enabled():
        raise DomainError(_("Đồng hồ trình diễn chỉ có trong bản trình diễn."))
    defaults = demo_clock_defaults()
    if cycle not in defaults:
        raise DomainError(_("Không có chu kỳ trình diễn “%(cycle)s”.") % {"cycle": cycle})
    day = on or defaults[cycle]
    if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
        raise DomainError(_("Ngày trình diễn phải nằm trong khoảng 01/01/2000 – 31/12/2100."))
    row = DemoClock.objects.select_for_update().filter(cycle=cycle).first()
    before = row.on if row else None
    if row is None:
        row = DemoClock.objects.create(cycle=cycle, on=day)
    elif row.on != day:
        row.on = day
        row.save(update_fields=["on", "updated_at"])
    audit_record(actor=actor, action="demo_clock.set", obj=row,
                 changes={"on": [before, day]} if before != day else {})
    return row
