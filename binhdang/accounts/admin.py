from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from binhdang.core.admin_audit import AuditedAdminMixin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["org_unit", "scope"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Thông tin công tác"), {"fields": ("full_name", "job_title", "phone")}),
    )


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "org_unit", "scope", "is_head"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "org_unit", "scope"]
    search_fields = ["user__username", "org_unit__name"]
