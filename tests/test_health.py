"""Liveness and readiness answer separately: a down broker or cache makes the portal not
ready (503 naming it) while it stays alive."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client, override_settings

from credit_portal.celery import app

pytestmark = pytest.mark.django_db

_NOWHERE_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


@pytest.fixture
def broker_down() -> Iterator[None]:
    previous = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = _NOWHERE_REDIS
    app._pool = None  # kombu keeps a pool per URL
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_write_url = previous
        app._pool = None


def test_ready_when_database_broker_and_cache_answer() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "broker": "up", "cache": "up"}


def test_not_ready_but_alive_while_the_broker_is_down(broker_down: None) -> None:
    ready = Client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["broker"] == "down"
    assert ready.json()["database"] == "up"
    assert Client().get("/healthz").status_code == 200


def test_not_ready_while_the_cache_is_down() -> None:
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _NOWHERE_REDIS,
        }
    }
    with override_settings(CACHES=caches):
        ready = Client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["cache"] == "down"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_speak_plain_http_while_pages_are_redirected_to_https() -> None:
    client = Client()
    assert client.get("/").status_code == 301
    for probe in ("/healthz", "/readyz"):
        response = client.get(probe)
        assert response.status_code == 200
        assert "max-age=0" in response["Cache-Control"]
