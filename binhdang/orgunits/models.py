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
    # The official GSO code of an administrative unit. Codes are reused across eras (the new
    # phường Bỉm Sơn has 14812, once phường Ba Đình's): unique only within a validity period.
    gso_code = models.CharField(_("mã GSO"), max_length=10, blank=True, db_index=True)
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
    # False where the facts (name, duties, dates) come from unverified sources (DOMAIN.md "U").
    verified = models.BooleanField(_("đã xác minh"), default=True)
    note = models.TextField(_("ghi chú nguồn"), blank=True)
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


class LineageEvent(models.Model):
    """One change of the administrative map: a merge, a split, a rename…

    Each node of the tree is a unit *in one place for one validity period*: a node never
    moves. A commune that went from a district to the province on 1/7/2025 is two nodes,
    joined by a `reparent` event; the roll-ups of earlier periods keep their paths.
    A later resolution is simply another event.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("Nhập")
        SPLIT = "split", _("Chia tách")
        PARTIAL = "partial", _("Điều chỉnh một phần")
        RENAME = "rename", _("Đổi tên")
        REPARENT = "reparent", _("Đổi đơn vị cấp trên")
        ABOLISH = "abolish", _("Giải thể")
        CREATE = "create", _("Thành lập")

    # A stable key so that loading twice changes nothing ("2025:split:14812").
    key = models.CharField(_("khóa"), max_length=120, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    effective = models.DateField(_("ngày có hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    basis_verified = models.BooleanField(_("căn cứ đã xác minh"), default=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện thay đổi đơn vị hành chính")
        verbose_name_plural = _("sự kiện thay đổi đơn vị hành chính")
        indexes = [models.Index(fields=["effective"], name="lineage_event_effective")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective:%d/%m/%Y} ({self.legal_basis})"


class LineageLink(models.Model):
    """A share of `before` that went to `after` in an event (1.0 for a whole unit).

    `before` is empty for a creation, `after` for an abolition. Weights of a split are
    estimates unless `weight_confirmed`; `weight_basis` says how they were reached.
    """

    event = models.ForeignKey(LineageEvent, on_delete=models.CASCADE, related_name="links")
    before = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="successor_links"
    )
    after = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="predecessor_links"
    )
    weight = models.DecimalField(_("tỷ trọng"), max_digits=7, decimal_places=6, default=1)
    weight_basis = models.CharField(_("cơ sở tỷ trọng"), max_length=40, default="whole")
    weight_confirmed = models.BooleanField(_("tỷ trọng đã xác nhận"), default=True)

    class Meta:
        verbose_name = _("liên kết kế thừa")
        verbose_name_plural = _("liên kết kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["event", "before", "after"], name="lineage_link_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0) & models.Q(weight__lte=1), name="lineage_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.before_id} → {self.after_id} ({self.weight})"


class Handover(models.Model):
    """Open work of an abolished unit passing to a successor, proposed by the rule, confirmed by a coordinator.

    `items` lists what moves ({"type": "obligation" | "task" | "membership", "id", "label"}).
    The rows keep their audit history: both units get an audit event when it is confirmed.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")

    from_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="handovers_out")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="handovers_in")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    rule = models.CharField(_("quy tắc"), max_length=255, blank=True)
    items = models.JSONField(_("nội dung chuyển giao"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("chuyển giao công việc")
        verbose_name_plural = _("chuyển giao công việc")

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit} ({self.get_status_display()})"
