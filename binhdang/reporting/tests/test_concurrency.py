"""Parallel writers on PostgreSQL: one draft edited twice at once, one report sent twice at once."""

import threading

import pytest
from django.db import connection, connections

from binhdang.core.errors import ConflictError
from binhdang.reporting import services
from binhdang.reporting.models import Submission, SubmissionRevision

from .conftest import ensure_seed_plan
from .test_services import FILLED

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(demo_tree, demo_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); set DATABASE_URL=postgres://… to run")
    plan = ensure_seed_plan()
    obligation = plan.obligations.get(org_unit__code="TH-BS-BADINH", kind="report_semiannual")
    submission = services.submission_start(actor=demo_user("badinh"), obligation=obligation)
    return services.submission_save(actor=demo_user("badinh"), submission=submission, version=1, changes=FILLED)


def _parallel(count, work):
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # collected for the assertions
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_parallel_edits_of_one_draft_exactly_one_wins(draft, demo_user):
    user = demo_user("badinh")
    version = draft.version

    def edit(index):
        fresh = Submission.objects.get(pk=draft.pk)
        return services.submission_save(actor=user, submission=fresh, version=version,
                                        changes={"kho_khan": f"người {index}"})

    results = _parallel(2, edit)
    wins = [r for r in results if isinstance(r, Submission)]
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert (len(wins), len(conflicts)) == (1, 1)
    fresh = Submission.objects.get(pk=draft.pk)
    assert fresh.version == version + 1
    assert fresh.content["kho_khan"] == wins[0].content["kho_khan"]


def test_parallel_submits_create_one_revision(draft, demo_user):
    user = demo_user("badinh")
    version = draft.version

    def submit(index):
        fresh = Submission.objects.get(pk=draft.pk)
        return services.submission_submit(actor=user, submission=fresh, version=version, token=f"tab-{index}")

    results = _parallel(4, submit)
    assert all(isinstance(r, Submission) for r in results), results
    assert SubmissionRevision.objects.filter(submission_id=draft.pk).count() == 1
    assert Submission.objects.get(pk=draft.pk).status == "submitted"


def test_parallel_sends_of_one_offline_entry_save_once(draft, demo_user):
    from binhdang.core.models import IdempotencyKey

    user = demo_user("badinh")
    version = draft.version
    form = {**FILLED, "kho_khan": "Gửi từ máy ngoại tuyến."}

    def send(index):
        fresh = Submission.objects.get(pk=draft.pk)
        return services.submission_sync(actor=user, submission=fresh, key="entry-5b0e7c1d", action="submit",
                                        version=version, fields=form, changes=dict(form))

    results = _parallel(3, send)
    assert all(isinstance(r, tuple) for r in results), results
    assert len({(r[0], tuple(sorted(r[1].items()))) for r in results}) == 1  # one answer for all
    assert sorted(r[2] for r in results) == [False, True, True]  # run once, replayed twice
    assert SubmissionRevision.objects.filter(submission_id=draft.pk).count() == 1
    assert IdempotencyKey.objects.filter(user=user).count() == 1
    assert Submission.objects.get(pk=draft.pk).content["kho_khan"] == "Gửi từ máy ngoại tuyến."
