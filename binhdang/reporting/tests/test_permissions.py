"""Who may see, write, send, return and accept: the policy applied to reports."""

import pytest

from binhdang.core.errors import AccessDenied
from binhdang.reporting import selectors, services
from binhdang.reporting.models import Submission, SubmissionRevision

from .test_services import FILLED

pytestmark = pytest.mark.django_db


@pytest.fixture
def lamson_draft(obligation_of, demo_user):
    submission = services.submission_start(actor=demo_user("lamson"), obligation=obligation_of("TH-BS-LAMSON"))
    return services.submission_save(actor=demo_user("lamson"), submission=submission, version=1, changes=FILLED)


def test_reporter_cannot_see_another_communes_draft(lamson_draft, demo_user, client):
    # given
    badinh = demo_user("badinh")
    # when
    visible = list(selectors.submission_list_visible(user=badinh))
    client.force_login(badinh)
    page = client.get(f"/reports/submissions/{lamson_draft.pk}/")
    api = client.get(f"/api/submissions/{lamson_draft.pk}/")
    # then
    assert visible == []
    assert (page.status_code, api.status_code) == (404, 404)


def test_coordinator_and_town_viewer_see_the_draft(lamson_draft, demo_user):
    assert [s.pk for s in selectors.submission_list_visible(user=demo_user("ldtbxh"))] == [lamson_draft.pk]
    assert [s.pk for s in selectors.submission_list_visible(user=demo_user("lanhdao"))] == [lamson_draft.pk]
    assert [s.pk for s in selectors.submission_list_visible(user=demo_user("tinh"))] == [lamson_draft.pk]


def test_reporter_cannot_write_for_another_commune(lamson_draft, demo_user):
    with pytest.raises(AccessDenied):
        services.submission_save(actor=demo_user("badinh"), submission=lamson_draft, version=lamson_draft.version,
                                 changes={"kho_khan": "x"})
    assert Submission.objects.get(pk=lamson_draft.pk).content["kho_khan"] == FILLED["kho_khan"]


def test_viewer_cannot_submit(lamson_draft, demo_user, obligation_of):
    with pytest.raises(AccessDenied):
        services.submission_submit(actor=demo_user("lanhdao"), submission=lamson_draft, version=lamson_draft.version)
    with pytest.raises(AccessDenied):
        services.submission_start(actor=demo_user("lanhdao"), obligation=obligation_of("TH-BS-BADINH"))
    fresh = Submission.objects.get(pk=lamson_draft.pk)
    assert (fresh.status, SubmissionRevision.objects.count(), Submission.objects.count()) == ("draft", 0, 1)


@pytest.mark.parametrize("username", ["lamson", "badinh", "lanhdao", "hoilhpn"])
def test_only_the_coordinator_returns_or_accepts(lamson_draft, demo_user, username):
    # given
    submitted = services.submission_submit(actor=demo_user("lamson"), submission=lamson_draft, version=lamson_draft.version)
    # when / then
    with pytest.raises(AccessDenied):
        services.submission_return(actor=demo_user(username), submission=submitted, version=submitted.version, reason="Không đạt yêu cầu")
    with pytest.raises(AccessDenied):
        services.submission_accept(actor=demo_user(username), submission=submitted, version=submitted.version)
    fresh = Submission.objects.get(pk=lamson_draft.pk)
    assert (fresh.status, fresh.version, fresh.return_reason) == ("submitted", submitted.version, "")


def test_province_coordinator_may_accept_town_reports(lamson_draft, demo_user):
    submitted = services.submission_submit(actor=demo_user("lamson"), submission=lamson_draft, version=lamson_draft.version)
    accepted = services.submission_accept(actor=demo_user("tinh"), submission=submitted, version=submitted.version)
    assert accepted.status == "accepted"


def test_templates_are_edited_by_coordinators_only(demo_user, demo_tree, client):
    services.templates_ensure()
    template = services.template_for_kind("report_annual")
    with pytest.raises(AccessDenied):
        services.template_section_remove(actor=demo_user("badinh"), template=template, version=template.version,
                                         key="kinh_phi")
    client.force_login(demo_user("badinh"))
    assert client.get("/reports/forms/").status_code == 403
    template.refresh_from_db()
    assert "kinh_phi" in [s["key"] for s in template.sections]
