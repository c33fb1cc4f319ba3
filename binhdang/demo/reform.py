"""The demo's 2026 era: Thanh Hóa's real 166 communes, the lineage from 2017, the wards' offices.

Runs after the 2017 loaders and leaves their data as it is: the demo's own units get their
GSO codes and are adopted by the national load (Thanh Hóa only), never duplicated.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from binhdang.core.errors import DomainError
from binhdang.orgunits.models import Handover, LineageEvent, LineageLink, OrgUnit
from binhdang.orgunits.national_load import load_national
from binhdang.orgunits.services import do_orgunit_create
from binhdang.plans.services.handover import handover_propose

# DOMAIN.md §6.1a: the GSO codes of the demo's units, each of its era.
GSO_CODES = {
    "TH": "38", "TH-BS": "381",
    "TH-BS-BACSON": "14809", "TH-BS-BADINH": "14812", "TH-BS-LAMSON": "14815", "TH-BS-NGOCTRAO": "14818",
    "TH-BS-DONGSON": "14821", "TH-BS-PHUSON": "14823", "TH-BS-QUANGTRUNG": "14824",
    "TH-PBIMSON": "14812", "TH-PQUANGTRUNG": "14818",
}
REFORM = datetime.date(2025, 7, 1)
UNVERIFIED = "Tên và nhiệm vụ theo tổ chức chính quyền hai cấp từ 01/7/2025; chưa xác minh (DOMAIN.md §6.1a)."
# The offices of a commune People's Committee after the reform (U: kept as editable data).
WARD_OFFICES = [
    ("VP", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "agency", "Văn phòng HĐND và UBND", False),
    ("VHXH", "Phòng Văn hóa - Xã hội", "agency", "Phòng VH-XH", False),
    ("KT", "Phòng Kinh tế, Hạ tầng và Đô thị", "agency", "Phòng KT-HT&ĐT", False),
    ("HLHPN", "Hội Liên hiệp Phụ nữ", "organisation", "Hội LHPN", True),
]


def _set_gso_codes() -> int:
    changed = 0
    for code, gso in GSO_CODES.items():
        changed += OrgUnit.objects.filter(code=code, gso_code="").update(gso_code=gso)
    return changed


def _ha_lan_event() -> bool:
    """Xã Hà Lan into phường Đông Sơn (2019): the instrument and date are unverified."""
    ha_lan = OrgUnit.objects.filter(code="TH-BS-HALAN").first()
    dong_son = OrgUnit.objects.filter(code="TH-BS-DONGSON").first()
    if ha_lan is None or dong_son is None:
        return False
    event, created = LineageEvent.objects.get_or_create(
        key="2019:merge:TH-BS-HALAN",
        defaults={
            "kind": "merge", "effective": datetime.date(2019, 10, 16),
            "legal_basis": "NQ 786/NQ-UBTVQH14 (16/10/2019)", "basis_verified": False,
            "source": "DOMAIN.md §6.1",
            "note": "Có lẽ theo NQ 786/NQ-UBTVQH14; văn bản và ngày hiệu lực chưa xác minh.",
        },
    )
    LineageLink.objects.get_or_create(event=event, before=ha_lan, after=dong_son,
                                      defaults={"weight": Decimal(1)})
    return created


def _offices(ward: OrgUnit, slug: str, summary: dict[str, Any]) -> None:
    place = ward.short_name.removeprefix("phường ").strip()
    for code, name, kind, short, _org in WARD_OFFICES:
        full_code = f"{slug}-{code}"
        if OrgUnit.objects.filter(code=full_code).exists():
            continue
        do_orgunit_create(
            actor=None, parent=ward, code=full_code, name=f"{name} phường {place}",
            short_name=f"{short} phường {place}", aliases=[name, short], kind=kind, level="commune",
            valid_from=REFORM,
            verified=kind == "organisation", note="" if kind == "organisation" else UNVERIFIED,
        )
        summary["offices_created"] += 1


@transaction.atomic
def demo_load_reform() -> dict[str, Any]:
    summary: dict[str, Any] = {"gso_codes_set": _set_gso_codes(), "offices_created": 0}
    report = load_national(provinces=["38"])
    summary["national_units_created"] = sum(report["created"].values())
    summary["lineage_events_created"] = sum(report["events_created"].values())
    summary["ha_lan_event_created"] = _ha_lan_event()
    for code in ("TH-PBIMSON", "TH-PQUANGTRUNG"):
        ward = OrgUnit.objects.filter(code=code).first()
        if ward is not None:
            _offices(ward, code, summary)
    # The open work of the town and its communes awaits the coordinator's review (a proposal).
    proposals = 0
    for unit in OrgUnit.objects.filter(code__startswith="TH-BS", kind="administrative"):
        if unit.valid_to is None or Handover.objects.filter(from_unit=unit).exists():
            continue
        try:
            handover_propose(actor=None, unit=unit)
        except DomainError:  # xã Hà Lan: its successor ended too; left for the coordinator
            continue
        proposals += 1
    summary["handover_proposals"] = proposals
    return summary
