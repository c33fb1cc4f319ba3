"""Five more documents of the genre, in different layouts, each with the facts it must yield."""

from __future__ import annotations

from pathlib import Path

import pytest

from binhdang.documents.parsing import parse_file

from .helpers import SAMPLES, make_pdf


def parse(name: str) -> dict:
    return parse_file(SAMPLES / name).to_json_dict()


def tasks_of(plan: dict) -> dict[str, dict]:
    return {t["id"]: t for t in plan["tasks"]}


def test_commune_plan_after_the_2025_reform() -> None:
    plan = parse("kh-phuong-quang-trung-2026.txt")
    doc = plan["document"]
    assert doc["issuer"] == "Ủy ban nhân dân phường Quang Trung"
    assert doc["parent_issuer"] is None
    assert (doc["number"], doc["type"], doc["date"], doc["place"]) == ("15/KH-UBND", "KH", "2026-01-12", "Quang Trung")
    assert doc["title"] == "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ phường Quang Trung năm 2026"
    basis = {c["number"] or c["text"]: c for c in plan["legal_basis"]}
    assert basis["28/NQ-CP"]["issuer"] == "Chính phủ" and basis["28/NQ-CP"]["date"] == "2021-03-03"
    assert basis["210/SNV-CTTN&BĐG"]["date"] == "2026-01-05"
    assert any(c["text"].startswith("Luật Bình đẳng giới") and c["date"] == "2006-11-29" for c in plan["legal_basis"])
    # "Phần thứ nhất" is the purpose; "Phần thứ hai/ba" hold the tasks.
    assert [s["label"] for s in plan["sections"]] == ["P1", "P2", "P3"]
    assert plan["sections"][1]["title"] == "Nhiệm vụ và giải pháp"
    assert {p["label"] for p in plan["purpose"]} >= {"P1.1.a", "P1.1.b", "P1.2.a"}
    tasks = tasks_of(plan)
    assert list(tasks) == ["P2.I.1.a", "P2.I.1.b", "P2.I.2.a", "P2.I.2.b", "P2.II.1", "P2.II.2",
                           "P3.1.a", "P3.1.b", "P3.2", "P3.3"]
    assert tasks["P2.I.1.a"]["recurrence"][0]["freq"] == "quarterly"
    assert tasks["P2.I.2.b"]["recurrence"][0]["freq"] == "monthly"
    assert tasks["P2.I.2.a"]["lead"] == ["Phòng Văn hóa - Xã hội"]
    assert tasks["P2.I.2.a"]["coordinating"] == ["Hội Liên hiệp Phụ nữ"]
    # A quarter or a month is when a task happens, not a day it is due (0392): no reminder for it.
    assert tasks["P2.I.2.a"]["due"] == []
    assert tasks["P2.I.2.a"]["times"] == [{"kind": "quarter", "text": "Quý II/2026", "date": "2026-06-30", "from": None}]
    assert tasks["P2.II.1"]["due"][0]["date"] == "2026-03-31"  # "trước ngày 31/3/2026"
    assert tasks["P2.II.2"]["recurrence"][0]["freq"] == "semiannual"
    assert tasks["P3.1.b"]["lead"] == ["Phòng Văn hóa - Xã hội"] and tasks["P3.1.b"]["coordinating"] == ["Trạm Y tế"]
    assert tasks["P3.1.b"]["due"] == [] and [(m["kind"], m["date"]) for m in tasks["P3.1.b"]["times"]] == [
        ("month", "2026-11-30")]
    assert tasks["P3.2"]["lead"] == ["Ủy ban Mặt trận Tổ quốc Việt Nam", "Các đoàn thể chính trị - xã hội"]
    # The commune offices after the reform are in the table (Trung tâm Phục vụ hành chính công).
    assert tasks["P3.3"]["lead"] == ["Trung tâm Phục vụ hành chính công"]
    assert plan["unmatched"] == []
    assert [d["date"] for d in plan["deadlines"]] == ["2026-06-10", "2026-12-10"]
    assert {d["to"] for d in plan["deadlines"]} == {"Phòng Văn hóa - Xã hội"}
    assert [r["purpose"] for r in plan["recipients"]] == ["để báo cáo", "để thực hiện", None]
    assert plan["signer"] == {"name": "Lê Thị Hương", "title": "Chủ tịch", "authority": "TM.",
                              "on_behalf_of": "Ủy ban nhân dân"}


