from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "binhdang.exports"
    verbose_name = _("Văn bản, xuất nhập dữ liệu")

    def ready(self):
        from . import nav  # noqa: F401  (registers the menu entries)
