"""Admin changes go into the audit trail too, and versioned rows refuse stale edits."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import audit_record

if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class AuditedAdminMixin(_AdminBase):
    """For ModelAdmins: audit every add/change/delete; optimistic locking on `version`."""

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        # The admin asks again with the fields it saw on our form; ours is not a model field.
        if kwargs.get("fields"):
            kwargs["fields"] = [f for f in kwargs["fields"] if f != "seen_version"]
        form_class: Any = super().get_form(request, obj, change, **kwargs)
        if not any(f.name == "version" for f in self.model._meta.fields):
            return form_class

        class VersionedForm(form_class):
            seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if self.instance.pk:
                    self.fields["seen_version"].initial = self.instance.version

            def clean(self):
                cleaned = super().clean()
                seen = cleaned.get("seen_version")
                if self.instance.pk and seen is not None:
                    current = type(self.instance).objects.filter(pk=self.instance.pk).values_list(
                        "version", flat=True
                    ).first()
                    if current is not None and current != seen:
                        raise forms.ValidationError(
                            _("Bản ghi này vừa được người khác sửa. Hãy tải lại trang rồi sửa lại.")
                        )
                return cleaned

        return VersionedForm

    def save_model(self, request, obj, form, change):
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
        changed = {name: str(form.cleaned_data.get(name)) for name in form.changed_data if name != "seen_version"}
        audit_record(
            actor=request.user,
            action=f"admin.{'change' if change else 'add'}",
            obj=obj,
            org_unit=_unit_of(obj),
            changes=changed,
        )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="admin.delete", obj=obj, org_unit=_unit_of(obj),
                     changes={"files": _file_names(obj)})
        files = _stored_files(obj)
        super().delete_model(request, obj)
        _remove_after_commit(files)

    def delete_queryset(self, request, queryset):
        files = []
        for obj in queryset:
            audit_record(actor=request.user, action="admin.delete", obj=obj, org_unit=_unit_of(obj),
                         changes={"files": _file_names(obj)})
            files += _stored_files(obj)
        super().delete_queryset(request, queryset)
        _remove_after_commit(files)


def _stored_files(obj: Any) -> list[tuple[Any, str]]:
    from django.db.models import FileField

    out = []
    for field in obj._meta.fields:
        if isinstance(field, FileField):
            value = getattr(obj, field.name)
            if value and value.name:
                out.append((value.storage, value.name))
    return out


def _file_names(obj) -> list[str]:
    return [name for _storage, name in _stored_files(obj)]


def _remove_after_commit(files: list[tuple[Any, str]]) -> None:
    """Deleting a record removes its files, once the deletion is committed."""
    from django.db import transaction

    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(remove)


def audit_every_admin(site: admin.AdminSite) -> None:
    """Give every registered ModelAdmin the audit (called once the admin has autodiscovered)."""
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if not isinstance(model_admin, AuditedAdminMixin):
            model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})


def _unit_of(obj):
    # core sits below orgunits: recognise an org unit by its model label, not by import.
    if obj._meta.label == "orgunits.OrgUnit":
        return obj
    unit = getattr(obj, "org_unit", None)
    return unit if unit is not None and unit._meta.label == "orgunits.OrgUnit" else None


__all__ = ["AuditedAdminMixin", "admin"]
