"""Which indicators a unit shows on its public progress page (and its subtree's pages)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.indicators.models import Indicator
from binhdang.orgunits.models import OrgUnit


class Publication(models.Model):
    """A coordinator published `indicator` for `org_unit`: the public pages of the unit and of
    every unit below it show the indicator's ACCEPTED figures. Unpublishing deletes the row
    (the audit log keeps who did what and when)."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("chỉ tiêu"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người công khai"),
    )
    published_at = models.DateTimeField(_("công khai lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("chỉ tiêu công khai")
        verbose_name_plural = _("chỉ tiêu công khai")
        ordering = ["org_unit__path", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "indicator"], name="publication_unique_unit_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} @ {self.org_unit}"
