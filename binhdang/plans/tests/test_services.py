import copy
import datetime

import pytest
from django.core.files.base import ContentFile

from binhdang.core.errors import AccessDenied, ConflictError, DomainError
from binhdang.core.models import AuditEvent
from binhdang.plans.models import (
    Obligation,
    Plan,
    Task,
    TaskAssignment,
    TaskDue,
    TaskEvidence,
    TaskUpdate,
)
from binhdang.plans.selectors import task_units
from binhdang.plans.services import (
    do_obligations_generate,
    do_plan_import_from_json,
    obligations_generate,
    plan_copy_to_next_year,
    plan_create,
    plan_import_from_json,
    plan_update,
    shift_year,
    task_assign,
    task_comment,
    task_create,
    task_delete,
    task_move,
    task_update,
    task_update_progress,
    unit_plan_submit,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
COMMUNES = {
    "TH-BS-BADINH", "TH-BS-NGOCTRAO", "TH-BS-BACSON", "TH-BS-LAMSON", "TH-BS-DONGSON",
    "TH-BS-PHUSON", "TH-BS-QUANGTRUNG", "TH-BS-HALAN",
}
AGENCIES_BUT_RECEIVER = {
    "TH-BS-TCKH", "TH-BS-NV", "TH-BS-YT", "TH-BS-GDDT", "TH-BS-VHTT", "TH-BS-TP", "TH-BS-KT",
    "TH-BS-CA", "TH-BS-DTTTH",
}
ORGANISATIONS = {"TH-BS-HLHPN", "TH-BS-MTTQ", "TH-BS-DTN", "TH-BS-HND", "TH-BS-HCCB", "TH-BS-LDLD"}


def _lead_codes(task):
    return {u.code for u in task_units(task=task, role=TaskAssignment.Role.LEAD)}


# --- import -------------------------------------------------------------------------------


def test_import_of_seed_plan_gives_30_tasks_with_the_right_lead_agencies(seed_plan, task_of):
    # then
    assert seed_plan.number == "268/KH-UBND"
    assert seed_plan.date == datetime.date(2017, 2, 20)
    assert seed_plan.issuer.code == "TH-BS"
    assert seed_plan.tasks.count() == 30
    assert "TH-BS-LDTBXH" in _lead_codes(task_of("III.1.e"))
    assert {"TH-BS-HLHPN"} == _lead_codes(task_of("III.2.a"))
    assert {"TH-BS-TCKH"} == _lead_codes(task_of("III.3"))
    assert {"TH-BS-NV"} == _lead_codes(task_of("III.4"))
    assert {"TH-BS-DTTTH"} == _lead_codes(task_of("III.5"))
    assert _lead_codes(task_of("III.8")) == COMMUNES
    led_by_women = [t for t in seed_plan.tasks.all() if "TH-BS-HLHPN" in _lead_codes(t)]
    assert len(led_by_women) >= 4
    assert seed_plan.cited_documents.filter(role="legal_basis", number="2351/QĐ-TTg").exists()
    assert seed_plan.recipients.count() >= 7
    assert seed_plan.signer_name == "Mai Đình Lâm"


def test_import_keeps_group_labels_as_written_and_expands_them_at_the_plan_date(seed_plan, task_of):
    # given the communes' task
    assignment = task_of("III.8").assignments.get(role="lead")
    # then the group is stored once, with its label, and expands to the 8 communes
    assert assignment.org_unit is None
    assert assignment.group == "communes"
    assert assignment.label == "Ủy ban nhân dân các xã, phường"


def test_import_with_unknown_unit_names_lists_them_and_saves_nothing(demo_tree, plan_json):
    # given two names that are no unit of Bỉm Sơn
    data = copy.deepcopy(plan_json)
    data["tasks"][0]["lead"] = ["Phòng Không Tồn Tại"]
    data["tasks"][1]["coordinating"] = ["Sở Mặt Trăng"]
    # when
    with pytest.raises(DomainError) as error:
        do_plan_import_from_json(actor=None, data=data)
    # then
    assert "Không tìm thấy đơn vị: Phòng Không Tồn Tại; Sở Mặt Trăng." in error.value.message
    assert Plan.objects.count() == 0
    assert Task.objects.count() == 0


def test_import_refuses_an_impossible_date(demo_tree, plan_json):
    data = copy.deepcopy(plan_json)
    data["tasks"][0]["due"] = [{"date": "2017-02-31", "text": "31/02"}]
    with pytest.raises(DomainError) as error:
        do_plan_import_from_json(actor=None, data=data)
    assert "Ngày không hợp lệ “2017-02-31”" in error.value.message
    assert Plan.objects.count() == 0


def test_import_refuses_a_due_date_before_the_plan_date(demo_tree, plan_json):
    data = copy.deepcopy(plan_json)
    data["tasks"][0]["due"] = [{"date": "2017-01-10", "text": "10/01"}]
    with pytest.raises(DomainError) as error:
        do_plan_import_from_json(actor=None, data=data)
    assert f"Hạn 10/01/2017 của nhiệm vụ {data['tasks'][0]['id']} trước ngày ban hành kế hoạch 20/02/2017." in error.value.message
    assert Plan.objects.count() == 0


def test_import_matches_unit_names_without_accents_and_by_abbreviation(demo_tree, plan_json):
    data = copy.deepcopy(plan_json)
    data["tasks"][0]["lead"] = ["phong lao dong - thuong binh va xa hoi"]
    data["tasks"][0]["coordinating"] = ["Hội LHPN", "Phòng Tài chính-KH", "Phòng GD&ĐT"]
    plan = do_plan_import_from_json(actor=None, data=data)
    task = plan.tasks.get(code=data["tasks"][0]["id"])
    assert _lead_codes(task) == {"TH-BS-LDTBXH"}
    assert {u.code for u in task_units(task=task, role="coordinating")} == {
        "TH-BS-HLHPN", "TH-BS-TCKH", "TH-BS-GDDT"
    }


def test_import_needs_coordination_over_the_issuer(demo_user, plan_json):
    with pytest.raises(AccessDenied):
        plan_import_from_json(actor=demo_user("hoilhpn"), data=plan_json)
    assert Plan.objects.count() == 0


# --- obligations --------------------------------------------------------------------------


def test_obligations_expand_communes_and_units_three_per_required_unit(seed_plan):
    # then: 8 communes + 9 agencies (not the receiver) + 6 organisations, 3 deadlines each
    obligations = Obligation.objects.filter(plan=seed_plan)
    units = {o.org_unit.code for o in obligations}
    assert units == COMMUNES | AGENCIES_BUT_RECEIVER | ORGANISATIONS
    assert obligations.count() == 23 * 3
    assert {o.receiver.code for o in obligations} == {"TH-BS-LDTBXH"}
    ba_dinh = {o.kind: o for o in obligations.filter(org_unit__code="TH-BS-BADINH")}
    assert ba_dinh["unit_plan"].due_date == datetime.date(2017, 2, 25)
    assert (ba_dinh["unit_plan"].period_start, ba_dinh["unit_plan"].period_end) == (None, None)
    semi = ba_dinh["report_semiannual"]
    assert (semi.due_date, semi.period_start, semi.period_end) == (
        datetime.date(2017, 6, 15), datetime.date(2016, 12, 15), datetime.date(2017, 6, 14)
    )
    annual = ba_dinh["report_annual"]
    assert (annual.due_date, annual.period_start, annual.period_end) == (
        datetime.date(2017, 12, 15), datetime.date(2016, 12, 15), datetime.date(2017, 12, 14)
    )


def test_obligations_generate_is_idempotent(seed_plan):
    # when run again
    result = do_obligations_generate(actor=None, plan=seed_plan)
    # then nothing new
    assert result == {"created": 0, "existing": 69}
    assert Obligation.objects.filter(plan=seed_plan).count() == 69


def test_obligations_generate_refused_to_a_reporter_changes_nothing(seed_plan, demo_user):
    Obligation.objects.filter(plan=seed_plan, org_unit__code="TH-BS-BADINH").delete()
    with pytest.raises(AccessDenied):
        obligations_generate(actor=demo_user("badinh"), plan=seed_plan)
    assert Obligation.objects.filter(plan=seed_plan).count() == 66


# --- plan edit, optimistic locking --------------------------------------------------------


def test_plan_update_with_a_stale_version_raises_conflict_and_keeps_the_other_edit(seed_plan, demo_user):
    # given two coordinators who opened the plan at the same version
    version = seed_plan.version
    plan_update(actor=demo_user("ldtbxh"), plan=Plan.objects.get(pk=seed_plan.pk), version=version, place="Thị xã Bỉm Sơn")
    # when the second one saves from the old version
    with pytest.raises(ConflictError) as error:
        plan_update(actor=demo_user("tinh"), plan=Plan.objects.get(pk=seed_plan.pk), version=version, place="Thanh Hóa")
    # then the first edit stays and the message says what to do
    assert "đã được người khác sửa" in error.value.message
    plan = Plan.objects.get(pk=seed_plan.pk)
    assert plan.place == "Thị xã Bỉm Sơn"
    assert plan.version == version + 1


def test_plan_update_by_a_reporter_is_refused_and_changes_nothing(seed_plan, demo_user):
    with pytest.raises(AccessDenied):
        plan_update(actor=demo_user("hoilhpn"), plan=seed_plan, version=seed_plan.version, title="Khác")
    assert Plan.objects.get(pk=seed_plan.pk).title == seed_plan.title


def test_plan_update_records_an_audit_event(seed_plan, demo_user):
    plan_update(actor=demo_user("ldtbxh"), plan=seed_plan, version=seed_plan.version, signer_title="Phó Chủ tịch")
    event = AuditEvent.objects.filter(action="plan.update").get()
    assert event.changes == {"signer_title": ["", "Phó Chủ tịch"]}


# --- tasks --------------------------------------------------------------------------------


def test_task_create_refuses_a_due_date_before_the_plan_date(seed_plan, demo_user):
    with pytest.raises(DomainError) as error:
        task_create(actor=demo_user("ldtbxh"), plan=seed_plan, text="Việc mới",
                    dues=[(datetime.date(2017, 2, 1), "")])
    assert error.value.message == "Hạn thực hiện 01/02/2017 không được trước ngày ban hành kế hoạch 20/02/2017."
    assert seed_plan.tasks.count() == 30


def test_task_create_numbers_the_task_in_its_section(seed_plan, demo_user):
    section = seed_plan.sections.get(label="III.2")
    task = task_create(actor=demo_user("ldtbxh"), plan=seed_plan, text="Tổ chức hội thi", section=section,
                       dues=[(datetime.date(2017, 10, 15), "trước 20/10")])
    assert task.code == "III.2.1"
    assert list(task.dues.values_list("date", flat=True)) == [datetime.date(2017, 10, 15)]
    codes = list(seed_plan.tasks.filter(section=section).order_by("order").values_list("code", flat=True))
    assert codes[-1] == "III.2.1"


def test_task_update_with_stale_version_raises_conflict(task_of, demo_user):
    task = task_of("III.3")
    version = task.version
    task_update(actor=demo_user("ldtbxh"), task=Task.objects.get(pk=task.pk), version=version, text="Bản A")
    with pytest.raises(ConflictError):
        task_update(actor=demo_user("ldtbxh"), task=Task.objects.get(pk=task.pk), version=version, text="Bản B")
    assert Task.objects.get(pk=task.pk).text == "Bản A"


def test_task_assign_outside_the_issuer_scope_is_refused(task_of, demo_tree, demo_user):
    task = task_of("III.3")
    before = list(task.assignments.values_list("pk", flat=True))
    with pytest.raises(DomainError) as error:
        task_assign(actor=demo_user("ldtbxh"), task=task, role="coordinating", org_unit=demo_tree["TH-BVSTBPN"])
    assert error.value.message == (
        "Đơn vị “Ban Vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa” không thuộc phạm vi của "
        "Ủy ban nhân dân thị xã Bỉm Sơn."
    )
    assert list(task.assignments.values_list("pk", flat=True)) == before


def test_task_assign_adds_a_coordinating_unit(task_of, demo_tree, demo_user):
    task = task_of("III.3")
    task_assign(actor=demo_user("ldtbxh"), task=task, role="coordinating", org_unit=demo_tree["TH-BS-LDTBXH"])
    assert {u.code for u in task_units(task=task, role="coordinating")} >= {"TH-BS-LDTBXH"}
    with pytest.raises(DomainError):
        task_assign(actor=demo_user("ldtbxh"), task=task, role="coordinating", org_unit=demo_tree["TH-BS-LDTBXH"])


def test_task_move_swaps_with_the_neighbour_in_the_section(seed_plan, task_of, demo_user):
    section = seed_plan.sections.get(label="III.2")
    codes = lambda: list(seed_plan.tasks.filter(section=section).order_by("order").values_list("code", flat=True))  # noqa: E731
    first, second = codes()[:2]
    task_move(actor=demo_user("ldtbxh"), task=task_of(second), direction="up")
    assert codes()[:2] == [second, first]
    with pytest.raises(DomainError) as error:
        task_move(actor=demo_user("ldtbxh"), task=task_of(second), direction="up")
    assert error.value.message == "Nhiệm vụ đã ở đầu mục."


def test_task_delete_refused_once_progress_was_reported(task_of, demo_user):
    task = task_of("III.2.a")
    task_update_progress(actor=demo_user("hoilhpn"), task=task, text="Đã triển khai", percent=10)
    task.refresh_from_db()
    with pytest.raises(DomainError):
        task_delete(actor=demo_user("ldtbxh"), task=task, version=task.version)
    assert Task.objects.filter(pk=task.pk).exists()


def test_progress_update_by_lead_agency_with_evidence(task_of, demo_user):
    # given the Hội LHPN's task
    task = task_of("III.2.a")
    # when its officer reports progress with a PDF
    update = task_update_progress(
        actor=demo_user("hoilhpn"), task=task, text="Đã phổ biến đến 8 cơ sở Hội", percent=60,
        status="in_progress", files=[ContentFile(PDF, name="bien-ban.pdf")],
    )
    # then
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 60)
    assert update.org_unit.code == "TH-BS-HLHPN"
    evidence = update.evidence.get()
    assert (evidence.original_name, evidence.size, evidence.content_type) == ("bien-ban.pdf", len(PDF), "application/pdf")
    assert evidence.file.read() == PDF


