"""The agency matcher: canonical names from the data table, tolerant matching, extra tables."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from binhdang.documents.parsing import Agency, AgencyMatcher, default_matcher, parse_text

from .helpers import SEED_TXT


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Phòng LĐ-TB&XH", "Phòng Lao động - Thương binh và Xã hội"),
        ("LĐTBXH", "Phòng Lao động - Thương binh và Xã hội"),
        ("phòng Lao động, Thương binh và Xã hội", "Phòng Lao động - Thương binh và Xã hội"),
        ("Phong Lao dong - Thuong binh va Xa hoi", "Phòng Lao động - Thương binh và Xã hội"),
        ("Hội LHPN", "Hội Liên hiệp Phụ nữ"),
        ("Hội Liên hiệp phụ nữ Thị xã", "Hội Liên hiệp Phụ nữ"),
        ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
        ("Phòng Tài chính-KH", "Phòng Tài chính - Kế hoạch"),
        ("Đài TT-TH", "Đài Truyền thanh - Truyền hình"),
        ("Đài Truyền thanh - TH", "Đài Truyền thanh - Truyền hình"),
        ("GD & ĐT", "Phòng Giáo dục và Đào tạo"),
        ("Văn hóa&TT", "Phòng Văn hóa và Thông tin"),
        ("Công an thị xã", "Công an"),
        ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
        ("Ủy ban MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
        ("UBMTTQTX", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
        ("Ban VSTBPN", "Ban Vì sự tiến bộ của phụ nữ"),
        ("Ban BĐG&VSTBPN", "Ban Vì sự tiến bộ của phụ nữ"),
        ("BanVSTBPN Tỉnh", "Ban Vì sự tiến bộ của phụ nữ tỉnh"),
        ("UBND các xã, phường", "Ủy ban nhân dân các xã, phường"),
        ("các đơn vị", "Các cơ quan, đơn vị"),
        ("các sở, ban, ngành", "Các phòng, ban, ngành"),
        ("các đoàn thể", "Các đoàn thể chính trị - xã hội"),
    ],
)
def test_aliases(written: str, canonical: str) -> None:
    agency = default_matcher().lookup(written)
    assert agency is not None and agency.name == canonical


def test_level_decides_between_phong_and_so() -> None:
    assert default_matcher("district").lookup("LĐTBXH").name == "Phòng Lao động - Thương binh và Xã hội"
    assert default_matcher("province").lookup("LĐTBXH").name == "Sở Lao động - Thương binh và Xã hội"
    assert default_matcher("province").lookup("Công an").name == "Công an tỉnh"


def test_group_entries_carry_expansion_hints() -> None:
    agency = default_matcher().lookup("UBND các xã, phường")
    assert agency.group and agency.expands == {"kinds": ["administrative"], "level": "commune"}


def test_unknown_names_are_not_matched() -> None:
    assert default_matcher().lookup("Trung tâm Y tế thị xã") is None
    assert default_matcher().find("Bộ Quốc phòng và Ngân hàng Chính sách") == []


def test_an_extra_table_from_the_caller() -> None:
    extra = [{"name": "Trung tâm Y tế thị xã Bỉm Sơn", "aliases": ["TTYT", "Trung tâm Y tế"]}]
    matcher = AgencyMatcher(extra=extra)
    assert matcher.lookup("TTYT").name == "Trung tâm Y tế thị xã Bỉm Sơn"
    assert matcher.lookup("Hội LHPN").name == "Hội Liên hiệp Phụ nữ"
    text = SEED_TXT.read_text(encoding="utf-8").replace("4. Phòng Nội vụ", "4. Trung tâm Y tế")
    plan = parse_text(text, extra_agencies=extra).to_json_dict()
    assert next(t for t in plan["tasks"] if t["id"] == "III.4")["lead"] == ["Trung tâm Y tế thị xã Bỉm Sơn"]
    plain = parse_text(text).to_json_dict()
    assert next(t for t in plain["tasks"] if t["id"] == "III.4")["lead"] == ["Trung tâm Y tế"]
    assert plain["unmatched"] == ["Trung tâm Y tế"]


def test_agency_objects_and_dicts_both_work() -> None:
    matcher = AgencyMatcher([Agency("Phòng Dân tộc", ("PDT",))])
    assert matcher.lookup("PDT").name == "Phòng Dân tộc"
    assert matcher.lookup("Hội LHPN") is None


def test_table_is_valid_data() -> None:
    raw = json.loads(resources.files("binhdang.documents.parsing").joinpath("data/agencies.json").read_text("utf-8"))
    names = [a["name"] for a in raw["agencies"]]
    for a in raw["agencies"]:
        assert a["aliases"], a["name"]
        if a.get("group"):
            assert a.get("expands"), a["name"]
    required = ["Phòng Lao động - Thương binh và Xã hội", "Hội Liên hiệp Phụ nữ", "Phòng Tài chính - Kế hoạch",
                "Phòng Nội vụ", "Phòng Y tế", "Phòng Tư pháp", "Phòng Kinh tế", "Đài Truyền thanh - Truyền hình",
                "Phòng Giáo dục và Đào tạo", "Phòng Văn hóa và Thông tin", "Công an",
                "Ủy ban Mặt trận Tổ quốc Việt Nam", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Hội Nông dân",
                "Hội Cựu chiến binh", "Liên đoàn Lao động", "Ban Vì sự tiến bộ của phụ nữ",
                "Ban Vì sự tiến bộ của phụ nữ tỉnh", "Ủy ban nhân dân các xã, phường", "Các cơ quan, đơn vị",
                "Các phòng, ban, ngành", "Các đoàn thể chính trị - xã hội", "Sở Y tế"]
    assert not set(required) - set(names)
