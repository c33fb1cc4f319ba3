"""The submission workflow, optimistic locking, idempotent submit, diffs, forms, deadlines."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from binhdang.core.errors import ConflictError, DomainError
from binhdang.core.models import AuditEvent
from binhdang.plans.models import Obligation, PlanDeadline
from binhdang.reporting import selectors, services
from binhdang.reporting.models import Submission, SubmissionRevision
from binhdang.reporting.periods import obligation_kind, period_parse

from .conftest import at

pytestmark = pytest.mark.django_db

FILLED = {
    "tuyen_truyen": "Tổ chức 5 buổi tuyên truyền nhân ngày 8/3 cho 400 lượt hội viên.",
    "nang_cao_nang_luc": "Cử 3 cán bộ dự tập huấn lồng ghép giới.",
    "can_bo_nu": "Tỷ lệ nữ trong cấp ủy đạt 30%.",
    "kinh_phi": "10 triệu đồng.",
    "kho_khan": "Kinh phí hạn hẹp.",
    "phuong_huong": "Tiếp tục tuyên truyền nhân ngày 20/10.",
}


@pytest.fixture
def draft(obligation_of, demo_user):
    obligation = obligation_of("TH-BS-BADINH")
    submission = services.submission_start(actor=demo_user("badinh"), obligation=obligation, now=at(2017, 6, 1))
    return services.submission_save(actor=demo_user("badinh"), submission=submission, version=submission.version,
                                    changes=FILLED, now=at(2017, 6, 2))


def test_period_parse_gives_the_nd09_cutoffs():
    # when
    half, year, plan = period_parse("2017-H1"), period_parse("2017"), period_parse("2017-plan")
    # then
    assert (half.start, half.end, half.default_due) == (datetime.date(2016, 12, 15), datetime.date(2017, 6, 14), datetime.date(2017, 6, 15))
    assert (year.start, year.end, year.default_due) == (datetime.date(2016, 12, 15), datetime.date(2017, 12, 14), datetime.date(2017, 12, 15))
    assert (obligation_kind(plan), plan.default_due) == ("unit_plan", datetime.date(2017, 2, 25))
    assert obligation_kind(period_parse("2017-H2")) is None
    assert period_parse("adhoc-7").adhoc_id == 7


@pytest.mark.parametrize("key", ["2017-H3", "17", "abc", "", "2017-q1", "adhoc-", "1989"])
def test_period_parse_refuses_a_bad_key_in_vietnamese(key):
    with pytest.raises(DomainError) as error:
        period_parse(key)
    assert "không hợp lệ" in error.value.message


def test_start_prefills_tasks_of_the_commune_and_the_indicator_rows(obligation_of, demo_user):
    # when
    submission = services.submission_start(actor=demo_user("badinh"), obligation=obligation_of("TH-BS-BADINH"))
    # then: tasks the ward leads or coordinates through "UBND các xã, phường"
    codes = [r["code"] for r in submission.content["nhiem_vu"]]
    assert "III.8" in codes
    first = submission.content["chi_tieu"][0]
    assert (first["code"], first["name"]) == ("DP-TH-NGUOI", "Số người được tập huấn về bình đẳng giới")
    assert submission.status == "draft" and submission.version == 1


def test_start_twice_returns_the_same_draft(obligation_of, demo_user):
    first = services.submission_start(actor=demo_user("badinh"), obligation=obligation_of("TH-BS-BADINH"))
    second = services.submission_start(actor=demo_user("badinh"), obligation=obligation_of("TH-BS-BADINH"))
    assert first.pk == second.pk
    assert Submission.objects.count() == 1


def test_save_bumps_the_version_and_a_stale_version_never_overwrites(draft, demo_user):
    # given
    user = demo_user("badinh")
    version = draft.version
    services.submission_save(actor=user, submission=draft, version=version, changes={"kho_khan": "Mới"})
    # when
    with pytest.raises(ConflictError) as error:
        services.submission_save(actor=user, submission=Submission.objects.get(pk=draft.pk), version=version,
                                 changes={"kho_khan": "Cũ, ghi đè"})
    # then
    fresh = Submission.objects.get(pk=draft.pk)
    assert fresh.content["kho_khan"] == "Mới"
    assert fresh.version == version + 1
    assert "CHƯA được lưu" in error.value.message


def test_indicator_values_must_be_whole_numbers(draft, demo_user):
    before = Submission.objects.get(pk=draft.pk)
    with pytest.raises(DomainError):
        services.submission_save(actor=demo_user("badinh"), submission=draft, version=draft.version,
                                 changes={"chi_tieu": [{"code": "DP-TH-NGUOI", "female": "mười", "male": "3"}]})
    after = Submission.objects.get(pk=draft.pk)
    assert (after.version, after.content) == (before.version, before.content)


def test_submit_stamps_on_time_from_the_first_submission_end_of_day_vietnam(draft, demo_user):
    # when: 23:30 on the due date, Vietnam time
    submission = services.submission_submit(actor=demo_user("badinh"), submission=draft, version=draft.version,
                                            now=at(2017, 6, 15, 23, 30))
    # then
    assert submission.status == "submitted"
    assert submission.on_time is True
    assert submission.revisions.count() == 1
    assert Obligation.objects.get(pk=draft.obligation_id).submitted_at == at(2017, 6, 15, 23, 30)
    assert AuditEvent.objects.filter(action="submission.submit", object_id=str(draft.pk)).count() == 1


def test_submit_after_midnight_is_late(draft, demo_user):
    submission = services.submission_submit(actor=demo_user("badinh"), submission=draft, version=draft.version, now=at(2017, 6, 16, 0, 5))
    assert submission.on_time is False


def test_double_submit_with_the_same_token_or_version_creates_one_revision(draft, demo_user):
    # given
    user = demo_user("badinh")
    version = draft.version
    services.submission_submit(actor=user, submission=draft, version=version, token="t1", now=at(2017, 6, 10))
    # when: the browser retries (same token) and a second tab posts the same version
    again = services.submission_submit(actor=user, submission=Submission.objects.get(pk=draft.pk), version=version,
                                       token="t1", now=at(2017, 6, 10, 9, 1))
    third = services.submission_submit(actor=user, submission=Submission.objects.get(pk=draft.pk), version=version,
                                       token="t2", now=at(2017, 6, 10, 9, 2))
    # then
    assert SubmissionRevision.objects.filter(submission=draft).count() == 1
    assert again.first_submitted_at == third.first_submitted_at == at(2017, 6, 10)
    assert AuditEvent.objects.filter(action="submission.submit", object_id=str(draft.pk)).count() == 1


def test_submit_refuses_empty_required_sections(obligation_of, demo_user):
    submission = services.submission_start(actor=demo_user("badinh"), obligation=obligation_of("TH-BS-BADINH"))
    with pytest.raises(DomainError) as error:
        services.submission_submit(actor=demo_user("badinh"), submission=submission, version=submission.version)
    assert "Chưa điền các mục bắt buộc" in error.value.message
    assert Submission.objects.get(pk=submission.pk).status == "draft"
    assert SubmissionRevision.objects.count() == 0


def test_return_requires_a_reason_and_changes_nothing_without_one(draft, demo_user):
    # given
    submitted = services.submission_submit(actor=demo_user("badinh"), submission=draft, version=draft.version, now=at(2017, 6, 13))
    # when
    with pytest.raises(DomainError):
        services.submission_return(actor=demo_user("ldtbxh"), submission=submitted, version=submitted.version, reason="  ")
    # then
    fresh = Submission.objects.get(pk=draft.pk)
    assert (fresh.status, fresh.return_reason, fresh.version) == ("submitted", "", submitted.version)


def test_full_cycle_return_resubmit_diff_accept_reopen(draft, demo_user):
    # given
    reporter, coordinator = demo_user("badinh"), demo_user("ldtbxh")
    submission = services.submission_submit(actor=reporter, submission=draft, version=draft.version, now=at(2017, 6, 13))
    # when
    submission = services.submission_return(actor=coordinator, submission=submission, version=submission.version, reason="Thiếu số liệu 8/3.",
                                            now=at(2017, 6, 14))
    submission = services.submission_save(
        actor=reporter, submission=submission, version=submission.version, now=at(2017, 6, 16),
        changes={"tuyen_truyen": FILLED["tuyen_truyen"] + " Hoạt động 8/3 có 350 lượt.",
                 "chi_tieu": [{"code": "DP-TH-NGUOI", "female": 42, "male": 18}]})
    submission = services.submission_submit(actor=reporter, submission=submission, version=submission.version,
                                            now=at(2017, 6, 16, 9))
    diff = selectors.submission_diff(submission=submission)
    # then: the coordinator sees exactly what changed
    changed = {s.key: s for s in diff.sections if s.changed}
    assert sorted(changed) == ["chi_tieu", "tuyen_truyen"]
    assert ("insert", "Hoạt động 8/3 có 350 lượt.") in [(op, t.strip()) for op, t in changed["tuyen_truyen"].tokens if op != "equal"]
    assert [(c.column, c.old, c.new) for c in changed["chi_tieu"].cells] == [("Nữ", None, 42), ("Nam", None, 18)]
    # on time stays from the first submission
    assert submission.on_time is True
    assert submission.first_submitted_at == at(2017, 6, 13)
    # when accepted, it is locked
    submission = services.submission_accept(actor=coordinator, submission=submission, version=submission.version, now=at(2017, 6, 19))
    with pytest.raises(DomainError):
        services.submission_save(actor=reporter, submission=submission, version=submission.version,
                                 changes={"kho_khan": "sửa sau khi duyệt"})
    assert Submission.objects.get(pk=submission.pk).content["kho_khan"] == FILLED["kho_khan"]
    # reopening needs a reason
    with pytest.raises(DomainError):
        services.submission_reopen(actor=coordinator, submission=submission, reason="", version=submission.version)
    reopened = services.submission_reopen(actor=coordinator, submission=submission, reason="Sai số liệu kinh phí.",
                                          version=submission.version)
    assert reopened.status == "returned"
    actions = list(AuditEvent.objects.filter(object_id=str(submission.pk), object_type="reporting.submission")
                   .order_by("id").values_list("action", "reason"))
    assert [a for a, _r in actions] == ["submission.start", "submission.save", "submission.submit", "submission.return",
                                        "submission.save", "submission.resubmit", "submission.accept", "submission.reopen"]
    assert actions[3][1] == "Thiếu số liệu 8/3." and actions[7][1] == "Sai số liệu kinh phí."


def test_text_diff_keeps_words_and_lines():
    tokens = selectors.text_diff("Tổ chức 5 buổi\ntuyên truyền", "Tổ chức 6 buổi\ntuyên truyền")
    assert tokens == [("equal", "Tổ chức "), ("delete", "5"), ("insert", "6"), ("equal", " buổi\ntuyên truyền")]


def test_attachment_limits_and_download_name(draft, demo_user):
    user = demo_user("badinh")
    with pytest.raises(DomainError):
        services.attachment_add(actor=user, submission=draft, version=draft.version, section_key="dinh_kem",
                                file=SimpleUploadedFile("virus.exe", b"MZ..."))
    attachment = services.attachment_add(actor=user, submission=draft, version=draft.version, section_key="dinh_kem",
                                         file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", "application/pdf"))
    assert attachment.original_name == "bao-cao.pdf"
    assert Submission.objects.get(pk=draft.pk).content["dinh_kem"] == ["bao-cao.pdf"]
    attachment.file.delete(save=False)


def test_coordinator_moves_a_deadline_for_the_plan(seed_plan, demo_user):
    # when
    moved = services.obligation_deadline_change(
        actor=demo_user("ldtbxh"), plan=seed_plan, kind="report_semiannual", old_date=datetime.date(2017, 6, 15),
        new_date=datetime.date(2017, 6, 20), reason="Trùng kỳ họp HĐND")
    # then
    assert moved == 23
    assert set(Obligation.objects.filter(plan=seed_plan, kind="report_semiannual").values_list("due_date", flat=True)) == {datetime.date(2017, 6, 20)}
    assert PlanDeadline.objects.get(plan=seed_plan, kind="report_semiannual").date == datetime.date(2017, 6, 20)
    assert AuditEvent.objects.get(action="obligation.deadline_change").reason == "Trùng kỳ họp HĐND"


def test_reporter_cannot_move_a_deadline(seed_plan, demo_user):
    from binhdang.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        services.obligation_deadline_change(actor=demo_user("badinh"), plan=seed_plan, kind="report_semiannual",
                                            old_date=datetime.date(2017, 6, 15), new_date=datetime.date(2017, 6, 30))
    assert PlanDeadline.objects.get(plan=seed_plan, kind="report_semiannual").date == datetime.date(2017, 6, 15)


def test_adhoc_request_creates_obligations_with_their_own_deadline(seed_plan, demo_tree, demo_user):
    # when
    request = services.adhoc_request_create(
        actor=demo_user("ldtbxh"), plan=seed_plan, title="Báo cáo nhanh tình hình bạo lực gia đình quý III",
        units=[demo_tree["TH-BS-BADINH"], demo_tree["TH-BS-LAMSON"]], due_date=datetime.date(2017, 9, 30))
    # then
    report = selectors.status_report(period_key=request.period_key)
    assert [(r.unit.code, r.status, r.obligation.due_date) for r in report.rows] == [
        ("TH-BS-BADINH", "missing", datetime.date(2017, 9, 30)), ("TH-BS-LAMSON", "missing", datetime.date(2017, 9, 30))]
    assert report.rows[0].obligation.receiver.code == "TH-BS-LDTBXH"


def test_two_adhoc_requests_with_the_same_deadline_are_tracked_apart(seed_plan, demo_tree, demo_user):
    # given two requests to the same ward, due the same day
    coordinator, ward = demo_user("ldtbxh"), demo_tree["TH-BS-BADINH"]
    first = services.adhoc_request_create(actor=coordinator, plan=seed_plan, title="Báo cáo nhanh về bạo lực gia đình",
                                          units=[ward], due_date=datetime.date(2017, 9, 30))
    # when
    second = services.adhoc_request_create(actor=coordinator, plan=seed_plan, title="Số liệu cán bộ nữ quý III",
                                           units=[ward], due_date=datetime.date(2017, 9, 30))
    # then each request has its own obligation and its own status
    rows_first = selectors.status_report(period_key=first.period_key).rows
    rows_second = selectors.status_report(period_key=second.period_key).rows
    assert [r.obligation.title for r in rows_first] == ["Báo cáo nhanh về bạo lực gia đình"]
    assert [r.obligation.title for r in rows_second] == ["Số liệu cán bộ nữ quý III"]
    assert rows_first[0].obligation.pk != rows_second[0].obligation.pk


def test_template_sections_are_edited_without_code(demo_user, demo_tree):
    # given
    coordinator = demo_user("ldtbxh")
    services.templates_ensure()
    template = services.template_for_kind("report_semiannual")
    # when
    template = services.template_section_add(actor=coordinator, template=template, version=template.version,
                                             title="Công tác kiểm tra, giám sát", kind="narrative")
    template = services.template_section_move(actor=coordinator, template=template, version=template.version,
                                              key="cong_tac_kiem_tra_giam_sat", direction="up")
    template = services.template_section_update(actor=coordinator, template=template, version=template.version,
                                                key="kho_khan", title="Tồn tại, hạn chế", help_text="", required=True)
    template = services.template_section_remove(actor=coordinator, template=template, version=template.version,
                                                key="kien_nghi")
    # then
    keys = [s["key"] for s in template.sections]
    assert "kien_nghi" not in keys
    assert keys.index("cong_tac_kiem_tra_giam_sat") == keys.index("dinh_kem") - 1
    assert next(s for s in template.sections if s["key"] == "kho_khan")["title"] == "Tồn tại, hạn chế"
    # a stale editor page cannot overwrite
    with pytest.raises(ConflictError):
        services.template_section_remove(actor=coordinator, template=template, version=1, key="kinh_phi")


@pytest.mark.parametrize("version", [None, "", "abc", -1])
def test_a_write_without_a_valid_version_is_refused_and_changes_nothing(draft, demo_user, version):
    submitted = services.submission_submit(actor=demo_user("badinh"), submission=draft, version=draft.version,
                                           now=at(2017, 6, 13))
    before = Submission.objects.get(pk=submitted.pk)
    with pytest.raises(DomainError) as error:
        services.submission_accept(actor=demo_user("ldtbxh"), submission=submitted, version=version)
    assert error.value.code == "version_required"
    assert "phiên bản" in error.value.message
    after = Submission.objects.get(pk=submitted.pk)
    assert (after.status, after.version) == (before.status, before.version) == ("submitted", submitted.version)


def test_reading_the_forms_page_creates_no_rows(demo_user, client, seed_plan):
    from binhdang.reporting.models import ReportTemplate

    ReportTemplate.objects.all().delete()  # as after a flush: only the migration stores them
    client.force_login(demo_user("ldtbxh"))
    page = client.get("/reports/forms/")
    assert page.status_code == 200 and "mẫu mặc định" in page.content.decode()
    assert ReportTemplate.objects.count() == 0
    assert services.templates_ensure() == 4 and services.templates_ensure() == 0