def test_progress_update_with_a_forbidden_file_type_saves_nothing(task_of, demo_user):
    task = task_of("III.2.a")
    with pytest.raises(DomainError) as error:
        task_update_progress(actor=demo_user("hoilhpn"), task=task, text="x", percent=10,
                             files=[ContentFile(b"MZ...", name="virus.exe")])
    assert error.value.message == "Tệp “virus.exe” không đúng loại cho phép (chỉ nhận docx, jpeg, jpg, pdf, png, xlsx)."
    assert TaskUpdate.objects.count() == 0
    assert TaskEvidence.objects.count() == 0
    task.refresh_from_db()
    assert (task.status, task.progress) == ("not_started", 0)


def test_progress_update_with_a_too_large_file_is_refused(task_of, demo_user):
    big = ContentFile(PDF + b"0" * (21 * 1024 * 1024 - len(PDF)), name="lon.pdf")
    with pytest.raises(DomainError) as error:
        task_update_progress(actor=demo_user("hoilhpn"), task=task_of("III.2.a"), text="x", percent=10,
                             files=[big])
    assert error.value.message == "Tệp “lon.pdf” quá lớn (21.0 MB); tối đa 20 MB."
    assert TaskUpdate.objects.count() == 0


def test_progress_update_with_a_renamed_file_is_refused(task_of, demo_user):
    with pytest.raises(DomainError) as error:
        task_update_progress(actor=demo_user("hoilhpn"), task=task_of("III.2.a"), text="x", percent=10,
                             files=[ContentFile(b"not a pdf", name="gia.pdf")])
    assert error.value.message == "Nội dung tệp “gia.pdf” không khớp với đuôi .pdf."
    assert TaskUpdate.objects.count() == 0


