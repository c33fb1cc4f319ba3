"""The corpus of realistic documents (corpus/, heldout/ never tuned on): recall of the facts a
reader takes, as text, DOCX and text PDF, and the document shapes it holds, one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from binhdang.documents.parsing import parse_file, parse_text

from .corpus_files import CORPUS, corpus_docs, variants
from .corpus_score import score

DOCS = corpus_docs(real=False)
# Floors a change may not fall below (bench/parse_quality.py prints the figures themselves).
FLOORS = {("tune", "txt"): 0.98, ("tune", "docx"): 0.98, ("tune", "pdf"): 0.95,
          ("heldout", "txt"): 0.95, ("heldout", "docx"): 0.95, ("heldout", "pdf"): 0.90}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("corpus")
    return {name: variants(name, out) for name in DOCS}


def test_the_corpus_has_every_kind_and_a_held_out_part() -> None:
    kinds = {f["kind"] for f in DOCS.values()}
    assert kinds == {"cong_van", "qd_kh", "table", "layout", "provincial", "noisy"}
    assert len(DOCS) >= 15
    assert sum(1 for f in DOCS.values() if f["split"] == "heldout") == 5


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_recall_over_the_whole_corpus(files: dict[str, dict[str, Path]], fmt: str) -> None:
    held: dict[str, list[int]] = {"tune": [0, 0], "heldout": [0, 0]}
    for name, facts in DOCS.items():
        # Every document has a Số line: none may be refused.
        plan = parse_file(files[name][fmt]).to_json_dict()
        for _field, _fact, ok in score(plan, facts):
            held[facts["split"]][0] += ok
            held[facts["split"]][1] += 1
    for split, (good, total) in held.items():
        assert good / total >= FLOORS[(split, fmt)], (split, fmt, good, total)


def parse(name: str) -> dict:
    return parse_file(CORPUS / name).to_json_dict()


def task_with(plan: dict, words: str) -> dict:
    return next(t for t in plan["tasks"] if words in t["text"])


def test_a_cong_van_has_no_type_line_and_is_typed_cv() -> None:
    plan = parse("cv-so-noi-vu-thang-hanh-dong-2026.txt")
    doc = plan["document"]
    assert (doc["number"], doc["type"], doc["type_name"], doc["date"]) == ("1452/SNV-BĐG", "CV", "Công văn", "2026-09-18")
    assert (doc["issuer"], doc["parent_issuer"]) == ("Sở Nội vụ", "Ủy ban nhân dân tỉnh Thanh Hóa")
    assert doc["title"] == "hướng dẫn tổ chức Tháng hành động vì bình đẳng giới năm 2026"
    assert plan["addressees"] == ["Các phòng, ban, ngành", "Các đoàn thể chính trị - xã hội",
                                  "Ủy ban nhân dân các xã, phường"]
    assert plan["confidence"]["type"] == 0.75  # inferred from the Số and V/v lines
    # The contact paragraph at the end is not a task; the deadline of request 5 is found.
    assert [t["id"] for t in plan["tasks"]] == ["1", "2", "3", "4", "5"]
    assert plan["tasks"][4]["text"].startswith("Các cơ quan, đơn vị, địa phương báo cáo kết quả")
    assert [(d["date"], d["to"]) for d in plan["deadlines"]] == [("2026-12-22", "Sở Nội vụ")]
    assert plan["signer"] == {"name": "Nguyễn Văn Thắng", "title": "Phó Giám đốc", "authority": "KT.",
                              "on_behalf_of": "Giám đốc"}


def test_a_header_typed_as_a_table_row_is_read_not_refused() -> None:
    plan = parse("cv-bo-header-bang-2025.txt")
    doc = plan["document"]
    assert (doc["number"], doc["type"], doc["date"], doc["place"]) == ("5210/BNV-BĐG", "CV", "2025-10-03", "Hà Nội")
    assert doc["issuer"] == "Bộ nội vụ"
    assert [c["number"] for c in plan["legal_basis"]] == [None, "25/2025/NĐ-CP"]
    task = task_with(plan, "Đề cương")
    assert task["lead"] == ["Sở Nội vụ"]
    assert task["coordinating"] == ["Cục Thống kê tỉnh", "Các phòng, ban, ngành"]
    assert [r["text"] for r in plan["recipients"]] == ["Như trên", "Bộ trưởng", "Lưu: VT, Vụ BĐG"]
    assert plan["signer"]["name"] == "Nguyễn Thị Minh Nguyệt" and plan["signer"]["authority"] == "KT."


def test_any_document_with_a_so_line_parses_with_what_it_has() -> None:
    plan = parse_text("Số: 17/UBND-VP\nV/v họp giao ban\n\nĐề nghị các phòng, ban dự họp đầy đủ.\n").to_json_dict()
    assert (plan["document"]["number"], plan["document"]["type"]) == ("17/UBND-VP", "CV")
    assert plan["document"]["issuer"] is None and plan["document"]["date"] is None
    assert plan["confidence"]["issuer"] == 0.0 and plan["confidence"]["date"] == 0.0
    assert plan["confidence"]["number"] == 0.95


def test_a_decision_with_its_attached_plan() -> None:
    plan = parse("qd-ban-hanh-kh-huyen-2021.txt")
    assert (plan["document"]["type"], plan["document"]["number"]) == ("QĐ", "1120/QĐ-UBND")
    # The signer is the Chủ tịch who signed the QĐ; the tasks are those of the attached plan.
    assert plan["signer"] == {"name": "Đỗ Quang Lợi", "title": "Chủ tịch", "authority": None, "on_behalf_of": None}
    assert [r["text"] for r in plan["recipients"]][:2] == ["Như Điều 3", "Sở LĐ-TB&XH tỉnh"]
    assert [t["id"] for t in plan["tasks"]] == ["II.1", "II.2", "II.3", "II.4", "III.1", "III.2", "III.3"]
    assert task_with(plan, "mất cân bằng")["coordinating"] == ["Trung tâm Y tế huyện"]
    assert [c["number"] for c in plan["legal_basis"]] == [None, "28/NQ-CP", "64/KH-UBND"]
    assert [d["date"] for d in plan["deadlines"]] == ["2021-11-30"]


def test_an_assignment_table_whose_cells_break_over_lines() -> None:
    plan = parse("kh-bang-o-vo-dong-xa-2025.txt")
    rows = [(t["id"], t["lead"], t["coordinating"], [d["date"] for d in t["due"]]) for t in plan["tasks"]]
    assert rows == [
        ("II.1", ["Phòng Văn hóa - Xã hội"], ["Các thôn, tổ dân phố"], []),
        ("II.2", ["Hội Liên hiệp Phụ nữ"], ["Phòng Văn hóa - Xã hội", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"],
         []),
        ("II.3", ["Công an"], ["Trưởng thôn", "Tổ trưởng tổ dân phố"], ["2025-11-30"]),
        ("II.4", ["Ủy ban Mặt trận Tổ quốc Việt Nam"], ["Hội Liên hiệp Phụ nữ", "Hội Nông dân"], []),
    ]
    # "Quý IV/2025" and "Tháng 10/2025" say when, not by when (0392); "Trước ngày 30/11/2025" is a deadline.
    assert [(m["kind"], m["date"]) for t in plan["tasks"] for m in t["times"]] == [
        ("quarter", "2025-12-31"), ("month", "2025-10-31")]
    assert plan["tasks"][0]["text"] == "Tuyên truyền trên hệ thống loa truyền thanh của xã về phòng, chống bạo lực gia đình"
    assert plan["tasks"][0]["recurrence"][0]["freq"] == "monthly"


def test_the_same_table_from_docx_and_from_a_pdf_laid_out_by_columns(files: dict[str, dict[str, Path]]) -> None:
    name = "kh-bang-phan-cong-tinh-2026.txt"
    expected = [(t["lead"], t["coordinating"]) for t in parse(name)["tasks"] if t["section"] == "II"]
    assert expected[1] == (["Sở Văn hóa, Thể thao và Du lịch"],
                           ["Đài Phát thanh và Truyền hình tỉnh", "Hội Liên hiệp Phụ nữ"])
    assert len(expected) == 6
    for fmt in ("docx", "pdf"):
        plan = parse_file(files[name][fmt]).to_json_dict()
        assert [(t["lead"], t["coordinating"]) for t in plan["tasks"] if t["section"] == "II"] == expected, fmt


def test_provincial_and_post_reform_names() -> None:
    plan = parse("kh-tinh-quang-ninh-dac-khu-2026.txt")
    assert task_with(plan, "địa chỉ tin cậy")["lead"] == ["Ủy ban nhân dân đặc khu Vân Đồn", "Ủy ban nhân dân đặc khu Cô Tô"]
    assert task_with(plan, "đồng bào")["lead"] == ["Sở Dân tộc và Tôn giáo"]
    assert task_with(plan, "truyền thông trong tháng 11")["lead"] == ["Sở Văn hóa, Thể thao và Du lịch"]
    # A citation broken after "ngày" keeps its date; "trong tháng 11" is not a deadline.
    assert [(c["number"], c["date"]) for c in plan["legal_basis"]] == [("2232/QĐ-TTg", "2020-12-28"),
                                                                       ("14/KH-UBND", "2026-01-20")]
    assert [d["date"] for d in plan["deadlines"]] == ["2026-11-30"]
    village = parse("kh-xa-vung-cao-thon-ban-2026.txt")
    assert task_with(village, "hương ước")["lead"] == ["Các thôn, bản"]
    assert task_with(village, "niêm yết")["lead"] == ["Trung tâm Phục vụ hành chính công"]
    assert village["unmatched"] == []


def test_noisy_text_keeps_a_misprinted_date_and_a_signature_before_noi_nhan() -> None:
    plan = parse("kh-ocr-nhieu-2018.txt")
    assert plan["document"]["issuer"] == "Ủy ban nhân dân huyện Thiệu Hóa"
    assert {c["number"]: c["date"] for c in plan["legal_basis"]}["2351/QĐ-TTg"] == "2011-12-24"
    assert task_with(plan, "kien toan")["lead"] == ["Phòng Lao động - Thương binh và Xã hội"]
    # The sentence split by the page number "- 2 -" is one task.
    assert task_with(plan, "truyền thanh cơ sở")["text"].endswith("trên hệ thống truyền thanh cơ sở.")
    assert plan["signer"]["name"] == "Lê Văn Hải" and len(plan["recipients"]) == 4
