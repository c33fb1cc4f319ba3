from django.contrib import admin

from .models import (
    AdhocRequest,
    Attachment,
    Notification,
    ReportTemplate,
    SentLog,
    Submission,
    SubmissionRevision,
)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "version", "updated_at"]
    readonly_fields = ["version"]


class RevisionInline(admin.TabularInline):
    model = SubmissionRevision
    extra = 0
    fields = ["number", "submitted_at", "submitted_by", "from_version", "token"]
    readonly_fields = ["number", "submitted_at", "submitted_by", "from_version", "token"]
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    # Read-only here: changes go through the services so they are audited.
    list_display = ["org_unit", "obligation", "status", "first_submitted_at", "accepted_at", "version"]
    list_filter = ["status", "obligation__kind"]
    search_fields = ["org_unit__name"]
    inlines = [RevisionInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AdhocRequest)
class AdhocRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "receiver", "due_date", "created_at"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "submission", "size", "uploaded_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    list_filter = ["read_at"]


@admin.register(SentLog)
class SentLogAdmin(admin.ModelAdmin):
    list_display = ["key", "user", "day", "items", "sent_at"]
