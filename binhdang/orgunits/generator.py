"""Synthetic national-scale org tree: 34 provinces and 3,321 communes (the 2025 structure).

Used by benchmarks and scale tests; names are synthetic except the provinces'.
"""

import datetime

from django.db import transaction

from .models import OrgUnit

# The 34 provincial-level units from 1/7/2025 (NQ 202/2025/QH15): 6 cities, 28 provinces.
PROVINCES = [
    ("thành phố", "Hà Nội"), ("thành phố", "Huế"), ("thành phố", "Hải Phòng"),
    ("thành phố", "Đà Nẵng"), ("thành phố", "Hồ Chí Minh"), ("thành phố", "Cần Thơ"),
    ("tỉnh", "Lai Châu"), ("tỉnh", "Điện Biên"), ("tỉnh", "Sơn La"), ("tỉnh", "Lạng Sơn"),
    ("tỉnh", "Quảng Ninh"), ("tỉnh", "Thanh Hóa"), ("tỉnh", "Nghệ An"), ("tỉnh", "Hà Tĩnh"),
    ("tỉnh", "Cao Bằng"), ("tỉnh", "Tuyên Quang"), ("tỉnh", "Lào Cai"), ("tỉnh", "Thái Nguyên"),
    ("tỉnh", "Phú Thọ"), ("tỉnh", "Bắc Ninh"), ("tỉnh", "Hưng Yên"), ("tỉnh", "Ninh Bình"),
    ("tỉnh", "Quảng Trị"), ("tỉnh", "Quảng Ngãi"), ("tỉnh", "Gia Lai"), ("tỉnh", "Khánh Hòa"),
    ("tỉnh", "Lâm Đồng"), ("tỉnh", "Đắk Lắk"), ("tỉnh", "Đồng Nai"), ("tỉnh", "Tây Ninh"),
    ("tỉnh", "Vĩnh Long"), ("tỉnh", "Đồng Tháp"), ("tỉnh", "Cà Mau"), ("tỉnh", "An Giang"),
]
NATIONAL_COMMUNES = 3321
PROVINCE_AGENCIES = [
    ("SNV", "Sở Nội vụ", "agency"),
    ("SYT", "Sở Y tế", "agency"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "agency"),
    ("STC", "Sở Tài chính", "agency"),
    ("STP", "Sở Tư pháp", "agency"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "agency"),
    ("CA", "Công an tỉnh", "agency"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "organisation"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "organisation"),
    ("SXD", "Sở Xây dựng", "agency"),
    ("SCT", "Sở Công Thương", "agency"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "agency"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "agency"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "agency"),
    ("TTR", "Thanh tra tỉnh", "agency"),
    ("DPTTH", "Đài Phát thanh và Truyền hình tỉnh", "agency"),
    ("DTN", "Tỉnh đoàn", "organisation"),
    ("HND", "Hội Nông dân tỉnh", "organisation"),
    ("BVSTBPN", "Ban Vì sự tiến bộ của phụ nữ tỉnh", "committee"),
]
REFORM = datetime.date(2025, 7, 1)


def _unit(**fields) -> OrgUnit:
    unit = OrgUnit(**fields)
    unit.search_text = unit.build_search_text()
    return unit


@transaction.atomic
def generate_national_tree(*, communes: int = NATIONAL_COMMUNES, prefix: str = "GEN") -> OrgUnit:
    """Build country → 34 provinces → (agencies + communes) with bulk inserts; returns the root.

    The paths are computed here (treebeard's materialised-path encoding) so that about
    4,000 units insert in one statement per level instead of one per unit.
    """
    existing = OrgUnit.objects.filter(code=prefix).first()
    if existing:
        return existing
    root = OrgUnit.objects.add_root(create_kwargs={
        "code": prefix, "name": "Việt Nam", "short_name": "Cả nước", "kind": "administrative",
        "level": "country", "level_title": "quốc gia",
    })
    provinces = []
    for index, (title, place) in enumerate(PROVINCES, start=1):
        provinces.append(_unit(
            code=f"{prefix}-P{index:02d}", name=f"Ủy ban nhân dân {title} {place}",
            short_name=f"{title} {place}", aliases=[place], kind="administrative",
            level="province", level_title=title, valid_from=REFORM,
            path=OrgUnit._get_path(root.path, 2, index), depth=2,
        ))
    per_province = [communes // len(PROVINCES)] * len(PROVINCES)
    for i in range(communes - sum(per_province)):
        per_province[i] += 1
    children = []
    for province, n_communes, (_, place) in zip(provinces, per_province, PROVINCES, strict=True):
        step = 0
        for code, name, kind in PROVINCE_AGENCIES:
            step += 1
            children.append(_unit(
                code=f"{province.code}-{code}", name=name, short_name=f"{name} {place}",
                kind=kind, level="province", valid_from=REFORM,
                path=OrgUnit._get_path(province.path, 3, step), depth=3,
            ))
        for number in range(1, n_communes + 1):
            step += 1
            ward = number % 5 == 1  # every fifth, from the first: a province of two communes has a ward
            level_title = "phường" if ward else "xã"
            children.append(_unit(
                code=f"{province.code}-C{number:03d}",
                name=f"Ủy ban nhân dân {level_title} {place} {number}",
                short_name=f"{level_title} {place} {number}", kind="administrative",
                level="commune", level_title=level_title, valid_from=REFORM,
                path=OrgUnit._get_path(province.path, 3, step), depth=3,
            ))
        province.numchild = step
    root.numchild = len(provinces)
    root.save(update_fields=["numchild"])
    OrgUnit.objects.bulk_create(provinces, batch_size=500)
    OrgUnit.objects.bulk_create(children, batch_size=1000)
    return root
