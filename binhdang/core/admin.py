from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_repr", "org_unit"]
    list_filter = ["action"]
    search_fields = ["object_repr", "reason"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _administrators_only(request) -> bool:
    """The Django admin is for configuration by administrators only (superusers or the role)."""
    from binhdang.core.permissions import policy

    user = request.user
    return bool(user.is_active and user.is_staff and policy.is_administrator(user))


admin.site.has_permission = _administrators_only  # type: ignore[method-assign]  # the default site is configured in place; a custom AdminSite would change every admin URL name
admin.site.site_header = "binhdang"
admin.site.site_title = "binhdang"
