"""The seed with the noise of real copies (spacing, wrapped words, missing accents, page
numbers) still gives the same 30 tasks and facts."""

from __future__ import annotations

import json
import re

from binhdang.documents.parsing import parse_text

from .helpers import SEED_JSON, SEED_TXT

SEED = SEED_TXT.read_text(encoding="utf-8")
GOLDEN = json.loads(SEED_JSON.read_text(encoding="utf-8"))


def noisy(text: str) -> str:
    # Doubled spaces everywhere in a few paragraphs.
    text = text.replace("Tăng cường hoạt động của", "Tăng  cường   hoạt động  của")
    text = text.replace("- Tổ chức các hoạt động truyền thông", "-  Tổ chức  các hoạt  động truyền thông")
    # Words pushed to the next line, with and without a blank line.
    text = text.replace("tổ chức thực hiện Kế hoạch công tác", "tổ chức thực hiện\nKế hoạch công tác")
    text = text.replace("phương tiện thông tin đại chúng,\n", "phương tiện thông tin\nđại chúng,\n")
    text = text.replace("đảm bảo bố trí đủ cán bộ", "đảm bảo bối trí\n\nđủ cán bộ")
    # Accents lost on some words, including headings, agency names and keywords.
    for a, b in [("II. NỘI DUNG", "II. NOI DUNG"), ("III. TỔ CHỨC THỰC HIỆN", "III. TO CHUC THUC HIEN"),
                 ("1. Phòng Lao động - Thương binh và Xã hội", "1. Phong Lao dong - Thuong binh va Xa hoi"),
                 ("- Chủ trì phối hợp với các phòng", "- Chu tri phoi hop voi cac phong"),
                 ("Phối hợp với Hội liên hiệp phụ nữ Thị xã", "Phoi hop voi Hoi lien hiep phu nu Thi xa"),
                 ("ngày Quốc tế phụ nữ 8/3 và ngày thành lập Hội.", "ngay Quoc te phu nu 8/3 va ngay thanh lap Hoi."),
                 ("Nơi nhận:", "Noi nhan:")]:
        assert a in text, a
        text = text.replace(a, b)
    # Page numbers left on their own line by a copy from PDF.
    text = text.replace("\n\nIII. TO CHUC", "\n\n2\n\nIII. TO CHUC")
    text = text.replace("\n\n3. Phòng Tài chính-KH", "\n- 3 -\n\n3. Phòng Tài chính-KH")
    text = text.replace("\n\n5. Tăng  cường", "\n\nTrang 2\n\n5. Tăng  cường")
    text = re.sub(r"(?m)^(4\. Phòng Nội vụ)$", r"\1   ", text)
    return text


def summary(plan: dict) -> dict:
    return {
        "document": plan["document"],
        "tasks": [(t["id"], t["lead"], t["coordinating"], [(r["freq"], r["month"], r["day"]) for r in t["recurrence"]])
                  for t in plan["tasks"]],
        "deadlines": [(d["date"], d["from"], d["to"]) for d in plan["deadlines"]],
        "legal_basis": [c["number"] for c in plan["legal_basis"]],
        "references": [c["number"] for c in plan["references"]],
        "recipients": [r["text"] for r in plan["recipients"]],
        "signer": plan["signer"],
    }


def test_noisy_seed_gives_the_same_facts() -> None:
    text = noisy(SEED)
    assert text != SEED
    plan = parse_text(text).to_json_dict()
    assert summary(plan) == summary(GOLDEN)


def test_wrapped_words_are_joined() -> None:
    plan = parse_text(noisy(SEED)).to_json_dict()
    tasks = {t["id"]: t["text"] for t in plan["tasks"]}
    assert tasks["II.3.a"] == next(t["text"] for t in GOLDEN["tasks"] if t["id"] == "II.3.a")
    assert "tổ chức thực hiện Kế hoạch công tác" in tasks["III.1.a"]
    assert tasks["III.5"].endswith("thông tin đại chúng")


def test_crlf_and_tabs_and_old_style_tones() -> None:
    text = SEED.replace("\n", "\r\n").replace("Hòa", "Hoà").replace("hóa", "hoá").replace("Ủy ban", "Uỷ ban")
    plan = parse_text(text).to_json_dict()
    assert summary(plan) == summary(GOLDEN)
    assert "Ủy ban" in plan["tasks"][-2]["text"] and "hoá" not in json.dumps(plan, ensure_ascii=False)
