from django.contrib import admin

from .models import CategoryOptionComboMapping, DataElementMapping, OrgUnitMapping, PeriodMapping


@admin.register(DataElementMapping)
class DataElementMappingAdmin(admin.ModelAdmin):
    list_display = ["indicator_code", "uid", "code", "den_uid"]
    search_fields = ["indicator_code", "uid", "code"]


@admin.register(OrgUnitMapping)
class OrgUnitMappingAdmin(admin.ModelAdmin):
    list_display = ["org_unit", "uid", "code"]
    search_fields = ["org_unit__name", "uid", "code"]
    raw_id_fields = ["org_unit"]


@admin.register(CategoryOptionComboMapping)
class CategoryOptionComboMappingAdmin(admin.ModelAdmin):
    list_display = ["sex", "uid", "code"]


@admin.register(PeriodMapping)
class PeriodMappingAdmin(admin.ModelAdmin):
    list_display = ["period", "iso"]
