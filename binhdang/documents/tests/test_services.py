"""Import services: matching agencies to the org directory, the review edits, saving."""

import json

import pytest

from binhdang.core.errors import AccessDenied, ConflictError, DomainError
from binhdang.core.models import AuditEvent
from binhdang.demo.services import demo_load_orgunits_and_users
from binhdang.documents.models import PlanImport
from binhdang.documents.parsing import parse_file
from binhdang.documents.selectors import document_find_issuer, document_match_units
from binhdang.documents.services import (
    ReviewEdits,
    plan_import_save,
    plan_import_update,
    plan_import_upload,
)
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.demo import demo_load_plans
from binhdang.plans.models import Obligation, Plan
from binhdang.plans.selectors import plan_to_contract_json

from .conftest import SHORT_PLAN
from .helpers import SEED_JSON, SEED_TXT

pytestmark = pytest.mark.django_db


def parsed(path=SEED_TXT) -> dict:
    return parse_file(path).to_json_dict()


# --- matching ---------------------------------------------------------------------------


def test_issuer_is_found_by_name_among_administrative_units_valid_on_the_date(demo_tree):
    import datetime

    assert document_find_issuer(name="Ủy ban nhân dân thị xã Bỉm Sơn", on=datetime.date(2017, 2, 20)).code == "TH-BS"
    assert document_find_issuer(name="UBND THỊ XÃ BỈM SƠN", on=None).code == "TH-BS"
    # the town was dissolved on 1/7/2025: a 2026 document cannot be issued by it
    assert document_find_issuer(name="Ủy ban nhân dân thị xã Bỉm Sơn", on=datetime.date(2026, 1, 5)) is None
    # an agency is not an issuer of plans
    assert document_find_issuer(name="Phòng Nội vụ", on=None) is None


def test_every_agency_of_the_seed_matches_a_unit_of_the_town_and_groups_stay_groups(demo_tree):
    # when
    result = document_match_units(parsed(), demo_tree["TH-BS"])
    # then
    assert result.unmatched == []
    codes = {name: unit.code for name, unit in result.matched.items()}
    assert codes == {
        "Phòng Lao động - Thương binh và Xã hội": "TH-BS-LDTBXH",
        "Hội Liên hiệp Phụ nữ": "TH-BS-HLHPN",
        "Phòng Tài chính - Kế hoạch": "TH-BS-TCKH",
        "Phòng Nội vụ": "TH-BS-NV",
        "Đài Truyền thanh - Truyền hình": "TH-BS-DTTTH",
        "Phòng Y tế": "TH-BS-YT",
        "Phòng Giáo dục và Đào tạo": "TH-BS-GDDT",
        "Phòng Văn hóa và Thông tin": "TH-BS-VHTT",
        "Công an": "TH-BS-CA",
        "Phòng Tư pháp": "TH-BS-TP",
        "Phòng Kinh tế": "TH-BS-KT",
        "Ủy ban Mặt trận Tổ quốc Việt Nam": "TH-BS-MTTQ",
        "Ban Vì sự tiến bộ của phụ nữ": "TH-BS-BVSTBPN",
    }
    assert set(result.groups) == {"Các cơ quan, đơn vị", "Các phòng, ban, ngành", "Các đoàn thể chính trị - xã hội",
                                  "Ủy ban nhân dân các xã, phường"}


def test_abbreviations_and_accentless_spellings_match_through_aliases(demo_tree):
    data = {"document": {"date": "2017-02-20"}, "tasks": [
        {"lead": ["Phong LDTBXH"], "coordinating": ["hoi lhpn thi xa", "UBMTTQTX", "Ban BĐG&VSTBTX", "Nội vụ"]}]}
    result = document_match_units(data, demo_tree["TH-BS"])
    assert result.unmatched == []
    assert [u.code for u in result.matched.values()] == [
        "TH-BS-LDTBXH", "TH-BS-HLHPN", "TH-BS-MTTQ", "TH-BS-BVSTBPN", "TH-BS-NV"]


def test_unknown_agency_is_reported_not_invented(demo_tree):
    before = OrgUnit.objects.count()
    result = document_match_units(parsed(SHORT_PLAN), demo_tree["TH-BS"])
    assert result.unmatched == ["Trung tâm Y tế"]
    assert "Trung tâm Y tế" not in result.matched
    assert OrgUnit.objects.count() == before


