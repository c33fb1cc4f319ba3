"""Menu entries for reporting (registered in ReportingConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from binhdang.core.nav import MenuEntry, register
from binhdang.core.permissions import Action, policy

from .selectors import notification_unread_count


def _views_somewhere(user) -> bool:
    return policy.has_anywhere(user, Action.VIEW)


register(MenuEntry("reports", _("Báo cáo"), "reporting:index", 40, _views_somewhere))
# Notifications are shown apart, by the user's name (base.html), with the unread count.
register(MenuEntry("notifications", _("Thông báo"), "reporting:notifications", 900, lambda user: True,
                   badge=lambda user: notification_unread_count(user=user)))
