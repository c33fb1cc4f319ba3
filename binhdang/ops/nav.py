"""Menu entries for operations (registered in OpsConfig.ready): the coordinators' audit log."""

from django.utils.translation import gettext_lazy as _

from binhdang.core.nav import MenuEntry, register


def _may_open(user: object) -> bool:
    from .permissions import audit_events

    return bool(audit_events.may_open_page(user))


register(MenuEntry("audit", _("Nhật ký"), "audit:events", 95, _may_open, prefixes=("/audit/",)))
