"""Menu entries for documents (registered in DocumentsConfig.ready).

"Nhập văn bản" is the coordinators' tool (they import the plans issued in their scope). A
reporter may still import its own unit's plan (plan_import_can_upload): the plan list offers
it there, so the everyday menu of a reporter stays short; viewers are offered it nowhere.
"""

from django.utils.translation import gettext_lazy as _

from binhdang.core.nav import MenuEntry, register
from binhdang.core.permissions import Action, policy

from .services import plan_import_can_upload


def _imports_plans(user) -> bool:
    return plan_import_can_upload(user) and policy.has_anywhere(user, Action.COORDINATE)


register(MenuEntry("import", _("Nhập văn bản"), "documents:import", 70, _imports_plans))
