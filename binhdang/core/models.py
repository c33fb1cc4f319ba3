"""The audit trail: every write made through a service leaves one event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    """Audit rows are append-only: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise PermissionError("audit events cannot be changed")

    def delete(self):
        raise PermissionError("audit events cannot be deleted")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("hành động"), max_length=64)
    object_type = models.CharField(_("loại đối tượng"), max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events cannot be deleted")



class IdempotencyKey(models.Model):
    """A write a client may send more than once (an offline entry synced on a flaky network):
    the first time it runs and its answer is kept here; a retry with the same key and the
    same body gets that answer again, a retry with another body is refused
    (binhdang/core/idempotency.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("khóa chống gửi trùng"), max_length=64)
    scope = models.CharField(_("thao tác"), max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=200)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("khóa chống gửi trùng")
        verbose_name_plural = _("khóa chống gửi trùng")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
class DemoClock(models.Model):
    """The demo's "as of" date for one demo cycle (the 2017 plan year, the 2026 wards).

    Read only when settings.DEMO is on: production has no demo clock and ignores these rows.
    """

    cycle = models.CharField(_("chu kỳ"), max_length=8, unique=True)
    on = models.DateField(_("ngày"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đồng hồ trình diễn")

    def __str__(self) -> str:
        return f"{self.cycle}: {self.on:%d/%m/%Y}"
