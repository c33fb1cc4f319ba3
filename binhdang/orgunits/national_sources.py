"""The two eras of Vietnam's administrative map, read from the packaged GSO lists.

`vietnamadminunits` (MIT) carries the legacy list (63 provinces, 696 districts, 10,035
communes), the list from 1/7/2025 (34 provinces, 3,321 communes) and the old→new mapping
with the divided communes. `vietnam-provinces` carries the 2025 list again: each new unit is
checked against it and every difference is reported, never silently resolved.
Nothing here touches the database.
"""

import functools
import json
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Place:
    """One unit of one era as the sources give it."""

    code: str
    name: str
    level: str  # province | district | commune
    title: str  # "tỉnh", "huyện", "phường"…
    parent_code: str
    key: str  # the package's folded key: "tinhthanhhoa_thixabimson_phuongbadinh"
    area_km2: float | None = None


@dataclass
class Sources:
    legacy_provinces: dict[str, Place] = field(default_factory=dict)
    legacy_districts: dict[str, Place] = field(default_factory=dict)
    legacy_communes: dict[str, Place] = field(default_factory=dict)
    # Districts with no commune level (islands such as huyện Bạch Long Vĩ): their key ends in "_".
    island_districts: dict[str, Place] = field(default_factory=dict)
    new_provinces: dict[str, Place] = field(default_factory=dict)
    new_communes: dict[str, Place] = field(default_factory=dict)
    # new province code → old province codes
    province_map: dict[str, list[str]] = field(default_factory=dict)
    # new commune code → old codes that went into it whole (communes, or island districts)
    whole: dict[str, list[str]] = field(default_factory=dict)
    # old commune code → new commune codes that each got a part
    divided: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    spelling_variants: int = 0


_TITLES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "huyện", "quận", "phường", "tỉnh", "xã")


def _title(full_name: str, short: str = "") -> str:
    """"Thị xã Bỉm Sơn" → "thị xã"; by the name's first words (some short names repeat them)."""
    lowered = full_name.lower()
    return next((t for t in _TITLES if lowered.startswith(t + " ")), "")


def place_name(place: "Place") -> str:
    """The name without its title: "Thị xã Bỉm Sơn" → "Bỉm Sơn"."""
    return place.name[len(place.title):].strip() if place.title else place.name


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def read_sources(*, provinces: set[str] | None = None) -> Sources:
    """Both eras and the mapping; `provinces` (new-era province codes) limits the read.

    Read once per process (the packaged files do not change while it runs).
    """
    return _read_sources(frozenset(provinces) if provinces is not None else None)


@functools.lru_cache(maxsize=4)
def _read_sources(provinces: frozenset[str] | None) -> Sources:
    data_dir = _package_dir("vietnamadminunits") / "data"
    out = Sources(versions={
        "vietnamadminunits": _version("vietnamadminunits"),
        "vietnam-provinces": _version("vietnam-provinces"),
    })
    with sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        legacy = conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort,"
            " districtCode, districtKey, ward, wardShort, wardCode, wardKey FROM admin_units_legacy"
        ).fetchall()
        new = conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, ward, wardShort, wardCode,"
            " wardKey, wardAreaKm2 FROM admin_units"
        ).fetchall()
    with open(data_dir / "converter_2025.json", encoding="utf-8") as handle:
        converter = json.load(handle)

    new_prov_by_key: dict[str, str] = {}
    new_by_key: dict[tuple[str, str], str] = {}
    for row in new:
        pcode = row["provinceCode"]
        new_prov_by_key[row["provinceKey"]] = pcode
        if provinces is not None and pcode not in provinces:
            continue
        out.new_provinces.setdefault(pcode, Place(
            pcode, row["province"], "province", _title(row["province"], row["provinceShort"]), "",
            row["provinceKey"],
        ))
        if (row["provinceKey"], row["wardKey"]) in new_by_key:
            out.conflicts.append(f"vietnamadminunits: khóa xã mới trùng {row['provinceKey']}/{row['wardKey']}")
        new_by_key[(row["provinceKey"], row["wardKey"])] = row["wardCode"]
        out.new_communes[row["wardCode"]] = Place(
            row["wardCode"], row["ward"], "commune", _title(row["ward"], row["wardShort"]), pcode,
            row["wardKey"], row["wardAreaKm2"],
        )

    old_prov_by_key = {row["provinceKey"]: row["provinceCode"] for row in legacy}
    wanted_old: set[str] | None = None
    if provinces is not None:
        wanted_old = set()
        for new_key, old_keys in converter["DICT_PROVINCE"].items():
            if new_prov_by_key.get(new_key) in provinces:
                wanted_old.update(old_prov_by_key[k] for k in old_keys)
    old_by_key: dict[str, str] = {}
    for row in legacy:
        pcode = row["provinceCode"]
        if wanted_old is not None and pcode not in wanted_old:
            continue
        out.legacy_provinces.setdefault(pcode, Place(
            pcode, row["province"], "province", _title(row["province"], row["provinceShort"]), "",
            row["provinceKey"],
        ))
        district = Place(
            row["districtCode"], row["district"], "district",
            _title(row["district"], row["districtShort"]), pcode, row["districtKey"],
        )
        out.legacy_districts.setdefault(row["districtCode"], district)
        full_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if not row["wardCode"]:
            out.island_districts[row["districtCode"]] = district
            old_by_key[full_key] = row["districtCode"]
            continue
        if full_key in old_by_key:
            out.conflicts.append(f"vietnamadminunits: khóa xã cũ trùng {full_key}")
        old_by_key[full_key] = row["wardCode"]
        out.legacy_communes[row["wardCode"]] = Place(
            row["wardCode"], row["ward"], "commune", _title(row["ward"], row["wardShort"]),
            row["districtCode"], full_key,
        )

    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        new_code = new_prov_by_key.get(new_key)
        if new_code is None:
            out.unresolved.append(f"Tỉnh mới “{new_key}” trong bảng chuyển đổi không có trong danh sách 2025")
            continue
        if new_code in out.new_provinces:
            out.province_map[new_code] = [old_prov_by_key[k] for k in old_keys]

    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        if new_prov_by_key.get(new_pkey) not in out.new_provinces:
            continue
        for ward_key, old_keys in wards.items():
            code = new_by_key.get((new_pkey, ward_key))
            if code is None:
                out.unresolved.append(f"Xã mới “{new_pkey}/{ward_key}” trong bảng chuyển đổi không có mã 2025")
                continue
            for old_key in old_keys:
                old_code = old_by_key.get(old_key)
                if old_code is None:
                    out.unresolved.append(f"Xã cũ “{old_key}” (vào {code}) không có trong danh sách cũ")
                    continue
                out.whole.setdefault(code, []).append(old_code)
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        if new_prov_by_key.get(new_pkey) not in out.new_provinces:
            continue
        for old_key, parts in olds.items():
            old_code = old_by_key.get(old_key)
            if old_code is None:
                out.unresolved.append(f"Xã cũ bị chia “{old_key}” không có trong danh sách cũ")
                continue
            for part in parts:
                code = new_by_key.get((new_pkey, part["newWardKey"]))
                if code is None:
                    out.unresolved.append(
                        f"Phần của xã cũ {old_code} ({old_key}) sang “{part['newWardKey']}”: không có xã mới"
                        " mang khóa này trong danh sách 2025"
                    )
                    continue
                out.divided.setdefault(old_code, []).append(code)
    _cross_check(out, provinces)
    return out


