"""End to end through a real Celery worker and a receiver on loopback: a listing reaches the
receiver as a correctly signed restriction.changed within 5 s, and a failing receiver is
retried with backoff."""

from __future__ import annotations

import time
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from enterprises.services.regions import regions_load
from lists.abnormal import abnormal_list
from sharing.delivery import deliveries_due_wake
from sharing.models import Delivery
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory
from tests.sharing.receiver import Received, Receiver, receiving
from tests.worker import running_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setting(transactional_db: None) -> dict[str, Any]:
    regions_load()  # transactional tests flush tables between tests
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    _t, raw = api_token_issue(department=department, name="t", actor=None)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    officer = RegulatorFactory(role="list_officer", department=department, jurisdiction="3408")
    return {"api": api, "officer": officer, "firm": EnterpriseFactory(region_id="340802")}


def subscribed(api: APIClient, receiver: Receiver, event: str = "restriction.changed") -> None:
    response = api.post(
        "/api/v1/subscriptions/",
        {"url": receiver.url, "events": [event]},
        format="json",
    )
    assert response.status_code == 201
    receiver.secret = response.json()["secret"]


def listed(receiver: Receiver) -> Received | None:
    """The delivery announcing the listing (the regrade it causes announces its own)."""
    return next((r for r in receiver.received if r.body["data"]["changed"] == ["abnormal"]), None)


def test_a_listing_reaches_the_receiver_signed_within_5_seconds(setting: dict[str, Any]) -> None:
    firm = setting["firm"]
    with receiving() as receiver:
        subscribed(setting["api"], receiver)
        with running_worker():
            started = time.monotonic()
            abnormal_list(
                actor=setting["officer"], enterprise=firm, ground="unreachable", facts="查无此址"
            )
            assert wait_for(lambda: listed(receiver) is not None, timeout=30)
    first = listed(receiver)
    assert first is not None
    assert first.at - started < 5.0
    assert first.verified is True
    assert first.body["type"] == "restriction.changed"
    assert first.body["data"]["uscc"] == firm.uscc
    assert first.body["data"]["changed"] == ["abnormal"]
    assert "procurement" in first.body["data"]["restricted_actions"]
    # The listing made the firm C as well: its grade event is a restriction.changed too.
    assert {tuple(r.body["data"]["changed"]) for r in receiver.received} == {
        ("abnormal",),
        ("grade",),
    }
    assert all(r.verified for r in receiver.received)
    assert set(Delivery.objects.values_list("status", "response_code")) == {("succeeded", 200)}


def test_a_failing_receiver_is_retried_with_backoff(
    setting: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBHOOKS_RETRY_BASE_SECONDS", "1")  # the worker's first wait
    with receiving() as receiver:
        receiver.statuses = [503]
        subscribed(setting["api"], receiver, "list.changed")  # one event: the listing
        with running_worker():
            abnormal_list(
                actor=setting["officer"],
                enterprise=setting["firm"],
                ground="unreachable",
                facts="查无此址",
            )
            assert wait_for(lambda: len(receiver.received) == 1, timeout=30)
            delivery = Delivery.objects.get()
            assert wait_for(lambda: Delivery.objects.get().response_code == 503, timeout=10)
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts) == ("pending", 1)
            # Beat's poll of due deliveries, run here: not due yet, then due after 1 s.
            time.sleep(1.2)
            assert deliveries_due_wake() == 1
            assert wait_for(lambda: len(receiver.received) == 2, timeout=30)
            assert wait_for(lambda: Delivery.objects.get().status == "succeeded", timeout=10)
    first, second = receiver.received
    assert second.at - first.at >= 1.0
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert second.verified is True
    assert Delivery.objects.get().attempts == 2
