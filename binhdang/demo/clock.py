"""The demo clock's switch, with the 2017 cycle played up to the chosen date.

Moving the clock on plays the events of the 2017 cycle between the old date and the new one
(reports sent, taken in, sent back; activities and spending), through the services, each
once. The clock does not go back before the last event played: what has happened in the
data stays, so a date before it would show reports sent "in the future".
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.errors import DomainError
from binhdang.core.models import DemoClock
from binhdang.core.services import demo_clock_defaults, demo_clock_set
from binhdang.reporting.demo import TZ, demo_load_reporting, demo_timeline_last

from .indicators import accepted_reports_2017

PLAYED_CYCLE = "2017"  # the cycle whose events follow the clock (the 2026 wards' are fixed)


def demo_clock_move(*, actor: Any, cycle: str, on: datetime.date | None) -> DemoClock:
    """Set `cycle`'s demo date (None: its default) and play the cycle's events up to it."""
    from binhdang.indicators.demo import demo_load_indicators

    day = on or demo_clock_defaults().get(cycle)
    if cycle == PLAYED_CYCLE and day is not None:
        last = demo_timeline_last()
        last = last.astimezone(TZ) if last is not None else None
        if last is not None and day < last.date():
            raise DomainError(_(
                "Dữ liệu trình diễn đã diễn ra đến ngày %(last)s (báo cáo đã gửi, đã tiếp nhận), nên không lùi "
                "đồng hồ về %(day)s được. Muốn xem lại từ đầu, hãy nạp lại bản trình diễn trên cơ sở dữ liệu "
                "mới (xóa var/binhdang.sqlite3 rồi chạy ./dev demo).") % {
                    "last": f"{last:%d/%m/%Y}", "day": f"{day:%d/%m/%Y}"})
    with transaction.atomic():
        row = demo_clock_set(actor=actor, cycle=cycle, on=on)
    if cycle == PLAYED_CYCLE:
        demo_load_reporting(until=row.on)
        demo_load_indicators(accepted_reports=accepted_reports_2017(), until=row.on)
    return row
