"""An uploaded plan document under review: its file, text, what the parser read, the
officer's edits, and the plan it became once saved."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.orgunits.models import OrgUnit


class OcrStatus(models.TextChoices):
    NONE = "", _("Không cần")
    QUEUED = "queued", _("Đang chờ nhận dạng chữ")
    RUNNING = "running", _("Đang nhận dạng chữ")
    DONE = "done", _("Đã nhận dạng chữ")
    FAILED = "failed", _("Nhận dạng chữ không thành công")


class PlanImport(models.Model):
    OcrStatus = OcrStatus

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang rà soát")
        SAVED = "saved", _("Đã lưu thành kế hoạch")

    file = models.FileField(_("tệp tải lên"), upload_to="documents/imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    source_text = models.TextField(_("văn bản gốc"))
    # What the parser read, kept as it was, and the Plan JSON as the officer edits it.
    parsed = models.JSONField(_("kết quả đọc"), default=dict)
    data = models.JSONField(_("nội dung đã rà soát"), default=dict)
    # Agency name as written -> OrgUnit pk picked by the officer for a name the
    # directory did not match by itself.
    choices = models.JSONField(_("đơn vị đã chọn"), default=dict, blank=True)
    issuer = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("cơ quan ban hành"),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A scan (image-only PDF, photo) is read by OCR in the background worker; until then the
    # import has no text, and the review page shows the progress page by page.
    ocr_status = models.CharField(_("nhận dạng chữ"), max_length=10, choices=OcrStatus.choices, blank=True,
                                  default=OcrStatus.NONE)
    ocr_pages = models.PositiveIntegerField(_("số trang cần nhận dạng"), default=0)
    ocr_done = models.PositiveIntegerField(_("số trang đã nhận dạng"), default=0)
    ocr_error = models.TextField(_("lỗi nhận dạng chữ"), blank=True)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="imports",
        verbose_name=_("kế hoạch"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_imports",
        verbose_name=_("người tải lên"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản nhập")
        verbose_name_plural = _("văn bản nhập")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        number = (self.data.get("document") or {}).get("number") or ""
        return f"{self.original_name} {number}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:review", args=[self.pk])

    @property
    def ocr_pending(self) -> bool:
        return self.ocr_status in (OcrStatus.QUEUED, OcrStatus.RUNNING, OcrStatus.FAILED)
