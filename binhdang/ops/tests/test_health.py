"""/health/ (django-health-check): database, cache, the worker's heartbeat, disk space."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def _get(client, url: str):
    """The request from a thread of its own: django-health-check runs its checks through
    async_to_sync, which refuses a thread where an event loop runs (Playwright's, when a
    browser test ran earlier in this worker)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(client.get, url).result()


def test_health_fails_without_a_worker_and_passes_once_one_ran(client):
    # given: no worker has run; the probe queues a heartbeat job
    before = _get(client, "/health/?format=json")
    # when: a worker drains the queue
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    after = _get(client, "/health/?format=json")
    # then
    assert before.status_code == 500
    assert [v for v in before.json().values() if v != "OK"] == [
        "Unavailable: no background worker heartbeat (last: never)"]
    assert after.status_code == 200 and set(after.json().values()) == {"OK"}
    assert len(after.json()) == 5  # database, cache, worker, disk of the media and of var/


def test_health_needs_no_login_and_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert _get(client, "/health/?format=json").status_code in (200, 500)
    assert _get(client, "/").status_code == 301
