"""The validation report of `units load-national`, as lines for a person to read."""

from typing import Any

from binhdang.core.cli import wants_english


def report_lines(report: dict[str, Any]) -> list[str]:
    """Vietnamese (English with LANGUAGE=en) lines: figures first, then every open item."""
    en = wants_english()
    v = report["validation"]
    legacy, new = report["legacy"], report["new"]

    def t(vi: str, eng: str) -> str:
        return eng if en else vi

    lines = [
        t("Nguồn: ", "Sources: ") + ", ".join(f"{k} {val}" for k, val in report["sources"].items()),
        t(f"Trước 01/7/2025: {legacy['provinces']} tỉnh, {legacy['districts']} huyện, {legacy['communes']} xã",
          f"Before 1/7/2025: {legacy['provinces']} provinces, {legacy['districts']} districts, "
          f"{legacy['communes']} communes")
        + t(f" (và {v['old_island_districts']} huyện đảo không có cấp xã).",
            f" (and {v['old_island_districts']} island districts without communes)."),
        t(f"Từ 01/7/2025: {new['provinces']} tỉnh, {new['communes']} xã.",
          f"From 1/7/2025: {new['provinces']} provinces, {new['communes']} communes."),
        t("Đã tạo: ", "Created: ") + (", ".join(f"{k} {n}" for k, n in report["created"].items() if n)
                                       or t("không có (đã nạp từ trước)", "nothing (already loaded)")),
        t("Sự kiện: ", "Events: ") + ", ".join(f"{k} {n}" for k, n in sorted(report["events"].items()))
        + t(f" (mới tạo {sum(report['events_created'].values())})",
            f" ({sum(report['events_created'].values())} new)"),
        t(f"Xã cũ có nơi kế thừa: {v['accounted']}/{v['old_communes'] + v['old_island_districts']}; "
          f"không có: {len(v['not_accounted'])}; có hai nơi kế thừa toàn phần: {len(v['accounted_twice'])}.",
          f"Old communes accounted for: {v['accounted']}/{v['old_communes'] + v['old_island_districts']}; "
          f"missing: {len(v['not_accounted'])}; wholly in two successors: {len(v['accounted_twice'])}."),
        t(f"Xã cũ bị chia: {v['splits']} ({_parts(v['split_parts'], en)}); tỷ trọng cộng khác 1: "
          f"{len(v['split_weights_not_one'])}; {report['estimated_weights']} tỷ trọng là ước tính "
          "(chia đều, chờ xác nhận).",
          f"Divided old communes: {v['splits']} ({_parts(v['split_parts'], en)}); weights not summing to 1: "
          f"{len(v['split_weights_not_one'])}; {report['estimated_weights']} weights are estimates "
          "(equal shares, to be confirmed)."),
        t(f"Xã mới không có nơi tiền thân: {len(v['new_without_predecessor'])}.",
          f"New communes without a predecessor: {len(v['new_without_predecessor'])}."),
        t(f"Khác biệt giữa hai nguồn: {len(report['conflicts'])} (và {report['spelling_variants']} tên chỉ "
          "khác cách bỏ dấu).",
          f"Differences between the sources: {len(report['conflicts'])} (and {report['spelling_variants']} "
          "names differing only in tone placement)."),
        t(f"Chưa giải quyết, cần người quyết định: {len(report['unresolved'])}.",
          f"Unresolved, for a person to decide: {len(report['unresolved'])}."),
    ]
    for title_vi, title_en, items in (
        ("Xã cũ không có nơi kế thừa", "Old communes without a successor", v["not_accounted"]),
        ("Xã cũ vào hai nơi toàn phần", "Old communes wholly in two successors", v["accounted_twice"]),
        ("Xã mới không có nơi tiền thân", "New communes without a predecessor", v["new_without_predecessor"]),
        ("Chưa giải quyết", "Unresolved", report["unresolved"]),
        ("Khác biệt giữa hai nguồn (vietnamadminunits được dùng; cần người đối chiếu)",
         "Differences between the sources (vietnamadminunits is used; for a person to check)",
         report["conflicts"]),
    ):
        if items:
            lines.append(f"{t(title_vi, title_en)}:")
            lines.extend(f"  - {item}" for item in items)
    lines.append(t(f"Thời gian: {report['seconds']} giây.", f"Time: {report['seconds']} s."))
    return lines


def _parts(counter: dict[int, int], en: bool) -> str:
    word = "parts" if en else "phần"
    return ", ".join(f"{n} × {k} {word}" for k, n in sorted(counter.items()))