def _provincial_docx(path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    header = d.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "UBND TỈNH THANH HÓA\nSỞ NỘI VỤ\nSố: 120/KH-SNV"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nThanh Hóa, ngày 05 tháng 3 năm 2026"
    for text in [
        "KẾ HOẠCH",
        "Triển khai Chương trình truyền thông về bình đẳng giới trên địa bàn tỉnh năm 2026",
        "",
        "Căn cứ Quyết định số 1790/QĐ-TTg ngày 23/10/2021 của Thủ tướng Chính phủ phê duyệt Chương trình "
        "Truyền thông về bình đẳng giới đến năm 2030;",
        "Sở Nội vụ xây dựng Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nâng cao nhận thức về bình đẳng giới của cán bộ, công chức và nhân dân trên địa bàn tỉnh.",
        "II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN",
    ]:
        d.add_paragraph(text)
    rows = [
        ("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"),
        ("1", "Tổ chức Lễ mít tinh hưởng ứng Tháng hành động vì bình đẳng giới", "Sở Nội vụ", "Hội LHPN tỉnh, Tỉnh đoàn", "Tháng 11/2026"),
        ("2", "Tập huấn kỹ năng lồng ghép giới cho cán bộ", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2026"),
        ("3", "Tuyên truyền trên sóng phát thanh, truyền hình", "Đài PT&TH", "Sở Văn hóa, Thể thao và Du lịch", "Hằng quý"),
        ("4", "Lồng ghép giáo dục giới trong trường học", "Sở GD&ĐT", "Sở Y tế; Trung tâm Kiểm soát bệnh tật tỉnh", "Năm học 2026 - 2027"),
    ]
    table = d.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    d.add_paragraph("Các sở, ban, ngành báo cáo kết quả gửi về Sở Nội vụ trước ngày 05/12/2026 để tổng hợp./.")
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- UBND tỉnh (để báo cáo);\n- Các sở, ban, ngành (để thực hiện);\n- Lưu: VT, CTTN&BĐG."
    sign.cell(0, 1).text = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Thị Lan"
    d.save(str(path))


def test_provincial_plan_with_assignment_table_docx(tmp_path: Path) -> None:
    path = tmp_path / "kh-120-snv-2026.docx"
    _provincial_docx(path)
    plan = parse_file(path).to_json_dict()
    doc = plan["document"]
    assert doc["issuer"] == "Sở Nội vụ" and doc["parent_issuer"] == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert (doc["number"], doc["type"], doc["date"], doc["place"]) == ("120/KH-SNV", "KH", "2026-03-05", "Thanh Hóa")
    assert plan["legal_basis"][0]["number"] == "1790/QĐ-TTg"
    tasks = tasks_of(plan)
    assert list(tasks) == ["II.1", "II.2", "II.3", "II.4", "III"]
    assert tasks["III"]["lead"] == ["Các phòng, ban, ngành"]
    assert tasks["II.1"]["lead"] == ["Sở Nội vụ"]
    assert tasks["II.1"]["coordinating"] == ["Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"]
    assert tasks["II.1"]["due"] == [] and tasks["II.1"]["times"][0]["kind"] == "month"  # "Tháng 11/2026"
    assert tasks["II.2"]["due"] == [] and tasks["II.2"]["times"][0]["kind"] == "quarter"
    assert tasks["II.3"]["lead"] == ["Đài Phát thanh và Truyền hình tỉnh"]
    assert tasks["II.3"]["coordinating"] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert tasks["II.3"]["recurrence"][0]["freq"] == "quarterly"
    assert tasks["II.4"]["lead"] == ["Sở Giáo dục và Đào tạo"]
    assert tasks["II.4"]["coordinating"] == ["Sở Y tế", "Trung tâm Kiểm soát bệnh tật tỉnh"]
    assert plan["unmatched"] == ["Trung tâm Kiểm soát bệnh tật tỉnh"]
    assert plan["deadlines"][0]["date"] == "2026-12-05" and plan["deadlines"][0]["to"] == "Sở Nội vụ"
    assert [r["text"] for r in plan["recipients"]] == ["UBND tỉnh", "Các sở, ban, ngành", "Lưu: VT, CTTN&BĐG"]
    assert plan["signer"] == {"name": "Nguyễn Thị Lan", "title": "Phó Giám đốc", "authority": "KT.",
                              "on_behalf_of": "Giám đốc"}


def test_six_month_report() -> None:
    plan = parse("bc-6-thang-2018-ldtbxh.txt")
    doc = plan["document"]
    assert (doc["type"], doc["type_name"], doc["number"]) == ("BC", "Báo cáo", "45/BC-LĐTBXH")
    assert doc["issuer"] == "Phòng Lao động - Thương binh và Xã hội"
    assert doc["parent_issuer"] == "Ủy ban nhân dân thị xã Bỉm Sơn"
    assert doc["date"] == "2018-06-12"
    assert plan["legal_basis"][0]["number"] == "35/KH-UBND"
    assert plan["legal_basis"][0]["issuer"] == "Ủy ban nhân dân thị xã Bỉm Sơn"
    # Results (part I) and proposals (part III) are not tasks; the plan for the next half-year is.
    assert [t["id"] for t in plan["tasks"]] == ["II.a", "II.b", "II.c", "II.d"]
    tasks = tasks_of(plan)
    assert tasks["II.a"]["recurrence"] == [{"freq": "yearly", "month": 10, "day": 20, "text": "ngày Phụ nữ Việt Nam 20/10"}]
    assert tasks["II.a"]["coordinating"] == ["Hội Liên hiệp Phụ nữ"]
    assert tasks["II.b"]["due"] == [] and tasks["II.b"]["times"][0]["kind"] == "quarter"  # "trong Quý III/2018"
    assert tasks["II.d"]["due"][0]["date"] == "2018-12-15"
    numbers = [c["number"] for c in plan["references"]]
    assert "56/2012/TTLT-BTC-BLĐTBXH" in numbers
    assert "Luật Phòng, chống bạo lực gia đình" in [c["text"] for c in plan["references"]]
    assert plan["signer"] == {"name": "Trần Văn Hùng", "title": "Phó Trưởng phòng", "authority": "KT.",
                              "on_behalf_of": "Trưởng phòng"}


def test_official_letter_asking_for_reports() -> None:
    plan = parse("cv-bao-cao-bdg-2024.txt")
    doc = plan["document"]
    assert (doc["type"], doc["type_name"]) == ("CV", "Công văn")
    assert doc["number"] == "2145/SLĐTBXH-BĐG"
    assert doc["issuer"] == "Sở Lao động - Thương binh và Xã hội"
    assert doc["parent_issuer"] == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert doc["title"] == "báo cáo kết quả thực hiện công tác bình đẳng giới năm 2024"
    assert plan["legal_basis"][0]["number"] == "4512/LĐTBXH-BĐG"
    assert plan["legal_basis"][0]["issuer"] == "Bộ Lao động - Thương binh và Xã hội"
    assert plan["addressees"] == ["Các phòng, ban, ngành"]
    assert [t["id"] for t in plan["tasks"]] == ["1", "2", "3"]
    assert plan["deadlines"] == [{
        "date": "2024-12-10",
        "text": "gửi về Sở Lao động - Thương binh và Xã hội (qua Phòng Bình đẳng giới) trước ngày 10/12/2024",
        "what": "Báo cáo", "from": ["Các cơ quan, đơn vị"], "to": "Sở Lao động - Thương binh và Xã hội"}]
    assert plan["signer"]["name"] == "Lê Văn Bình" and plan["signer"]["authority"] == "KT."


def test_decision_issuing_a_plan() -> None:
    plan = parse("qd-ban-hanh-ke-hoach-2023.txt")
    doc = plan["document"]
    assert (doc["type"], doc["type_name"], doc["number"]) == ("QĐ", "Quyết định", "1250/QĐ-UBND")
    assert doc["issuer"] == "Ủy ban nhân dân huyện Hà Trung"
    assert doc["title"].startswith("Về việc ban hành Kế hoạch thực hiện công tác bình đẳng giới")
    texts = [c["text"] for c in plan["legal_basis"]]
    assert len(texts) == 4
    assert texts[1].startswith("Luật sửa đổi, bổ sung một số điều") and plan["legal_basis"][1]["date"] == "2019-11-22"
    assert plan["legal_basis"][3]["number"] == "48/2009/NĐ-CP"
    # The proposal cited under "Theo đề nghị" is neither a legal basis nor a reference.
    everything = str(plan["legal_basis"]) + str(plan["references"])
    assert "45/TTr-LĐTBXH" not in everything and "Tờ trình" not in everything
    tasks = tasks_of(plan)
    assert list(tasks) == ["Đ2"]
    assert tasks["Đ2"]["lead"] == ["Phòng Lao động - Thương binh và Xã hội"]
    assert tasks["Đ2"]["coordinating"] == ["Hội Liên hiệp Phụ nữ", "Phòng Tài chính - Kế hoạch", "Các cơ quan, đơn vị"]
    assert tasks["Đ2"]["due"][0]["date"] == "2023-12-15"
    assert plan["signer"] == {"name": "Phạm Văn Tuấn", "title": "Phó Chủ tịch", "authority": "KT.",
                              "on_behalf_of": "Chủ tịch"}
    assert next(r["text"] for r in plan["recipients"]) == "Như Điều 3"


PDF_PLAN = [
    "UY BAN NHAN DAN",
    "THI XA BIM SON",
    "So: 12/KH-UBND",
    "CONG HOA XA HOI CHU NGHIA VIET NAM",
    "Doc lap - Tu do - Hanh phuc",
    "Bim Son, ngay 05 thang 3 nam 2018",
    "KE HOACH",
    "To chuc cac hoat dong ky niem ngay Quoc te phu nu 8/3",
    "I. NOI DUNG",
    "1. Phong Lao dong - Thuong binh va Xa hoi",
    "- Chu tri, phoi hop voi Hoi LHPN thi xa to chuc mit tinh ky niem ngay Quoc te phu nu 8/3.",
    "- Tong hop ket qua, bao cao UBND thi xa truoc ngay 20/3/2018.",
    "2. Dai TT-TH thi xa",
    "Tuyen truyen tren song phat thanh hang tuan trong thang 3.",
    "Noi nhan:",
    "- Luu: VT.",
    "Mai Dinh Lam",
]


def test_text_pdf(tmp_path: Path) -> None:
    path = tmp_path / "kh-12-2018.pdf"
    path.write_bytes(make_pdf(PDF_PLAN))
    plan = parse_file(path).to_json_dict()
    assert plan["document"]["number"] == "12/KH-UBND" and plan["document"]["date"] == "2018-03-05"
    assert plan["document"]["type"] == "KH"
    tasks = tasks_of(plan)
    assert list(tasks) == ["I.1.a", "I.1.b", "I.2"]
    assert tasks["I.1.a"]["lead"] == ["Phòng Lao động - Thương binh và Xã hội"]
    assert tasks["I.1.a"]["coordinating"] == ["Hội Liên hiệp Phụ nữ"]
    assert tasks["I.1.a"]["recurrence"][0]["month"] == 3 and tasks["I.1.a"]["recurrence"][0]["day"] == 8
    assert tasks["I.1.b"]["due"][0]["date"] == "2018-03-20"
    assert tasks["I.2"]["lead"] == ["Đài Truyền thanh - Truyền hình"]
    assert plan["signer"]["name"] == "Mai Dinh Lam"
