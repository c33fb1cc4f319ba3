"""The org-unit tree: administrative units, agencies, mass organisations and committees."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from binhdang.core.text import search_key


class OrgUnit(MP_Node):
    """One node of the tree; any depth, each with a validity period.

    Before 1/7/2025 the administrative chain is tỉnh → huyện/thị xã → xã/phường; after
    the reform it is tỉnh → xã/phường. Agencies, organisations and committees hang
    under the administrative unit they belong to.
    """

    class Kind(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("Đơn vị hành chính")
        AGENCY = "agency", _("Cơ quan chuyên môn")
        ORGANISATION = "organisation", _("Tổ chức đoàn thể")
        COMMITTEE = "committee", _("Ban, ủy ban")

    class Level(models.TextChoices):
        COUNTRY = "country", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    # Other names and abbreviations ("Phòng LĐ-TB&XH", "Hội LHPN") that documents use.
    aliases = models.JSONField(_("tên gọi khác, viết tắt"), default=list, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    # The administrative title of the place: "tỉnh", "thị xã", "phường", "xã", "đặc khu"…
    level_title = models.CharField(_("danh xưng"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Folded name, short name and aliases: accent-insensitive search ("bim son").
    search_text = models.TextField(editable=False, default="", db_index=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        indexes = [
            models.Index(fields=["kind", "level"], name="orgunit_kind_level"),
            models.Index(fields=["depth"], name="orgunit_depth"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgunits:detail", args=[self.pk])

    def build_search_text(self) -> str:
        parts = [self.name, self.short_name, self.code, *self.aliases]
        return " | ".join(search_key(p) for p in parts if p)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_administrative(self) -> bool:
        return self.kind == self.Kind.ADMINISTRATIVE

    def contains(self, other: "OrgUnit") -> bool:
        """True when `other` is this unit or lies below it."""
        return other.path.startswith(self.path)
