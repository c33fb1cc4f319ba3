from django.contrib import admin

from .models import (
    CitedDocument,
    Obligation,
    Plan,
    PlanDeadline,
    Recipient,
    Section,
    Task,
    TaskAssignment,
    TaskComment,
    TaskDue,
    TaskEvidence,
    TaskUpdate,
)


class TaskAssignmentInline(admin.TabularInline):
    model = TaskAssignment
    extra = 0
    raw_id_fields = ["org_unit"]


class TaskDueInline(admin.TabularInline):
    model = TaskDue
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "issuer", "status", "title"]
    list_filter = ["status", "year", "doc_type"]
    search_fields = ["number", "title"]
    raw_id_fields = ["issuer", "parent", "copied_from"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "plan", "status", "progress"]
    list_filter = ["status", "plan"]
    search_fields = ["code", "text"]
    inlines = [TaskAssignmentInline, TaskDueInline]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["org_unit", "kind", "due_date", "receiver", "submitted_at"]
    list_filter = ["kind", "due_date"]
    raw_id_fields = ["org_unit", "receiver", "fulfilled_by_plan", "plan", "deadline"]


for model in (CitedDocument, Section, PlanDeadline, Recipient, TaskUpdate, TaskEvidence, TaskComment):
    admin.site.register(model)