# Old and new tone placement spell the same name: "Hoà" = "Hòa", "Thuỷ" = "Thủy".
_TONE_PLACEMENT = {
    f"{glide}{marked}": f"{mark_on_glide}{vowel}"
    for glide, glide_marks in (("o", "òóỏõọ"), ("u", "ùúủũụ"))
    for vowel, vowel_marks in (("a", "àáảãạ"), ("e", "èéẻẽẹ"), ("y", "ỳýỷỹỵ"))
    for marked, mark_on_glide in zip(vowel_marks, glide_marks, strict=True)
    if (glide, vowel) in {("o", "a"), ("o", "e"), ("u", "y")}
}


def same_spelling(first: str, second: str) -> bool:
    def fold(name: str) -> str:
        text = unicodedata.normalize("NFC", name)
        for modern, classic in _TONE_PLACEMENT.items():
            text = text.replace(modern, classic)
        return text

    return fold(first) == fold(second)


def _cross_check(out: Sources, provinces: frozenset[str] | None) -> None:
    """The 2025 list of `vietnam-provinces` against that of `vietnamadminunits`.

    Names that differ only in tone placement ("Hoà"/"Hòa") are counted, not listed.
    """
    path = _package_dir("vietnam_provinces") / "data" / "flat-divisions.json"
    with open(path, encoding="utf-8") as handle:
        other = json.load(handle)
    theirs: dict[str, dict[str, str]] = {f"{int(w['code']):05d}": w for w in other}
    wanted = {p.name for p in out.new_provinces.values()}
    spelling_only = 0
    only_theirs: dict[tuple[str, str], str] = {}
    for code, ward in sorted(theirs.items()):
        mine = out.new_communes.get(code)
        province = out.new_provinces[mine.parent_code].name if mine else None
        if mine is None:
            if provinces is None or ward["province_name"] in wanted:
                only_theirs[(ward["province_name"], ward["name"].strip())] = code
            continue
        if ward["name"] != mine.name:
            if same_spelling(ward["name"], mine.name):
                spelling_only += 1
            else:
                out.conflicts.append(
                    f"{code}: “{mine.name}” (vietnamadminunits) nhưng “{ward['name']}” (vietnam-provinces),"
                    f" {province}"
                )
        if ward["province_name"] != province and not same_spelling(ward["province_name"], province or ""):
            out.conflicts.append(
                f"{code} {mine.name}: thuộc “{province}” (vietnamadminunits) nhưng"
                f" “{ward['province_name']}” (vietnam-provinces)"
            )
    for code in sorted(set(out.new_communes) - set(theirs)):
        place = out.new_communes[code]
        key = (out.new_provinces[place.parent_code].name, place.name)
        other_code = only_theirs.pop(key, None)
        if other_code:
            out.conflicts.append(
                f"“{place.name}” ({key[0]}): mã {code} (vietnamadminunits) nhưng {other_code} (vietnam-provinces)"
            )
        else:
            out.conflicts.append(
                f"{code} “{place.name}” ({key[0]}): mã có trong vietnamadminunits, không có trong vietnam-provinces"
            )
    for (province_name, name), code in sorted(only_theirs.items()):
        out.conflicts.append(
            f"{code} “{name}” ({province_name}): mã có trong vietnam-provinces, không có trong vietnamadminunits"
        )
    out.spelling_variants = spelling_only
