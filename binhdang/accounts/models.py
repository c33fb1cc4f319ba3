"""Users and their memberships: a role in an org unit, granted over a scope of the tree."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.orgunits.models import OrgUnit


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Quản trị")
    COORDINATOR = "coordinator", _("Điều phối (cơ quan chủ trì)")
    REPORTER = "reporter", _("Báo cáo viên")
    VIEWER = "viewer", _("Lãnh đạo (xem)")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    job_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.get_username()


class Membership(models.Model):
    """`user` works in `org_unit` with `role`; the role applies over `scope`'s subtree.

    The scope is the unit itself by default. A coordinator working in the town's
    Phòng LĐ-TB&XH gets the town as scope: the lead agency consolidates the whole town.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    scope = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="scoped_memberships",
        null=True,
        blank=True,
        verbose_name=_("phạm vi"),
        help_text=_("Để trống: chính đơn vị. Phải là đơn vị đó hoặc một đơn vị cấp trên."),
    )
    is_head = models.BooleanField(_("thủ trưởng đơn vị"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò tại đơn vị")
        verbose_name_plural = _("vai trò tại đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org_unit}"

    def clean(self) -> None:
        if self.scope is not None and self.org_unit_id and not self.scope.contains(self.org_unit):
            raise ValidationError(
                {"scope": _("Phạm vi phải là chính đơn vị hoặc một đơn vị cấp trên của nó.")}
            )

    @property
    def scope_unit(self) -> OrgUnit:
        return self.scope or self.org_unit
