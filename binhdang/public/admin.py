from django.contrib import admin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: publishing goes through the page (service, policy, audit)."""

    list_display = ["indicator", "org_unit", "published_by", "published_at"]
    list_filter = ["org_unit__level"]
    search_fields = ["indicator__code", "indicator__name", "org_unit__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