def test_progress_update_by_another_unit_is_refused(task_of, demo_user):
    task = task_of("III.2.a")
    with pytest.raises(AccessDenied):
        task_update_progress(actor=demo_user("yt"), task=task, text="x", percent=50)
    task.refresh_from_db()
    assert (task.status, task.progress, task.updates.count()) == ("not_started", 0, 0)


def test_progress_update_percent_out_of_range_is_refused(task_of, demo_user):
    with pytest.raises(DomainError) as error:
        task_update_progress(actor=demo_user("hoilhpn"), task=task_of("III.2.a"), text="x", percent=120)
    assert error.value.message == "Tiến độ phải là số từ 0 đến 100."


def test_progress_done_sets_100_percent(task_of, demo_user):
    task = task_of("III.2.a")
    task_update_progress(actor=demo_user("hoilhpn"), task=task, text="Xong", percent=80, status="done")
    task.refresh_from_db()
    assert (task.status, task.progress) == ("done", 100)


def test_commune_reporter_updates_the_communes_task(task_of, demo_user):
    task = task_of("III.8")
    update = task_update_progress(actor=demo_user("badinh"), task=task, text="Phường đã ban hành kế hoạch", percent=100)
    assert update.org_unit.code == "TH-BS-BADINH"
    assert update.status_after == "done"


