"""Menu entries for plans (registered in PlansConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from binhdang.core.nav import MenuEntry, register
from binhdang.core.permissions import Action, policy


def _works_somewhere(user) -> bool:
    return any(policy.has_anywhere(user, a) for a in (Action.SUBMIT, Action.COORDINATE, Action.VIEW))


def _views_somewhere(user) -> bool:
    return policy.has_anywhere(user, Action.VIEW)


register(MenuEntry("my-work", _("Việc của tôi"), "plans:my", 10, _works_somewhere))
register(MenuEntry("plans", _("Kế hoạch"), "plans:list", 20, _views_somewhere))
register(MenuEntry("calendar", _("Lịch"), "plans:calendar", 30, _views_somewhere))
