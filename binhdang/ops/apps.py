from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "binhdang.ops"
    label = "ops"
    verbose_name = _("Vận hành")

    def ready(self) -> None:
        from . import nav  # noqa: F401  (registers the menu entries)
