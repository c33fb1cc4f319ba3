from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "binhdang.reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self):
        from . import nav  # noqa: F401  (registers the menu entries)
