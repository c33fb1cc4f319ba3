"""Menu entries for indicators (registered in IndicatorsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from binhdang.core.nav import MenuEntry, register
from binhdang.core.permissions import Action, policy


def _views_somewhere(user) -> bool:
    return policy.has_anywhere(user, Action.VIEW)


register(MenuEntry("indicators", _("Chỉ tiêu"), "indicators:index", 50, _views_somewhere,
                   prefixes=("/indicators/unit/", "/indicators/catalogue/", "/indicators/budget/")))
register(MenuEntry("activities", _("Hoạt động"), "indicators:activities", 60, _views_somewhere))
