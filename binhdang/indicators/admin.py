from django.contrib import admin

from .models import (
    Activity,
    BudgetCategory,
    BudgetEstimateDue,
    BudgetLine,
    Indicator,
    Objective,
    Source,
    Target,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    raw_id_fields = ["org_unit"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit", "by_sex", "group", "unverified"]
    list_filter = ["group", "kind", "source", "unverified"]
    search_fields = ["code", "stat_code", "name"]
    inlines = [TargetInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "title", "org_unit", "participants_female", "participants_male"]
    list_filter = ["kind"]
    raw_id_fields = ["org_unit", "task", "inspected_unit"]

    def has_change_permission(self, request, obj=None):
        return False  # writes go through the services (indicators are recomputed there)


admin.site.register([Source, Objective, BudgetCategory])
admin.site.register(BudgetLine, raw_id_fields=["org_unit", "activity", "task"])
admin.site.register(BudgetEstimateDue, raw_id_fields=["org_unit", "receiver"])
