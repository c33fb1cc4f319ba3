"""Demo data: Thanh Hóa > thị xã Bỉm Sơn as in 2017, and its two wards after 1/7/2025.

Facts from ../shared/DOMAIN.md §6.1. Codes are our own identifiers, not official codes.
"""

import datetime

REFORM = datetime.date(2025, 7, 1)
BEFORE_REFORM = datetime.date(2025, 6, 30)

ADM, AGY, ORG, CMT = "administrative", "agency", "organisation", "committee"


def _u(code, name, kind, level, short="", aliases=(), title="", children=(), valid_from=None, valid_to=None, email=""):
    return {
        "code": code, "name": name, "kind": kind, "level": level, "short_name": short,
        "aliases": list(aliases), "level_title": title, "children": list(children),
        "valid_from": valid_from, "valid_to": valid_to, "email": email,
    }


def _town_agency(code, name, kind, short="", aliases=()):
    return _u(f"TH-BS-{code}", name, kind, "district", short, aliases, valid_to=BEFORE_REFORM,
              email=f"{code.lower()}.bimson@example.vn")


def _commune(code, title, place):
    return _u(
        f"TH-BS-{code}", f"Ủy ban nhân dân {title} {place}", ADM, "commune", f"{title} {place}",
        [f"UBND {title} {place}", place], title, valid_to=BEFORE_REFORM,
        email=f"{code.lower()}.bimson@example.vn",
    )


BIM_SON_2017 = _u(
    "TH-BS", "Ủy ban nhân dân thị xã Bỉm Sơn", ADM, "district", "thị xã Bỉm Sơn",
    ["UBND thị xã Bỉm Sơn", "UBND Thị xã", "Bỉm Sơn"], "thị xã", valid_to=BEFORE_REFORM,
    email="ubnd.bimson@example.vn",
    children=[
        _town_agency("LDTBXH", "Phòng Lao động - Thương binh và Xã hội", AGY, "Phòng LĐ-TB&XH",
                     ["LĐ-TB&XH", "LĐTBXH", "Phòng LĐTBXH", "Phòng Lao động, Thương binh và Xã hội"]),
        _town_agency("TCKH", "Phòng Tài chính - Kế hoạch", AGY, "Phòng TC-KH", ["TC-KH", "Phòng Tài chính-KH"]),
        _town_agency("NV", "Phòng Nội vụ", AGY),
        _town_agency("YT", "Phòng Y tế", AGY),
        _town_agency("GDDT", "Phòng Giáo dục và Đào tạo", AGY, "Phòng GD&ĐT", ["GD&ĐT", "Giáo dục&Đào tạo"]),
        _town_agency("VHTT", "Phòng Văn hóa và Thông tin", AGY, "Phòng VH&TT", ["VH&TT", "Văn hóa&TT"]),
        _town_agency("TP", "Phòng Tư pháp", AGY),
        _town_agency("KT", "Phòng Kinh tế", AGY),
        _town_agency("CA", "Công an", AGY, "Công an thị xã", ["Công an thị xã Bỉm Sơn"]),
        _town_agency("DTTTH", "Đài Truyền thanh - Truyền hình", AGY, "Đài TT-TH",
                     ["Đài Truyền thanh - TH", "Đài Truyền thanh"]),
        _town_agency("HLHPN", "Hội Liên hiệp Phụ nữ", ORG, "Hội LHPN",
                     ["Hội LHPN thị xã", "Hội Liên hiệp phụ nữ Thị xã", "Hội Phụ nữ"]),
        _town_agency("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam", ORG, "UBMTTQ",
                     ["Ủy ban MTTQ", "Mặt trận Tổ quốc", "UBMTTQTX", "MTTQ"]),
        _town_agency("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", ORG, "Thị đoàn",
                     ["Đoàn TNCS Hồ Chí Minh", "Đoàn Thanh niên"]),
        _town_agency("HND", "Hội Nông dân", ORG),
        _town_agency("HCCB", "Hội Cựu chiến binh", ORG),
        _town_agency("LDLD", "Liên đoàn Lao động", ORG),
        _town_agency("BVSTBPN", "Ban Vì sự tiến bộ của phụ nữ", CMT, "Ban VSTBPN thị xã",
                     ["Ban VSTBPN", "Ban BĐG&VSTBPN", "Ban Vì sự tiến bộ phụ nữ", "Ban BĐG&VSTBTX"]),
        _commune("BADINH", "phường", "Ba Đình"),
        _commune("NGOCTRAO", "phường", "Ngọc Trạo"),
        _commune("BACSON", "phường", "Bắc Sơn"),
        _commune("LAMSON", "phường", "Lam Sơn"),
        _commune("DONGSON", "phường", "Đông Sơn"),
        _commune("PHUSON", "phường", "Phú Sơn"),
        _commune("QUANGTRUNG", "xã", "Quang Trung"),
        _commune("HALAN", "xã", "Hà Lan"),
    ],
)