def test_an_agency_of_another_unit_is_not_matched(demo_tree):
    # given a second town with its own labour office
    province = demo_tree["TH"]
    other = OrgUnit.objects.add_child(province, create_kwargs={
        "code": "TH-NS", "name": "Ủy ban nhân dân thị xã Nghi Sơn", "short_name": "thị xã Nghi Sơn",
        "kind": "administrative", "level": "district"})
    OrgUnit.objects.add_child(other, create_kwargs={
        "code": "TH-NS-TT", "name": "Trung tâm Y tế", "short_name": "TTYT Nghi Sơn", "kind": "agency",
        "level": "district"})
    data = {"document": {"date": "2018-02-05"}, "tasks": [
        {"lead": ["Trung tâm Y tế", "Sở Lao động - Thương binh và Xã hội"], "coordinating": []}]}
    # when matched for Bỉm Sơn, then neither Nghi Sơn's centre nor the province's department fits
    assert document_match_units(data, demo_tree["TH-BS"]).unmatched == [
        "Trung tâm Y tế", "Sở Lao động - Thương binh và Xã hội"]
    # and for Nghi Sơn its own centre does
    assert document_match_units(data, OrgUnit.objects.get(code="TH-NS")).matched["Trung tâm Y tế"].code == "TH-NS-TT"


def test_units_not_valid_on_the_document_date_are_not_matched(demo_tree):
    data = {"document": {"date": "2025-09-01"}, "tasks": [{"lead": ["Phòng Nội vụ"], "coordinating": []}]}
    assert document_match_units(data, demo_tree["TH-BS"]).unmatched == ["Phòng Nội vụ"]


# --- upload, edit, save -------------------------------------------------------------------


def test_upload_parses_and_keeps_a_draft(demo_user, upload):
    # when
    draft = plan_import_upload(actor=demo_user("ldtbxh"), uploaded=upload())
    # then
    assert draft.status == "draft" and draft.issuer.code == "TH-BS" and draft.version == 1
    assert draft.data["document"]["number"] == "45/KH-UBND"
    assert [t["id"] for t in draft.data["tasks"]] == ["I.1", "I.2", "I.3"]
    assert draft.parsed["unmatched"] == ["Trung tâm Y tế"]
    assert "Trung tâm Y tế chủ trì" in draft.source_text
    assert draft.file.read().startswith("ỦY BAN".encode())
    assert AuditEvent.objects.filter(action="plan_import.upload", object_id=str(draft.pk)).exists()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "Chỉ nhận tệp .txt, .docx, .pdf hoặc ảnh quét"),
        ("trong.txt", b"   \n", "rỗng"),
        ("pho.txt", "Cách nấu phở bò\nXương bò, bánh phở.\n".encode(), "không tìm thấy số"),
        ("scan.pdf", b"%PDF-1.4\n garbage", "PDF"),
    ],
)
def test_bad_files_are_refused_with_a_vietnamese_message_and_nothing_is_saved(demo_user, upload, name, content,
                                                                              message):
    with pytest.raises(DomainError) as info:
        plan_import_upload(actor=demo_user("ldtbxh"), uploaded=upload(name=name, content=content))
    assert message in info.value.message
    assert not PlanImport.objects.exists() and not AuditEvent.objects.filter(action__startswith="plan_import").exists()


def test_a_file_over_the_limit_is_refused(demo_user, upload, settings):
    from binhdang.documents import services

    big = upload(content=b"x" * 10)
    big.size = services.MAX_UPLOAD_BYTES + 1
    with pytest.raises(DomainError, match="quá lớn"):
        plan_import_upload(actor=demo_user("ldtbxh"), uploaded=big)


def test_saving_refuses_while_an_agency_is_unmatched_then_works_once_it_is_removed(demo_user, upload):
    coordinator = demo_user("ldtbxh")
    draft = plan_import_upload(actor=coordinator, uploaded=upload())
    # when saved as read
    with pytest.raises(DomainError) as info:
        plan_import_save(actor=coordinator, plan_import=draft, version=draft.version)
    # then
    assert info.value.code == "unmatched" and "Trung tâm Y tế" in info.value.message
    assert not Plan.objects.exists()
    draft.refresh_from_db()
    assert draft.status == "draft"
    # when the unknown agency is removed and the draft saved
    plan_import_update(actor=coordinator, plan_import=draft, version=draft.version,
                       edits=ReviewEdits(remove_agencies=["Trung tâm Y tế"]))
    plan, warnings = plan_import_save(actor=coordinator, plan_import=draft, version=draft.version)
    # then
    assert warnings == []
    assert plan.number == "45/KH-UBND" and plan.issuer.code == "TH-BS" and plan.status == "issued"
    tasks = {t.code: t for t in plan.tasks.all()}
    assert [a.org_unit.code for a in tasks["I.1"].assignments.filter(role="lead")] == ["TH-BS-LDTBXH"]
    assert [a.org_unit.code for a in tasks["I.1"].assignments.filter(role="coordinating")] == ["TH-BS-HLHPN"]
    assert not tasks["I.3"].assignments.exists()
    assert Obligation.objects.filter(plan=plan).count() > 0
    draft.refresh_from_db()
    assert (draft.status, draft.plan) == ("saved", plan)
    assert AuditEvent.objects.filter(action="plan_import.save", object_id=str(draft.pk)).exists()


