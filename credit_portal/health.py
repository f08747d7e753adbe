"""Liveness (/healthz) and readiness (/readyz) for load balancers and compose health checks.

Liveness says the process serves and reaches its database: restart it if not. Readiness
adds the broker (records saved now would be graded only by the beat) and the cache
(throttles and lockouts are shared through it): send no traffic if any is down.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from credit_portal.celery import app


def _database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _broker_up() -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            conn.default_channel  # noqa: B018 (Redis connects only when a channel is opened)
    except Exception:  # noqa: BLE001 (kombu raises a different error per transport)
        return False
    return True


def _cache_up() -> bool:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # noqa: BLE001 (each cache backend raises its own errors)
        return False
    return ok


def _answer(checks: dict[str, bool]) -> JsonResponse:
    ok = all(checks.values())
    body = {"status": "ok" if ok else "unavailable"}
    body |= {name: "up" if up else "down" for name, up in checks.items()}
    return JsonResponse(body, status=200 if ok else 503)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise."""
    return _answer({"database": _database_up()})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the broker and the cache all answer; 503 naming what is down."""
    return _answer({"database": _database_up(), "broker": _broker_up(), "cache": _cache_up()})
