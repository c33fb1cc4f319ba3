"""The part of a Báo cáo on how the units sent their reports: the sentence, the groups the
bullets list (units whose deadline has not passed apart from those behind), and the chart
that draws the same groups ("Biểu đồ N")."""

from __future__ import annotations

from typing import Any

from .official import charts
from .official.model import Image


def sending_groups(s: Any) -> list[tuple[str, list[Any]]]:
    """The units by reporting state, as the text lists them and the chart draws them."""
    return [
        ("Đã tiếp nhận", s.in_state("accepted")),
        ("Đã gửi, chờ tiếp nhận (chưa tổng hợp)", s.in_state("submitted")),
        ("Bị trả lại để bổ sung", s.in_state("returned")),
        ("Gửi muộn", s.late),
        ("Chưa gửi", s.unsent_overdue),
        # Before the deadline: not sent yet, and not behind (shown only when there are such units).
        *([(not_due_label(s), s.unsent_not_due)] if s.unsent_not_due else []),
    ]


def sending_chart(s: Any, groups: list[tuple[str, list[Any]]], phrase: str, number: int) -> Image:
    """"Biểu đồ N": the number of units in each reporting state (the groups the text lists)."""
    png = charts.bar_chart([label for label, _g in groups], [("Số đơn vị", [len(g) for _l, g in groups], charts.MALE)],
                           unit="Đơn vị tính: đơn vị")
    return Image(png=png, width_mm=160,
                 title=f"Biểu đồ {number}. Tình hình gửi báo cáo của {len(s.states)} đơn vị {phrase}",
                 caption="Một đơn vị gửi muộn được tính cả ở trạng thái của báo cáo.")


def sending_sentence(s: Any) -> str:
    unsent = len(s.in_state("missing", "draft"))
    not_due = len(s.unsent_not_due)
    if not_due == unsent and unsent:
        unsent_text = f"{unsent} chưa gửi (chưa đến hạn)"
    elif not_due:
        unsent_text = f"{unsent} chưa gửi ({not_due} chưa đến hạn)"
    else:
        unsent_text = f"{unsent} chưa gửi"
    return (f"Có {len(s.states)} đơn vị phải báo cáo: {len(s.in_state('accepted'))} báo cáo đã được tiếp nhận, "
            f"{len(s.in_state('submitted'))} đang chờ tiếp nhận, {len(s.in_state('returned'))} bị trả lại, "
            f"{unsent_text}; {len(s.late)} đơn vị gửi muộn.")


def not_due_label(s: Any) -> str:
    dues = sorted({u.due_date for u in s.unsent_not_due if u.due_date is not None})
    when = ", ".join(f"{d:%d/%m/%Y}" for d in dues)
    return f"Chưa gửi, chưa đến hạn (hạn gửi {when})" if when else "Chưa gửi, chưa đến hạn"
