"""The real documents (corpus/real/, as legal-document websites store them): recall on each half,
no refusal of a document with a Số line, and the layouts they showed, each on a text written here
(never a copy of a test-half document)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from binhdang.documents.parsing import parse_file, parse_text
from binhdang.documents.parsing.ocr import renumber_parts
from binhdang.documents.parsing.web import web_text

from .corpus_files import CORPUS, corpus_docs, variants
from .corpus_score import false_deadlines, score

REAL = corpus_docs(written=False)
# Floors a change may not fall below; bench/parse_quality.py prints the figures (README).
FLOORS = {("dev", "txt"): 0.97, ("dev", "docx"): 0.95, ("test", "txt"): 0.90, ("test", "docx"): 0.85}


def test_the_corpus_is_real_dated_split_and_sourced() -> None:
    raw = json.loads((CORPUS / "real" / "facts.json").read_text("utf-8"))
    assert raw["_split"]["date"] == "2026-12-07"
    files = {p.name for p in (CORPUS / "real").glob("*.txt")}
    assert files == {k for k in raw if not k.startswith("_")}
    documents = {f["doc"]: f for f in raw.values() if isinstance(f, dict) and "doc" in f}
    assert len(documents) >= 39
    assert all(f["source"].startswith("http") for f in REAL.values())
    # One document's renderings are never split across the halves.
    for doc in documents:
        assert len({f["split"] for f in REAL.values() if f["doc"] == doc}) == 1
    halves = {s: {f["doc"] for f in REAL.values() if f["split"] == s} for s in ("dev", "test")}
    assert min(len(h) for h in halves.values()) >= 18 and not halves["dev"] & halves["test"]
    eras = {f["date"] >= "2025-07-01" for f in REAL.values() if f.get("date")}
    assert eras == {True, False}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("real")
    return {name: variants(name, out, ("txt", "docx")) for name in REAL}


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_recall_on_each_half_and_no_refusal_of_a_numbered_document(files: dict[str, dict[str, Path]], fmt: str) -> None:
    held = {"dev": [0, 0], "test": [0, 0]}
    wrong: list[str] = []
    for name, facts in REAL.items():
        if facts["kind"] == "ocr":
            continue  # a scan's OCR without a readable Số line: it may be refused
        plan = parse_file(files[name][fmt]).to_json_dict()  # raises if refused
        for _field, _fact, ok in score(plan, facts):
            held[facts["split"]][0] += ok
            held[facts["split"]][1] += 1
        wrong += [f"{name}: {d}" for d in false_deadlines(plan, facts)]
    for split, (good, total) in held.items():
        assert good / total >= FLOORS[(split, fmt)], (split, fmt, good, total)
    assert wrong == []


def doc(text: str) -> dict:
    return parse_text(text).to_json_dict()


def test_a_header_as_table_rows_after_the_page_s_own_lines() -> None:
    plan = doc("Hệ thống pháp luật\n- 1Luật Bình đẳng giới 2006\n- 2Nghị định 70/2008/NĐ-CP\n"
               "BỘ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
               "Số: 210/BYT-TCCB | Hà Nội, ngày 5 tháng 1 năm 2026 |\n"
               "Kính gửi: | - Sở Y tế các tỉnh, thành phố; |\n"
               "Thực hiện Quyết định số 1790/QĐ-TTg ngày 23/10/2021 của Thủ tướng Chính phủ, Bộ Y tế đề nghị:\n"
               "1. Xây dựng kế hoạch truyền thông.\n")
    d = plan["document"]
    assert (d["number"], d["type"], d["date"], d["place"], d["issuer"]) == (
        "210/BYT-TCCB", "CV", "2026-01-05", "Hà Nội", "Bộ y tế")
    assert [c["number"] for c in plan["legal_basis"]] == ["1790/QĐ-TTg"]  # not the page's related list


def test_a_number_row_with_its_place_and_a_bare_people_s_committee() -> None:
    plan = doc("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
               "Số: 41/KH-UBND | Cà Mau, ngày 2 tháng 3 năm 2019 |\n"
               "Căn cứ Quyết định số 1696/QĐ-TTg ngày 02/10/2015 của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch:\n"
               "I. MỤC ĐÍCH\n")
    d = plan["document"]
    assert (d["number"], d["place"], d["type"], d["date"]) == ("41/KH-UBND", "Cà Mau", "KH", "2019-03-02")
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Cà Mau"


def test_cells_broken_over_lines_a_split_issuer_and_a_number_below_so() -> None:
    plan = doc("ỦY\nBAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "Độc lập - Tự do - Hạnh phúc\n|\nSố:\n305/KH-UBND\n|\nĐắk Nông,\nngày 8 tháng 6 năm 2022\n|\n"
               "KẾ HOẠCH\nTruyền thông về bình đẳng giới\nCăn cứ Quyết định số\n1790/QĐ-TTg ngày 23/10/2021 "
               "của Thủ tướng Chính phủ;\nI. MỤC ĐÍCH\n")
    d = plan["document"]
    assert (d["issuer"], d["number"], d["date"], d["place"]) == (
        "Ủy ban nhân dân tỉnh Đắk Nông", "305/KH-UBND", "2022-06-08", "Đắk Nông")
    assert [(c["number"], c["date"]) for c in plan["legal_basis"]] == [("1790/QĐ-TTg", "2021-10-23")]


def test_a_decision_s_articles_name_its_units_with_their_level() -> None:
    plan = doc("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH YÊN BÁI\n"
               "Số: 88/QĐ-UBND\tYên Bái, ngày 3 tháng 2 năm 2023\nQUYẾT ĐỊNH\nBan hành Kế hoạch\n"
               "ỦY BAN NHÂN DÂN TỈNH YÊN BÁI\nQUYẾT ĐỊNH:\n"
               "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch bình đẳng giới năm 2023.\n"
               "Điều 2.\nGiao Giám đốc Sở Y tế chủ trì, phối hợp với Thủ trưởng các sở, ban, ngành tỉnh có liên quan "
               "và Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố triển khai thực hiện Quyết định này.\n"
               "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Lao động\n- Thương binh và Xã hội; Thủ trưởng các "
               "sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường chịu trách nhiệm thi hành Quyết định này./.\n"
               "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
               "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thị Lan\nKẾ HOẠCH\nBình đẳng giới năm 2023\n")
    units = {u["name"]: (u["level"], u["collective"]) for u in plan["units"]}
    assert units["Sở Y tế"] == ("province", False)
    assert units["Văn phòng Ủy ban nhân dân tỉnh"] == ("province", False)
    assert units["Sở Lao động - Thương binh và Xã hội"] == ("province", False)
    assert units["các sở, ban, ngành tỉnh"] == ("province", True)
    assert units["Ủy ban nhân dân các huyện, thị xã, thành phố"] == ("district", True)
    assert units["Ủy ban nhân dân các xã, phường"] == ("commune", True)
    task = next(t for t in plan["tasks"] if t["id"] == "Đ2")
    assert task["lead"] == ["Sở Y tế"]
    assert task["coordinating"] == ["các sở, ban, ngành tỉnh có liên quan", "Ủy ban nhân dân các huyện, thị xã, thành phố"]
    # The decision's signer, not the title of the plan attached after the signature.
    assert plan["signer"] == {"name": "Nguyễn Thị Lan", "title": "Phó Chủ tịch", "authority": "KT.",
                              "on_behalf_of": "Chủ tịch"}


def test_a_signature_block_as_a_table_and_a_title_glued_to_the_name() -> None:
    plan = doc("BỘ TƯ PHÁP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 9/QĐ-BTP | Hà Nội, ngày 1 tháng 2 năm 2012 |\n"
               "QUYẾT ĐỊNH\nPhê duyệt kế hoạch\nĐiều 1. Phê duyệt Kế hoạch.\n"
               "Điều 2. Chánh Văn phòng Bộ, Vụ trưởng Vụ Tổ chức cán bộ chịu trách nhiệm thi hành Quyết định này./.\n"
               "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n|\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNGTrần Văn Minh\n|\n")
    assert plan["signer"]["name"] == "Trần Văn Minh" and plan["signer"]["title"] == "Thứ trưởng"
    assert {u["name"]: u["level"] for u in plan["units"]} == {"Văn phòng Bộ": "central", "Vụ Tổ chức cán bộ": "central"}
    assert [r["text"] for r in plan["recipients"]] == ["Như Điều 2", "Lưu: VT"]


def test_a_cong_van_cited_by_number_is_legal_basis() -> None:
    plan = doc("SỞ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 31/SNV-BĐG\tHuế, ngày 4 tháng 3 năm 2025\n"
               "V/v bình đẳng giới\nCăn cứ văn bản số 129/LĐTBXH-BĐG ngày 17/01/2022 của Bộ Lao động - Thương binh "
               "và Xã hội, Sở Nội vụ đề nghị:\n1. Xây dựng kế hoạch.\n")
    assert [(c["number"], c["date"]) for c in plan["legal_basis"]] == [("129/LĐTBXH-BĐG", "2022-01-17")]


def test_months_quarters_periods_and_cut_offs_are_not_deadlines() -> None:
    plan = doc("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "Số: 15/KH-UBND                 Tân Phú, ngày 10 tháng 2 năm 2026\nKẾ HOẠCH\nBình đẳng giới năm 2026\n"
               "I. NHIỆM VỤ\n| STT | Nội dung | Chủ trì | Phối hợp | Thời gian |\n"
               "| 1 | Truyền thông về bình đẳng giới | Hội Liên hiệp Phụ nữ xã | Công an xã | Tháng 3 và tháng 10/2026 |\n"
               "| 2 | Tập huấn cho cán bộ thôn | Phòng Văn hóa - Xã hội | Quý II/2026 |\n"
               "| 3 | Tháng hành động vì bình đẳng giới | Hội Liên hiệp Phụ nữ xã | Đoàn Thanh niên | Từ 15/11 đến 15/12/2026 |\n"
               "| 4 | Báo cáo kết quả, số liệu tính đến ngày 15/6/2026 | Phòng Văn hóa - Xã hội | | Trước 20/6/2026 |\n")
    tasks = {t["id"]: t for t in plan["tasks"]}
    assert [d["date"] for t in tasks.values() for d in t["due"]] == ["2026-06-20"]
    assert [(m["kind"], m["date"]) for m in tasks["I.1"]["times"]] == [("month", "2026-03-31"), ("month", "2026-10-31")]
    assert [(m["kind"], m["date"]) for m in tasks["I.2"]["times"]] == [("quarter", "2026-06-30")]
    assert tasks["I.2"]["coordinating"] == []  # the quarter slid into 'Phối hợp': it is no agency
    assert [(m["kind"], m["from"], m["date"]) for m in tasks["I.3"]["times"]] == [("period", "2026-11-15", "2026-12-15")]
    assert [(m["kind"], m["date"]) for m in tasks["I.4"]["times"]] == [("cutoff", "2026-06-15")]
    # In a commune's plan, "Công an" and "Hội Liên hiệp Phụ nữ" are the commune's.
    levels = {u["name"]: u["level"] for u in plan["units"]}
    assert levels["Công an"] == "commune" and levels["Hội Liên hiệp Phụ nữ"] == "commune"


def test_the_page_s_attribute_table_fills_what_the_header_lacks() -> None:
    text = ("thuộc tính Kế hoạch 7/KH-UBND\nSố hiệu: | 7/KH-UBND | Loại văn bản: | Kế hoạch |\n"
            "Ngày ban hành: | 12/10/2023 | Người ký: | Lê Văn A |\n"
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI __________ Số: 7/KH-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
            "Độc lập – Tự do – Hạnh phúc __________\n")
    web = web_text(text)
    assert web.attributes["ngay ban hanh"] == "12/10/2023" and web.chrome_lines == 3
    d = parse_text(text).to_json_dict()["document"]
    assert (d["number"], d["type"], d["date"], d["issuer"]) == (
        "7/KH-UBND", "KH", "2023-10-12", "Ủy ban nhân dân thành phố Hà Nội")


def test_ocr_part_numbers_are_put_back_in_order() -> None:
    text = "I. MỤC ĐÍCH\nnội dung\nIIL NỘI DUNG\n1. Việc\nII. TỔ CHỨC THỰC HIỆN\n"
    assert renumber_parts(text).splitlines()[2::2] == ["II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]


def test_rows_under_a_merged_lead_cell_keep_its_lead() -> None:
    plan = doc("ỦY BAN NHÂN DÂN HUYỆN AN PHÚ    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "Số: 3/KH-UBND                   An Phú, ngày 1 tháng 2 năm 2024\nKẾ HOẠCH\nBình đẳng giới\nI. NHIỆM VỤ\n"
               "| STT | Nội dung | Chủ trì | Phối hợp | Thời gian |\n"
               "| 1 | Truyền thông trên loa | Phòng Văn hóa và Thông tin | Các xã | Hằng tháng |\n"
               "| 2 | Tọa đàm với phụ nữ |  | Hội Liên hiệp Phụ nữ | Trước 30/6/2024 |\n"
               "| 3 | Tập huấn | Phòng Lao động - Thương binh và Xã hội | | Quý III/2024 |\n")
    assert [(t["id"], t["lead"]) for t in plan["tasks"]] == [
        ("I.1", ["Phòng Văn hóa và Thông tin"]), ("I.2", ["Phòng Văn hóa và Thông tin"]),
        ("I.3", ["Phòng Lao động - Thương binh và Xã hội"])]
