"""The home page: the user's memberships and the org tree opened on their scope."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from binhdang.accounts.selectors import membership_list_for_user
from binhdang.orgunits.selectors import orgunit_children, orgunit_roots


@login_required
def home(request):
    memberships = membership_list_for_user(user=request.user)
    roots = orgunit_roots()
    # Open the tree on the user's own scope so Bỉm Sơn shows at once for its officers.
    open_paths = {m.scope_unit.path for m in memberships}
    tree = [_node(unit, open_paths) for unit in roots]
    return render(request, "core/home.html", {"memberships": memberships, "tree": tree})


def _node(unit, open_paths, depth_left: int = 3):
    is_open = depth_left > 0 and any(p.startswith(unit.path) for p in open_paths)
    children = []
    if is_open:
        children = [_node(c, open_paths, depth_left - 1) for c in orgunit_children(parent=unit)]
    return {"unit": unit, "open": is_open, "children": children}
