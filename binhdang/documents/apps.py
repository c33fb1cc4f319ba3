from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "binhdang.documents"
    label = "documents"
    verbose_name = _("Văn bản")

    def ready(self):
        from . import nav  # noqa: F401  (registers the menu entries)
