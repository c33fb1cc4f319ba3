from django.contrib import admin

from .models import PlanImport


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "issuer", "status", "plan", "created_by", "updated_at")
    list_filter = ("status",)
    search_fields = ("original_name", "source_text")
    readonly_fields = ("file", "original_name", "source_text", "parsed", "data", "choices", "issuer", "status",
                       "plan", "created_by", "version", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False