def test_picking_a_unit_for_an_unknown_name_maps_it(demo_user, demo_tree, upload):
    coordinator = demo_user("ldtbxh")
    draft = plan_import_upload(actor=coordinator, uploaded=upload())
    plan_import_update(actor=coordinator, plan_import=draft, version=draft.version,
                       edits=ReviewEdits(picks={"Trung tâm Y tế": demo_tree["TH-BS-YT"].pk}))
    plan, _warnings = plan_import_save(actor=coordinator, plan_import=draft, version=draft.version)
    assert plan.tasks.get(code="I.3").assignments.get().org_unit.code == "TH-BS-YT"


def test_picking_a_unit_outside_the_issuer_is_refused(demo_user, demo_tree, upload):
    coordinator = demo_user("ldtbxh")
    draft = plan_import_upload(actor=coordinator, uploaded=upload())
    with pytest.raises(DomainError, match="không thuộc"):
        plan_import_update(actor=coordinator, plan_import=draft, version=draft.version,
                           edits=ReviewEdits(picks={"Trung tâm Y tế": demo_tree["TH-SNV"].pk}))
    draft.refresh_from_db()
    assert draft.choices == {} and draft.version == 1


def test_edits_are_kept_and_a_stale_version_is_refused(demo_user, upload):
    import datetime

    coordinator = demo_user("ldtbxh")
    draft = plan_import_upload(actor=coordinator, uploaded=upload())
    plan_import_update(actor=coordinator, plan_import=draft, version=1, edits=ReviewEdits(
        header={"number": "46/KH-UBND", "date": datetime.date(2018, 2, 6)},
        tasks={1: {"text": "Hội LHPN tổ chức hội thi."}}, remove_mentions=[(0, "coordinating", 0)]))
    draft.refresh_from_db()
    assert draft.version == 2
    assert (draft.data["document"]["number"], draft.data["document"]["date"]) == ("46/KH-UBND", "2018-02-06")
    assert draft.data["tasks"][1]["text"] == "Hội LHPN tổ chức hội thi."
    assert draft.data["tasks"][0]["coordinating"] == []
    with pytest.raises(ConflictError):
        plan_import_update(actor=coordinator, plan_import=draft, version=1, edits=ReviewEdits(header={"number": "x"}))
    draft.refresh_from_db()
    assert draft.data["document"]["number"] == "46/KH-UBND"


def test_a_reporter_may_not_import_another_units_plan(demo_user, upload):
    # The sample is the town's plan; Hội LHPN imports only its own (issue 14).
    with pytest.raises(AccessDenied, match="chỉ được nhập kế hoạch của đơn vị mình"):
        plan_import_upload(actor=demo_user("hoilhpn"), uploaded=upload())
    with pytest.raises(AccessDenied, match="chỉ xem"):
        plan_import_upload(actor=demo_user("lanhdao"), uploaded=upload())
    assert not PlanImport.objects.exists()


def test_a_plan_refused_by_the_plans_app_leaves_nothing_saved(demo_user, seed_upload):
    coordinator = demo_user("ldtbxh")
    demo_load_plans()  # 268/KH-UBND of 2017 exists already
    plans_before = Plan.objects.count()
    draft = plan_import_upload(actor=coordinator, uploaded=seed_upload())
    with pytest.raises(DomainError, match="268/KH-UBND"):
        plan_import_save(actor=coordinator, plan_import=draft, version=draft.version)
    assert Plan.objects.count() == plans_before
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.plan is None


# --- the seed: importing the document gives the demo plan -----------------------------------

FACTS = ("document", "purpose", "legal_basis", "references", "sections", "deadlines", "recipients", "signer")


def test_importing_the_seed_gives_the_same_plan_as_the_demo_data(demo_user, seed_upload):
    # given the demo plan, loaded from the reviewed JSON, and its Plan JSON
    demo_load_orgunits_and_users()
    demo_load_plans()
    demo_plan = Plan.objects.get(number="268/KH-UBND", year=2017)
    expected = plan_to_contract_json(demo_plan)
    demo_plan.delete()
    # when the coordinator imports the seed document and saves it unchanged
    coordinator = demo_user("ldtbxh")
    draft = plan_import_upload(actor=coordinator, uploaded=seed_upload())
    plan, warnings = plan_import_save(actor=coordinator, plan_import=draft, version=draft.version)
    got = plan_to_contract_json(plan)
    # then every fact is the same: tasks with leads, coordinating units, due dates and
    # recurrences; deadlines, recipients, signer, legal basis and references
    assert warnings == []
    for key in FACTS:
        assert got[key] == expected[key], key
    strip = lambda tasks: [{k: v for k, v in t.items() if k not in ("status", "progress")} for t in tasks]  # noqa: E731
    assert strip(got["tasks"]) == strip(expected["tasks"])
    assert len(got["tasks"]) == 30
    assert plan.obligations.count() == 69
    # and the stored JSON agrees with the golden file the demo loads
    golden = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    assert [t["lead"] for t in got["tasks"]] == [t["lead"] for t in golden["tasks"]]
    assert plan.source_text == draft.source_text