THANH_HOA = _u(
    "TH", "Ủy ban nhân dân tỉnh Thanh Hóa", ADM, "province", "tỉnh Thanh Hóa",
    ["UBND tỉnh Thanh Hóa", "UBND Tỉnh", "Thanh Hóa"], "tỉnh", email="ubnd.thanhhoa@example.vn",
    children=[
        # (U) the provincial labour department handed gender equality to Sở Nội vụ in 2025;
        # the exact end date is unverified and kept here as editable data.
        _u("TH-SLDTBXH", "Sở Lao động - Thương binh và Xã hội", AGY, "province", "Sở LĐ-TB&XH",
           ["Sở LĐTBXH"], valid_to=datetime.date(2025, 2, 28)),
        _u("TH-SNV", "Sở Nội vụ", AGY, "province"),
        _u("TH-HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", ORG, "province", "Hội LHPN tỉnh"),
        _u("TH-BVSTBPN", "Ban Vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa", CMT, "province", "Ban VSTBPN tỉnh",
           ["Ban VSTBPN Tỉnh", "BanVSTBPN Tỉnh"]),
        BIM_SON_2017,
        _u("TH-PBIMSON", "Ủy ban nhân dân phường Bỉm Sơn", ADM, "commune", "phường Bỉm Sơn",
           ["UBND phường Bỉm Sơn"], "phường", valid_from=REFORM),
        _u("TH-PQUANGTRUNG", "Ủy ban nhân dân phường Quang Trung", ADM, "commune", "phường Quang Trung",
           ["UBND phường Quang Trung"], "phường", valid_from=REFORM),
    ],
)

DEMO_PASSWORD = "binhdang2017"

# (username, full name, job title, unit code, role, scope code or None, is head)
USERS = [
    ("admin", "Quản trị hệ thống", "Quản trị viên", "TH", "administrator", None, False),
    ("tinh", "Lê Văn Tỉnh", "Chuyên viên Ban VSTBPN tỉnh", "TH-BVSTBPN", "coordinator", "TH", False),
    ("ldtbxh", "Nguyễn Thị Hạnh", "Chuyên viên Phòng LĐ-TB&XH", "TH-BS-LDTBXH", "coordinator", "TH-BS", False),
    ("lanhdao", "Trần Văn Bình", "Phó Chủ tịch UBND thị xã", "TH-BS", "viewer", None, True),
    ("hoilhpn", "Phạm Thị Lan", "Chủ tịch Hội LHPN thị xã", "TH-BS-HLHPN", "reporter", None, True),
    ("badinh", "Đỗ Thị Mai", "Công chức LĐ-TB&XH phường Ba Đình", "TH-BS-BADINH", "reporter", None, False),
    ("lamson", "Hoàng Văn Sơn", "Công chức LĐ-TB&XH phường Lam Sơn", "TH-BS-LAMSON", "reporter", None, False),
]
# Every other agency, organisation and commune of the town gets one reporter, so the
# reporting cycle has someone to submit for each unit: username = lower-case code suffix.
