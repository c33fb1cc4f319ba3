"""Menu entries for exports (registered in ExportsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from binhdang.core.nav import MenuEntry, register
from binhdang.core.policies import coordinates_somewhere

register(MenuEntry("exports", _("Văn bản"), "exports:report", 80, coordinates_somewhere,
                   prefixes=("/exports/",)))
