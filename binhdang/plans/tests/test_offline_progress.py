"""A progress update typed offline and sent with an idempotency key: once per key."""

import pytest
from rest_framework.test import APIClient

from binhdang.core.models import IdempotencyKey
from binhdang.plans.models import TaskUpdate

pytestmark = pytest.mark.django_db
KEY = "9d2f7a10-4c3b-4e8e-8f61-2b7c0a5e9d33"


def test_a_retried_offline_update_is_added_once(task_of, demo_user):
    task = task_of("III.8")  # led by the communes, badinh's ward among them
    client = APIClient()
    client.force_authenticate(demo_user("badinh"))
    url = f"/api/tasks/{task.pk}/progress/"
    body = {"text": "Đã xây dựng kế hoạch phường (nhập khi mất mạng)", "percent": 40, "status": "in_progress"}
    # when: sent, the answer lost, sent again; then the key reused for other text
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    other = client.post(url, {**body, "percent": 90}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    # then
    assert first.status_code == 201 and first["Idempotent-Replayed"] == "false"
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert first.json()["percent"] == 40 and first.json()["text"] == body["text"]
    assert other.status_code == 409 and other.json()["code"] == "idempotency_mismatch"
    assert "đã được dùng cho một nội dung khác" in other.json()["detail"]
    assert TaskUpdate.objects.filter(task=task).count() == 1
    assert IdempotencyKey.objects.filter(key=KEY).count() == 1


def test_an_invalid_offline_update_stores_no_key(task_of, demo_user):
    from binhdang.core.errors import DomainError
    from binhdang.plans.services import task_update_progress_once

    task = task_of("III.8")
    with pytest.raises(DomainError) as refused:
        task_update_progress_once(actor=demo_user("badinh"), task=task, key=KEY, text="   ", percent=10)
    assert refused.value.message == "Hãy ghi nội dung cập nhật."
    assert not IdempotencyKey.objects.exists() and not TaskUpdate.objects.exists()
