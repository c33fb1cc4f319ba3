"""The DHIS2 mapping: our indicators, org units, sexes and periods ↔ DHIS2 identifiers.

Indicators are referred to by their code (not a foreign key) so that a mapping can be
prepared before the catalogue entry exists and this app's migrations do not depend on the
indicators app's.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.orgunits.models import OrgUnit

_UID_HELP = _("Mã UID 11 ký tự của DHIS2 (ví dụ fbfJHSPpUQD).")


class DataElementMapping(models.Model):
    indicator_code = models.CharField(_("mã chỉ tiêu"), max_length=32, unique=True)
    uid = models.CharField(_("UID phần tử dữ liệu DHIS2"), max_length=11, unique=True, help_text=_UID_HELP)
    code = models.CharField(_("mã phần tử dữ liệu DHIS2"), max_length=50, blank=True)
    # Ratios and averages also carry a denominator (or weight) as a second data element.
    den_uid = models.CharField(_("UID phần tử mẫu số"), max_length=11, blank=True)
    den_code = models.CharField(_("mã phần tử mẫu số"), max_length=50, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ánh xạ chỉ tiêu ↔ DHIS2")
        verbose_name_plural = _("ánh xạ chỉ tiêu ↔ DHIS2")
        ordering = ["indicator_code"]

    def __str__(self) -> str:
        return f"{self.indicator_code} ↔ {self.uid}"

    def clean(self) -> None:
        from django.apps import apps

        if apps.is_installed("binhdang.indicators"):
            from binhdang.indicators.models import Indicator

            if not Indicator.objects.filter(code=self.indicator_code).exists():
                raise ValidationError({"indicator_code": _("Không có chỉ tiêu mã này.")})


class OrgUnitMapping(models.Model):
    org_unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="dhis2_mapping", verbose_name=_("đơn vị")
    )
    uid = models.CharField(_("UID đơn vị DHIS2"), max_length=11, unique=True, help_text=_UID_HELP)
    code = models.CharField(_("mã đơn vị DHIS2"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("ánh xạ đơn vị ↔ DHIS2")
        verbose_name_plural = _("ánh xạ đơn vị ↔ DHIS2")
        ordering = ["org_unit__path"]

    def __str__(self) -> str:
        return f"{self.org_unit} ↔ {self.uid}"


class CategoryOptionComboMapping(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Nữ")
        MALE = "M", _("Nam")
        TOTAL = "T", _("Không phân tổ")

    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices, unique=True)
    uid = models.CharField(_("UID category option combo"), max_length=11, unique=True, help_text=_UID_HELP)
    code = models.CharField(_("mã (ADX: giá trị thuộc tính SEX)"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("ánh xạ giới tính ↔ DHIS2")
        verbose_name_plural = _("ánh xạ giới tính ↔ DHIS2")
        ordering = ["sex"]

    def __str__(self) -> str:
        return f"{self.get_sex_display()} ↔ {self.uid}"


class PeriodMapping(models.Model):
    """An exception to the period rule ("2017-H1" ↔ "2017S1", "2017" ↔ "2017")."""

    period = models.CharField(_("kỳ của hệ thống"), max_length=8, unique=True)
    iso = models.CharField(_("kỳ ISO của DHIS2"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("ánh xạ kỳ ↔ DHIS2")
        verbose_name_plural = _("ánh xạ kỳ ↔ DHIS2")
        ordering = ["period"]

    def __str__(self) -> str:
        return f"{self.period} ↔ {self.iso}"


class SignedDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("Văn bản đã ký không sửa được; bản đính chính là một phiên bản mới."))


class SignedDocument(models.Model):
    """An issued, digitally signed document: its bytes and their SHA-256, never changed again.

    A correction is a new version (same unit, type and period; version + 1, `supersedes` the
    previous one); saving over a stored row, or a queryset update, is refused.
    """

    type_code = models.CharField(_("loại văn bản"), max_length=8)  # "BC", "KH"
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="signed_documents",
                                 verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ"), max_length=16, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by", verbose_name=_("thay cho"))
    content = models.BinaryField(_("tệp PDF đã ký"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    signer = models.CharField(_("người ký"), max_length=255)
    organisation = models.CharField(_("cơ quan ký"), max_length=255)
    level = models.CharField(_("mức chữ ký"), max_length=16)
    signed_at = models.DateTimeField(_("thời gian ký"))
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("người phát hành"))

    objects = SignedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đã ký số")
        verbose_name_plural = _("văn bản đã ký số")
        ordering = ["org_unit__path", "type_code", "period", "version"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "type_code", "period", "version"],
                                               name="signed_document_version_unique")]

    def __str__(self) -> str:
        return f"{self.type_code} {self.number or self.period} v{self.version} ({self.org_unit})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(_("Văn bản đã ký không sửa được; bản đính chính là một phiên bản mới."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Văn bản đã ký không xóa được."))
