"""/health/ (django-health-check): database, cache, the worker's heartbeat, disk space."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_health_fails_without_a_worker_and_passes_once_one_ran(client):
    # given: no worker has run; the probe queues a heartbeat job
    before = client.get("/health/?format=json")
    # when: a worker drains the queue
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    after = client.get("/health/?format=json")
    # then
    assert before.status_code == 500
    assert [v for v in before.json().values() if v != "OK"] == [
        "Unavailable: no background worker heartbeat (last: never)"]
    assert after.status_code == 200 and set(after.json().values()) == {"OK"}
    assert len(after.json()) == 5  # database, cache, worker, disk of the media and of var/


def test_health_needs_no_login_and_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/?format=json").status_code in (200, 500)
    assert client.get("/").status_code == 301
