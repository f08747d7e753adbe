"""One delivery: signed as Standard Webhooks say, verified by a receiver with the same library,
retried with exponential backoff for 24 hours, the subscription disabled after repeated
failure, and a target that now resolves to a private address refused (DNS rebinding)."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from core.models import AuditEntry
from sharing.delivery import deliveries_due_wake, delivery_attempt, retry_delay
from sharing.models import Delivery, WebhookEvent
from tests.sharing.receiver import receiving

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(firm: Any) -> WebhookEvent:
    return WebhookEvent.objects.create(
        key=f"restriction.changed|{firm.uscc}|x",
        type="restriction.changed",
        uscc=firm.uscc,
        at=timezone.now(),
        data={"uscc": firm.uscc, "changed": ["abnormal"], "restricted_actions": ["bidding"]},
    )


def deliver(sub: Any, event: WebhookEvent) -> Delivery:
    now = timezone.now()
    return Delivery.objects.create(
        subscription=sub, event=event, due_at=now, gives_up_at=now + dt.timedelta(hours=24)
    )


def test_a_delivery_is_signed_and_verified_by_the_receiver(subscribe: Any, event: Any) -> None:
    with receiving() as receiver:
        sub = subscribe(url=receiver.url)
        receiver.secret = sub.secret
        delivery = deliver(sub, event)
        assert delivery_attempt(delivery_id=delivery.pk) is True
    (got,) = receiver.received
    assert got.verified is True
    assert got.headers["webhook-id"] == f"msg_{event.pk}"
    assert got.headers["webhook-signature"].startswith("v1,")
    assert got.body == {
        "type": "restriction.changed",
        "timestamp": event.at.astimezone(dt.UTC).isoformat(),
        "data": event.data,
    }
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 200)
    assert delivery.latency_ms is not None
    assert delivery.delivered_at is not None
    assert delivery_attempt(delivery_id=delivery.pk) is None  # delivered: never again


def test_a_wrong_secret_does_not_verify(subscribe: Any, event: Any) -> None:
    with receiving() as receiver:
        sub = subscribe(url=receiver.url)
        receiver.secret = "whsec_" + "A" * 43
        delivery_attempt(delivery_id=deliver(sub, event).pk)
    assert receiver.received[0].verified is False


def test_a_failing_receiver_is_retried_with_exponential_backoff(
    subscribe: Any, event: Any, time_machine: Any
) -> None:
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    with receiving() as receiver:
        receiver.statuses = [500, 503, 500]
        sub = subscribe(url=receiver.url)
        receiver.secret = sub.secret
        delivery = deliver(sub, event)
        waits = []
        for attempt in (1, 2, 3):
            assert delivery_attempt(delivery_id=delivery.pk) is False
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts) == ("pending", attempt)
            waits.append(delivery.due_at - timezone.now())
            # Not due before its time (the day before, so to speak), due at it.
            time_machine.move_to(delivery.due_at - dt.timedelta(seconds=1), tick=False)
            assert delivery_attempt(delivery_id=delivery.pk) is None
            time_machine.move_to(delivery.due_at, tick=False)
        assert delivery_attempt(delivery_id=delivery.pk) is True
    assert waits == [retry_delay(1), retry_delay(2), retry_delay(3)]
    assert waits == [dt.timedelta(seconds=s) for s in (30, 60, 120)]
    assert [r.verified for r in receiver.received] == [True] * 4
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 4, 200)
    sub.refresh_from_db()
    assert sub.failure_streak == 0
    assert sub.is_active


def test_it_gives_up_after_24_hours(subscribe: Any, event: Any, time_machine: Any) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    with receiving() as receiver:
        receiver.statuses = [500] * 30
        sub = subscribe(url=receiver.url)
        delivery = deliver(sub, event)
        while delivery_attempt(delivery_id=delivery.pk) is not None:
            delivery.refresh_from_db()
            time_machine.move_to(delivery.due_at, tick=False)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    # 30 s doubling: the 13th retry would come after the 24 hours.
    assert delivery.attempts == 12
    assert delivery.last_attempt_at <= delivery.gives_up_at
    assert delivery.response_code == 500


@override_settings(WEBHOOKS_DISABLE_AFTER_FAILURES=3)
def test_repeated_failure_disables_the_subscription(subscribe: Any, event: Any, firm: Any) -> None:
    with receiving() as receiver:
        receiver.statuses = [500] * 5
        sub = subscribe(url=receiver.url)
        deliveries = [deliver(sub, event)]
        for n in range(3):
            other = WebhookEvent.objects.create(
                key=f"k{n}", type="list.changed", uscc=firm.uscc, at=timezone.now()
            )
            deliveries.append(deliver(sub, other))
        for d in deliveries:
            delivery_attempt(delivery_id=d.pk)
    sub.refresh_from_db()
    assert sub.is_active is False
    assert sub.disabled_at is not None
    assert len(receiver.received) == 3  # the fourth is not sent
    last = Delivery.objects.get(pk=deliveries[-1].pk)
    assert (last.status, last.error) == ("failed", "该订阅已停用或已删除。")
    audit = AuditEntry.objects.get(action="accounts.webhook.disabled")
    assert audit.data["failures"] == 3


@override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=False)
def test_a_name_rebound_to_a_private_address_is_refused_at_delivery(
    subscribe: Any, event: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with receiving() as receiver:
        port = receiver.url.split(":")[2].split("/")[0]
        sub = subscribe(url=f"https://hooks.example.org:{port}/hook")

        def rebound(host: str, *args: Any, **kwargs: Any) -> Any:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", int(port)))]

        monkeypatch.setattr(socket, "getaddrinfo", rebound)
        delivery = deliver(sub, event)
        assert delivery_attempt(delivery_id=delivery.pk) is False
    assert receiver.received == []
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.response_code is None
    assert "私有" in delivery.error  # Chinese first


def test_due_deliveries_are_woken(subscribe: Any, event: Any, firm: Any, monkeypatch: Any) -> None:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr("sharing.delivery.task_send_on_commit", lambda n, **kw: sent.append(kw))
    sub = subscribe()
    due = deliver(sub, event)
    later = deliver(
        sub, WebhookEvent.objects.create(key="k", type="list.changed", uscc=firm.uscc, at=event.at)
    )
    Delivery.objects.filter(pk=later.pk).update(due_at=timezone.now() + dt.timedelta(minutes=1))
    assert deliveries_due_wake() == 1
    assert sent == [{"delivery_id": due.pk}]
