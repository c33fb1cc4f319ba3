from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from binhdang.core.admin_audit import AuditedAdminMixin

from .models import OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdminMixin, TreeAdmin):
    form = movenodeform_factory(OrgUnit, exclude=["search_text", "version"])
    list_display = ["name", "code", "kind", "level", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "code", "search_text"]
