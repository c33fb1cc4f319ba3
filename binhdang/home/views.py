"""The home page per role and the drill-down dashboard; thin: parse, call selectors, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from binhdang.accounts.selectors import membership_list_for_user
from binhdang.core import clock
from binhdang.core.errors import DomainError
from binhdang.core.periods import period_parse
from binhdang.ops.permissions import audit_events
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.selectors import orgunit_children, orgunit_roots
from binhdang.plans.selectors import my_work
from binhdang.public.selectors import may_publish

from . import selectors


@login_required
def home(request):
    memberships = membership_list_for_user(user=request.user)
    today = clock.today()
    root = selectors.dashboard_root(user=request.user)
    # Reads that do not depend on the moment are cached until the next write (0323).
    stamp = selectors.write_stamp()
    if root is None:
        work = my_work(user=request.user, today=today)
    else:
        work = selectors.dashboard_cached("work", (request.user.pk, today),
                                          lambda: my_work(user=request.user, today=today), stamp=stamp)
    context = {"memberships": memberships, "work": work, "today": today}
    if root is not None:
        context.update(_dashboard(request, root, today, stamp))
    # Open the tree on the user's own scope so Bỉm Sơn shows at once for its officers; the
    # same for everyone with the same scopes, so rendered once per scopes, day and language.
    open_paths = {m.scope_unit.path for m in memberships}
    context["tree_html"] = selectors.dashboard_cached(
        "tree", (today, ",".join(sorted(open_paths))),
        lambda: _tree_html([_node(unit, open_paths) for unit in orgunit_roots()]),
        stamp=stamp)
    return render(request, "core/home.html", context)


def _dashboard(request, root: OrgUnit, today, stamp: str) -> dict:
    user = request.user

    def cached(name, parts, compute):
        return selectors.dashboard_cached(name, (user.pk, root.pk, *parts), compute, stamp=stamp)

    keys = cached("period-keys", (), lambda: selectors.report_period_keys(root=root))
    key = request.GET.get("period") or ""
    if key not in keys:
        key = cached("current-key", (today,), lambda: selectors.current_cycle_key(root=root, today=today)) or ""
    context: dict = {"root": root, "period_keys": keys, "period_key": key,
                     "may_publish": may_publish(user=user, unit=root),
                     "may_audit": audit_events.may_open_page(user)}
    if key:
        period = period_parse(key)
        cycle = cached("cycle", (key, today),
                       lambda: selectors.reporting_cycle(user=user, root=root, period_key=key))
        as_of = min(today, period.end) if period.end else today
        progress = cached("progress", (period.year, as_of),
                          lambda: selectors.plan_progress(user=user, root=root, year=period.year, as_of=as_of))
        context.update(period=period, cycle=cycle, cycle_chart=cycle.chart(), progress=progress,
                       progress_chart=progress.chart(), bucket_labels=selectors.bucket_labels(),
                       late_rule=selectors.LATE_RULE)
    data_key = cached("data-key", (key,), lambda: selectors.latest_data_period(unit=root, until=key or None))
    if data_key:
        rows = cached("overview", (data_key,), lambda: selectors.indicator_overview(unit=root, period_key=data_key))
        share = selectors.female_share_chart(rows)
        context.update(data_period=period_parse(data_key), indicator_rows=rows, share_chart=share,
                       share_rows=list(zip(share["labels"], share["titles"], share["series"][0]["data"], strict=True)))
    return context


def _tree_html(nodes: list[dict]) -> str:
    """The markup of orgunits/_node.html for the whole tree, written here in one pass: a
    template include per node cost ~0.4 ms, 70 ms for a province's 166 units."""
    detail = reverse("orgunits:detail", args=[0])[:-2]  # "/units/" + pk + "/"
    children = reverse("orgunits:children", args=[0])[:-len("0/children/")]
    open_label = gettext("Mở")

    def write(node: dict, out: list[str]) -> None:
        unit = node["unit"]
        out.append(format_html('<li class="node kind-{}" id="unit-{}">\n  ', unit.kind, unit.pk))
        if unit.numchild:
            if node["open"]:
                out.append('<span class="toggle open" aria-hidden="true">▾</span>')
            else:
                out.append(format_html('<button class="toggle" hx-get="{}{}/children/" hx-target="#children-{}" '
                                       'hx-swap="innerHTML" aria-label="{}">▸</button>',
                                       children, unit.pk, unit.pk, open_label))
        else:
            out.append('<span class="toggle leaf" aria-hidden="true">·</span>')
        out.append(format_html('\n  <a href="{}{}/">{}</a>', detail, unit.pk, unit.name))
        if unit.valid_to:
            out.append(format_html(' <span class="badge muted">{}</span>',
                                   gettext("đến %(d)s") % {"d": date_format(unit.valid_to, "d/m/Y")}))
        out.append(format_html('\n  <ul class="tree" id="children-{}">', unit.pk))
        for child in node["children"]:
            write(child, out)
        out.append("</ul>\n</li>")

    out: list[str] = ['<ul class="tree" id="orgtree">']
    for node in nodes:
        write(node, out)
    out.append("</ul>")
    return mark_safe("".join(out))  # noqa: S308 - every piece above is format_html-escaped


def _node(unit, open_paths, depth_left: int = 3):
    is_open = depth_left > 0 and any(p.startswith(unit.path) for p in open_paths)
    children = []
    if is_open:
        children = [_node(c, open_paths, depth_left - 1) for c in orgunit_children(parent=unit)]
    return {"unit": unit, "open": is_open, "children": children}


@login_required
def unit_dashboard(request, unit_id: int):
    """Drill-down: one indicator at a unit, its children (one click each), the unit's trend
    with the 2025 series break, and the submission that produced the figure."""
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    if not selectors.may_view_unit(user=request.user, unit=unit):
        raise Http404
    key = request.GET.get("period") or selectors.latest_data_period(unit=unit) or ""
    try:
        period = period_parse(key)
    except DomainError:
        raise Http404 from None
    indicators = selectors.indicators_with_data(unit=unit, period_key=period.key)
    indicator = selectors.indicator_by_code(request.GET.get("indicator"))
    if indicator is None and indicators:
        indicator = indicators[0]
    context = {"unit": unit, "period": period, "indicators": indicators, "indicator": indicator}
    if indicator is not None:
        d = selectors.drill(user=request.user, unit=unit, period_key=period.key, indicator=indicator)
        trend = selectors.indicator_trend(unit=unit, indicator=indicator)
        context.update(drill=d, children_chart=selectors.children_chart(d), trend=trend,
                       trend_chart=selectors.trend_chart(trend, indicator),
                       series_break=selectors.SERIES_BREAK)
    return render(request, "core/unit_dashboard.html", context)
