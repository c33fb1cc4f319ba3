from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "binhdang.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from django.contrib import admin

        from .admin_audit import audit_every_admin

        audit_every_admin(admin.site)
