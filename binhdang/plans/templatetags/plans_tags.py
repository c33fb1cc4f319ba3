"""Panels that the shared pages (home, unit page) include from the plans app."""

from django import template

from binhdang.core import clock
from binhdang.core.permissions import Action, policy

from .. import selectors

register = template.Library()


@register.inclusion_tag("plans/_home_panel.html", takes_context=True)
def plans_home_panel(context):
    user = context["request"].user
    # the page's own "Việc của tôi" when it has one (the home page: same user, same day)
    work = context.get("work") or selectors.my_work(user=user, today=clock.today())
    return {
        "overdue": len(work.overdue) + len(work.obligations_overdue),
        "due_soon": len(work.due_soon) + len(work.obligations_due_soon),
        "open": len(work.later),
        "done": len(work.done) + len(work.obligations_done),
        "plans": list(selectors.plan_list_visible(user=user).order_by("-year", "-date")[:3]),
    }


@register.inclusion_tag("plans/_unit_panel.html", takes_context=True)
def plans_unit_panel(context, unit):
    from django.urls import reverse

    user = context["request"].user
    can_view = policy.has(user, Action.VIEW, unit) or policy.has(user, Action.SUBMIT, unit)
    rows = []
    ics = ""
    if can_view:
        plans = selectors.plan_list_visible(user=user)
        rows = selectors.task_list_for_units(units=[unit], plans=plans)
        ics = context["request"].build_absolute_uri(
            reverse("plans:ics", args=[unit.pk, selectors.unit_ics_token(unit)])
        )
    return {"unit": unit, "can_view": can_view, "rows": rows, "ics": ics}
