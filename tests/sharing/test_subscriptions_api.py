"""POST/GET/DELETE /api/v1/subscriptions/: a department's own subscriptions, validated
(events, https, SSRF refusal) before anything is written."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from core.models import AuditEntry
from sharing.models import Subscription
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/subscriptions/"
PUBLIC_IP = "93.184.216.34"


def client_of(department: Any) -> APIClient:
    _t, raw = api_token_issue(department=department, name="t", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def resolve_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """hooks.example.org resolves to a public address (DNS leaves the process: mocked)."""
    real = socket.getaddrinfo

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "hooks.example.org":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_IP, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_it_subscribes_and_shows_the_secret_once(api: APIClient, department: Any) -> None:
    response = api.post(
        URL,
        {"url": "http://127.0.0.1:9/hook", "events": ["restriction.changed", "grade.changed"]},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "secret"}
    assert body["secret"].startswith("whsec_")
    row = Subscription.objects.get(pk=body["id"])
    assert (row.department, row.secret, row.enterprises) == (department, body["secret"], [])
    assert row.events == ["grade.changed", "restriction.changed"]
    audit = AuditEntry.objects.get(action="accounts.webhook.subscribed")
    assert body["secret"] not in str(audit.data)
    listed = api.get(URL).json()
    assert [s["id"] for s in listed] == [body["id"]]
    assert "secret" not in listed[0]


def test_it_takes_a_watch_list_of_codes(api: APIClient, firm: Any) -> None:
    response = api.post(
        URL,
        {
            "url": "http://127.0.0.1:9/",
            "events": ["list.changed"],
            "enterprises": [firm.uscc.lower()],
        },
        format="json",
    )
    assert response.status_code == 201
    assert Subscription.objects.get().enterprises == [firm.uscc]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["grade.changed"]}, "url"),
        ({"url": "http://127.0.0.1:9/"}, "events"),
        ({"url": "http://127.0.0.1:9/", "events": []}, "events"),
        ({"url": "http://127.0.0.1:9/", "events": ["grade.teleported"]}, "events"),
        ({"url": "http://127.0.0.1:9/", "events": "grade.changed"}, "events"),
        (
            {"url": "http://127.0.0.1:9/", "events": ["list.changed"], "enterprises": ["X"]},
            "enterprises",
        ),
        (
            {
                "url": "http://127.0.0.1:9/",
                "events": ["list.changed"],
                "enterprises": ["91110000600037341L"],  # valid, no such firm
            },
            "enterprises",
        ),
        ({"url": "ftp://127.0.0.1/", "events": ["list.changed"]}, None),
        ({"url": "http://user:pw@127.0.0.1/", "events": ["list.changed"]}, None),
        ({"url": "http://no-such-host.invalid/", "events": ["list.changed"]}, None),
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(api: APIClient, body: Any, field: Any) -> None:
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    if field:  # DRF names the field at the top; a service's ValidationError under detail
        body = response.json()
        assert field in body or field in body.get("detail", {})
    assert not Subscription.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="accounts.webhook").exists()


@override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=False)
@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://100.64.0.1/hook",
        "http://hooks.example.org/hook",  # plain http: only where private targets are allowed
    ],
)
def test_private_targets_and_plain_http_are_refused(
    api: APIClient, resolve_public: None, url: str
) -> None:
    response = api.post(URL, {"url": url, "events": ["grade.changed"]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_target"
    assert not Subscription.objects.exists()


@override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=False)
def test_a_public_https_target_is_accepted(api: APIClient, resolve_public: None) -> None:
    response = api.post(
        URL, {"url": "https://hooks.example.org/hook", "events": ["grade.changed"]}, format="json"
    )
    assert response.status_code == 201


def test_a_department_sees_and_removes_only_its_own(api: APIClient, department: Any) -> None:
    other = client_of(DepartmentFactory(code="hf-amr", jurisdiction="3401"))
    theirs = other.post(
        URL, {"url": "http://127.0.0.1:9/", "events": ["grade.changed"]}, format="json"
    ).json()["id"]
    mine = api.post(
        URL, {"url": "http://127.0.0.1:8/", "events": ["grade.changed"]}, format="json"
    ).json()["id"]
    assert [s["id"] for s in api.get(URL).json()] == [mine]
    assert api.delete(f"{URL}{theirs}/").status_code == 404
    assert Subscription.objects.get(pk=theirs).removed_at is None
    assert api.delete(f"{URL}{mine}/").status_code == 204
    assert api.delete(f"{URL}{mine}/").status_code == 404
    assert api.get(URL).json() == []
    removed = Subscription.objects.get(pk=mine)
    assert removed.removed_at is not None
    assert removed.is_active is False
    assert AuditEntry.objects.filter(action="accounts.webhook.removed").count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_needs_a_department_token(method: str, client_as: Any) -> None:
    anonymous = getattr(APIClient(), method)(URL, {}, format="json")
    assert anonymous.status_code in (401, 403)
    session = getattr(client_as("admin"), method)(URL, {}, content_type="application/json")
    assert session.status_code in (401, 403)
    assert not Subscription.objects.exists()


def test_an_unknown_subscription_is_a_404(api: APIClient) -> None:
    assert api.delete(f"{URL}999999/").status_code == 404
