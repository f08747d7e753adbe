"""The console's webhooks page: subscriptions and the delivery log of the departments a
regulator manages tokens for, with replay; Chinese first, English complete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainPermissionError
from core.models import AuditEntry
from sharing.models import Delivery, Subscription, WebhookEvent
from sharing.services import subscription_create, subscription_remove
from tests.conftest import ROLES
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
URL = "/console/webhooks/"


def failed_delivery(sub: Any, uscc: str, n: int = 0) -> Delivery:
    event = WebhookEvent.objects.create(
        key=f"list.changed|{uscc}|{n}", type="list.changed", uscc=uscc, at=timezone.now()
    )
    now = timezone.now()
    return Delivery.objects.create(
        subscription=sub,
        event=event,
        status="failed",
        attempts=12,
        response_code=502,
        latency_ms=87,
        error="HTTP 502",
        due_at=now,
        gives_up_at=now,
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_roles_that_manage_tokens_see_it(client_as: Any, role: str) -> None:
    response = client_as(role).get(URL)
    assert response.status_code == (200 if role == "admin" else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client_as: Any) -> None:
    response = client_as("anon").get(URL)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_it_lists_subscriptions_and_the_delivery_log(
    client_as: Any, subscribe: Any, firm: Any
) -> None:
    sub = subscribe(url="http://127.0.0.1:9/hook-a")
    failed_delivery(sub, firm.uscc)
    client = client_as("admin")
    page = client.get(URL).content.decode()
    assert "http://127.0.0.1:9/hook-a" in page
    assert firm.uscc in page
    assert "502" in page
    assert "87" in page
    assert "投递记录" in page
    assert "重新投递" in page
    client.cookies["django_language"] = "en"
    english = client.get(URL).content.decode()
    assert "Delivery log" in english
    assert "Replay" in english
    assert sub.secret not in page + english


def test_it_shows_only_the_departments_of_the_jurisdiction(
    client_as: Any, subscribe: Any, firm: Any
) -> None:
    other = subscribe(
        url="http://127.0.0.1:9/hefei", department=DepartmentFactory(code="hf", jurisdiction="3401")
    )
    delivery = failed_delivery(other, firm.uscc)
    client = client_as("admin")  # jurisdiction 3408
    assert "hefei" not in client.get(URL).content.decode()
    assert client.post(URL, {"replay": delivery.pk}).status_code == 404
    assert Delivery.objects.get(pk=delivery.pk).status == "failed"
    national = client_as("admin", jurisdiction="")
    assert "hefei" in national.get(URL).content.decode()


def test_replay_queues_the_delivery_again_and_is_audited(
    client_as: Any, subscribe: Any, firm: Any, monkeypatch: Any
) -> None:
    sent: list[Any] = []
    monkeypatch.setattr("sharing.services.task_send_on_commit", lambda n, **kw: sent.append(kw))
    delivery = failed_delivery(subscribe(), firm.uscc)
    response = client_as("admin").post(URL, {"replay": delivery.pk})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert delivery.gives_up_at > timezone.now() + dt.timedelta(hours=23)
    assert sent == [{"delivery_id": delivery.pk}]
    assert AuditEntry.objects.get(action="accounts.webhook.replayed").data["delivery"] == (
        delivery.pk
    )


@pytest.mark.parametrize("value", ["", "abc", "1\x00", "99999"])
def test_a_bad_replay_is_a_4xx_and_changes_nothing(
    client_as: Any, subscribe: Any, firm: Any, value: str
) -> None:
    delivery = failed_delivery(subscribe(), firm.uscc)
    response = client_as("admin").post(URL, {"replay": value})
    assert 400 <= response.status_code < 500
    assert Delivery.objects.get(pk=delivery.pk).status == "failed"
    assert not AuditEntry.objects.filter(action="accounts.webhook.replayed").exists()


def test_a_disabled_subscription_is_not_replayed(client_as: Any, subscribe: Any, firm: Any) -> None:
    delivery = failed_delivery(subscribe(is_active=False), firm.uscc)
    response = client_as("admin").post(URL, {"replay": delivery.pk}, follow=True)
    assert "disabled" in response.content.decode() or "停用" in response.content.decode()
    assert Delivery.objects.get(pk=delivery.pk).status == "failed"


def test_the_log_is_read_in_constant_queries(client_as: Any, subscribe: Any, firm: Any) -> None:
    client = client_as("admin")
    sub = subscribe()
    failed_delivery(sub, firm.uscc, 0)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(1, 25):
        failed_delivery(subscribe(), firm.uscc, n)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_console_navigation_links_it_for_admins(client_as: Any) -> None:
    assert reverse("sharing:webhooks") in client_as("admin").get("/console/").content.decode()


def subscribe_form(department: Any, **kw: Any) -> dict[str, Any]:
    return {
        "subscribe": "1",
        "department": department.pk,
        "url": "http://127.0.0.1:9/from-console",
        "events": ["restriction.changed", "list.changed"],
        "enterprises": "",
        **kw,
    }


def test_an_administrator_subscribes_from_the_console(
    client_as: Any, department: Any, firm: Any
) -> None:
    response = client_as("admin").post(
        URL, subscribe_form(department, enterprises=f"{firm.uscc}\n")
    )
    assert response.status_code == 200
    sub = Subscription.objects.get()
    assert (sub.department, sub.enterprises) == (department, [firm.uscc])
    assert sub.events == ["list.changed", "restriction.changed"]
    assert sub.created_by is not None
    assert sub.secret in response.content.decode()  # shown once, now
    assert sub.secret not in client_as("admin").get(URL).content.decode()
    assert AuditEntry.objects.get(action="accounts.webhook.subscribed").actor_id == (
        sub.created_by_id
    )


@pytest.mark.parametrize(
    "change",
    [
        {"url": "ftp://127.0.0.1/"},
        {"events": []},
        {"events": ["grade.teleported"]},
        {"enterprises": "91110000600037341L"},
        {"enterprises": "NOT-A-CODE"},
        {"url": ""},
    ],
)
def test_bad_console_input_is_a_400_and_writes_nothing(
    client_as: Any, department: Any, change: dict[str, Any]
) -> None:
    response = client_as("admin").post(URL, subscribe_form(department, **change))
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert not AuditEntry.objects.filter(action="accounts.webhook.subscribed").exists()


def test_a_department_outside_the_jurisdiction_cannot_be_chosen(client_as: Any) -> None:
    other = DepartmentFactory(code="hf", jurisdiction="3401")
    response = client_as("admin").post(URL, subscribe_form(other))
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_the_services_check_who_manages_the_department(
    make_user: Any, department: Any, subscribe: Any
) -> None:
    elsewhere = make_user("admin", jurisdiction="4403")
    clerk = make_user("clerk")
    for actor in (elsewhere, clerk):
        with pytest.raises(DomainPermissionError):
            subscription_create(
                department=department,
                url="http://127.0.0.1:9/",
                events=["grade.changed"],
                enterprises=None,
                actor=actor,
            )
        with pytest.raises(DomainPermissionError):
            subscription_remove(subscription=subscribe(), actor=actor)
    assert Subscription.objects.filter(removed_at__isnull=True).count() == 2


def test_an_administrator_removes_a_subscription(client_as: Any, subscribe: Any) -> None:
    sub = subscribe(url="http://127.0.0.1:9/gone")
    client = client_as("admin")
    assert client.post(URL, {"remove": sub.pk}).status_code == 302
    sub.refresh_from_db()
    assert sub.removed_at is not None
    assert "127.0.0.1:9/gone" not in client.get(URL).content.decode().split("投递记录")[0]
