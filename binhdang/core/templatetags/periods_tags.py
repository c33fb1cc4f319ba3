"""One period picker for every page: `{% period_select periods selected %}`."""

from __future__ import annotations

from typing import Any

from django import template

from binhdang.core.periods import Period, period_choices

register = template.Library()


@register.inclusion_tag("core/_period_select.html")
def period_select(
    keys: list[str], selected: str = "", name: str = "period", submit: bool = False,
    empty: str = "", element_id: str = "", navigate: str = "",
) -> dict[str, Any]:
    """A <select> of periods labelled in the reader's language ("6 tháng đầu năm 2017 (2017-H1)").

    `keys` are period keys (or Period objects); a selected key that is not among them is
    still shown, so a typed URL keeps its period. `navigate` is a URL with KEY where the
    chosen key goes (the page changes at once).
    """
    raw = [k.key if isinstance(k, Period) else str(k) for k in keys]
    if selected and selected not in raw:
        raw.append(selected)
    return {"periods": period_choices(raw), "selected": selected, "name": name,
            "submit": submit, "empty": empty, "element_id": element_id,
            "navigate": navigate}