def test_comment_by_coordinating_agency(task_of, demo_user):
    # given III.1.e, led by Phòng LĐ-TB&XH with the Hội LHPN coordinating
    task = task_of("III.1.e")
    comment = task_comment(actor=demo_user("hoilhpn"), task=task, text="Hội gửi danh sách đại biểu")
    assert comment.org_unit.code == "TH-BS-HLHPN"
    assert list(task.comments.values_list("text", flat=True)) == ["Hội gửi danh sách đại biểu"]


def test_comment_by_an_unrelated_unit_is_refused(task_of, demo_user):
    task = task_of("III.3")
    with pytest.raises(AccessDenied):
        task_comment(actor=demo_user("yt"), task=task, text="x")
    assert task.comments.count() == 0


# --- copy to next year --------------------------------------------------------------------


def test_copy_to_next_year_shifts_dates_resets_status_and_keeps_the_original(seed_plan, task_of, demo_user):
    # given progress on the 2017 plan
    task_update_progress(actor=demo_user("hoilhpn"), task=task_of("III.2.a"), text="Xong", percent=100)
    TaskDue.objects.create(task=task_of("III.3"), date=datetime.date(2017, 6, 15), text="trước ngày 15/6")
    original_version = Plan.objects.get(pk=seed_plan.pk).version
    # when
    copy_ = plan_copy_to_next_year(actor=demo_user("ldtbxh"), plan=seed_plan)
    # then
    assert (copy_.year, copy_.date, copy_.status, copy_.number) == (2018, datetime.date(2018, 2, 20), "draft", "")
    assert copy_.copied_from == seed_plan
    assert "2018" in copy_.title and "2017" not in copy_.title
    assert copy_.tasks.count() == 30
    assert set(copy_.tasks.values_list("status", "progress")) == {("not_started", 0)}
    assert list(copy_.tasks.get(code="III.3").dues.values_list("date", flat=True)) == [datetime.date(2018, 6, 15)]
    assert sorted(copy_.deadlines.values_list("date", flat=True)) == [
        datetime.date(2018, 2, 25), datetime.date(2018, 6, 15), datetime.date(2018, 12, 15)
    ]
    assert _lead_codes(copy_.tasks.get(code="III.2.a")) == {"TH-BS-HLHPN"}
    original = Plan.objects.get(pk=seed_plan.pk)
    assert (original.year, original.version, original.status) == (2017, original_version, "issued")
    assert task_of("III.2.a").status == "done"
    assert Obligation.objects.filter(plan=copy_).count() == 0  # generated when it is issued


