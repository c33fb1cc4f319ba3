from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgUnitsConfig(AppConfig):
    name = "binhdang.orgunits"
    label = "orgunits"
    verbose_name = _("Đơn vị")

    def ready(self):
        from . import nav  # noqa: F401  (registers the menu entries)
