from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "binhdang.plans"
    label = "plans"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self):
        from . import nav  # noqa: F401  (registers the menu entries)