def test_copy_to_next_year_twice_is_refused(seed_plan, demo_user):
    plan_copy_to_next_year(actor=demo_user("ldtbxh"), plan=seed_plan)
    with pytest.raises(DomainError):
        plan_copy_to_next_year(actor=demo_user("ldtbxh"), plan=seed_plan)
    assert Plan.objects.count() == 2


def test_copy_to_next_year_moves_29_february_to_28_february(demo_tree, demo_user):
    plan = plan_create(actor=demo_user("ldtbxh"), issuer=demo_tree["TH-BS"], date=datetime.date(2016, 2, 29),
                       title="Kế hoạch năm 2016", number="12/KH-UBND", status="issued")
    task_create(actor=demo_user("ldtbxh"), plan=plan, text="Việc", dues=[(datetime.date(2016, 2, 29), "")])
    copy_ = plan_copy_to_next_year(actor=demo_user("ldtbxh"), plan=plan)
    assert copy_.date == datetime.date(2017, 2, 28)
    assert copy_.title == "Kế hoạch năm 2017"
    assert list(TaskDue.objects.filter(task__plan=copy_).values_list("date", flat=True)) == [datetime.date(2017, 2, 28)]
    assert shift_year(datetime.date(2019, 3, 1)) == datetime.date(2020, 3, 1)


