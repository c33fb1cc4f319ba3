from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "binhdang.indicators"
    label = "indicators"
    verbose_name = _("Chỉ tiêu, hoạt động và kinh phí")

    def ready(self):
        from . import nav  # noqa: F401  (registers the menu entries)
