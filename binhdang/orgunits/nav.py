"""Menu entries for org units (registered in OrgUnitsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from binhdang.core.nav import MenuEntry, register

register(MenuEntry("units", _("Đơn vị"), "orgunits:tree", 90, lambda user: True))