def test_copy_refused_to_a_viewer(seed_plan, demo_user):
    with pytest.raises(AccessDenied):
        plan_copy_to_next_year(actor=demo_user("lanhdao"), plan=seed_plan)
    assert Plan.objects.count() == 1


def test_issuing_the_copy_generates_its_obligations(seed_plan, demo_user):
    copy_ = plan_copy_to_next_year(actor=demo_user("ldtbxh"), plan=seed_plan)
    plan_update(actor=demo_user("ldtbxh"), plan=copy_, version=copy_.version, number="31/KH-UBND", status="issued")
    assert Obligation.objects.filter(plan=copy_).count() == 69
    assert Obligation.objects.filter(plan=copy_, kind="report_semiannual").first().period_start == datetime.date(2017, 12, 15)


# --- unit plans ---------------------------------------------------------------------------


def test_unit_plan_submit_links_the_unit_plan_and_fulfils_the_obligation(seed_plan, demo_user):
    obligation = Obligation.objects.get(plan=seed_plan, org_unit__code="TH-BS-BADINH", kind="unit_plan")
    plan = unit_plan_submit(actor=demo_user("badinh"), obligation=obligation, number="15/KH-UBND",
                            date=datetime.date(2017, 2, 23), title="Kế hoạch BĐG phường Ba Đình năm 2017")
    obligation.refresh_from_db()
    assert obligation.fulfilled_by_plan == plan
    assert obligation.submitted_at is not None
    assert (plan.parent, plan.issuer.code, plan.status) == (seed_plan, "TH-BS-BADINH", "issued")
    with pytest.raises(ConflictError):
        unit_plan_submit(actor=demo_user("badinh"), obligation=obligation, date=datetime.date(2017, 2, 24), title="Lần 2")
    assert Plan.objects.filter(parent=seed_plan).count() == 1


def test_unit_plan_submit_for_another_unit_is_refused(seed_plan, demo_user):
    obligation = Obligation.objects.get(plan=seed_plan, org_unit__code="TH-BS-BADINH", kind="unit_plan")
    with pytest.raises(AccessDenied):
        unit_plan_submit(actor=demo_user("lamson"), obligation=obligation, date=datetime.date(2017, 2, 23), title="x")
    obligation.refresh_from_db()
    assert obligation.fulfilled_by_plan is None


def test_imported_seed_keeps_its_opening_paragraph_as_issued(demo_tree):
    import json

    from django.conf import settings

    from binhdang.plans.selectors import plan_to_contract_json
    from binhdang.plans.services import do_plan_import_from_json

    golden = settings.BASE_DIR / "binhdang" / "fixtures" / "plans" / "268-KH-UBND-2017.json"
    plan = do_plan_import_from_json(actor=None, data=json.loads(golden.read_text("utf-8")))
    assert plan.preamble[0].startswith("Thực hiện Quyết định số 2351/QĐ-TTg ngày 24/12/2010")
    assert plan.preamble[0].endswith("cụ thể như sau:")
    assert plan_to_contract_json(plan)["preamble"] == plan.preamble
