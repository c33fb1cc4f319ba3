"""Publishing indicators on the public progress pages (coordinators only, audited)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_record
from binhdang.core.errors import DomainError
from binhdang.indicators.models import Indicator
from binhdang.orgunits.models import OrgUnit

from .models import Publication
from .permissions import publications


def publication_set(*, actor: Any, org_unit: OrgUnit, codes: list[str], reason: str = "") -> dict[str, list[str]]:
    """Make exactly `codes` the indicators published at `org_unit`: publish the new ones,
    unpublish the others. Refuses unknown codes; one transaction, one audit event per change."""
    publications.require(actor, "edit", Publication(org_unit=org_unit))
    return do_publication_set(actor=actor, org_unit=org_unit, codes=codes, reason=reason)


@transaction.atomic
def do_publication_set(*, actor: Any, org_unit: OrgUnit, codes: list[str], reason: str = "") -> dict[str, list[str]]:
    wanted = {str(c).strip() for c in codes if str(c).strip()}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=wanted).exclude(group=Indicator.Group.SYNTHETIC)}
    unknown = sorted(wanted - set(indicators))
    if unknown:
        raise DomainError(_("Không có chỉ tiêu mã: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_indicator")
    current = {p.indicator.code: p for p in
               Publication.objects.select_for_update().filter(org_unit=org_unit).select_related("indicator")}
    added, removed = sorted(set(indicators) - set(current)), sorted(set(current) - set(indicators))
    now = timezone.now()
    for code in added:
        row = Publication.objects.create(org_unit=org_unit, indicator=indicators[code], published_by=actor,
                                         published_at=now)
        audit_record(actor=actor, action="public.publish", obj=row, org_unit=org_unit,
                     changes={"indicator": [None, code]}, reason=reason)
    for code in removed:
        row = current[code]
        audit_record(actor=actor, action="public.unpublish", obj=row, org_unit=org_unit,
                     changes={"indicator": [code, None]}, reason=reason)
        row.delete()
    return {"added": added, "removed": removed}
