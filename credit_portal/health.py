"""Liveness (/healthz) and readiness (/readyz) for load balancers and compose health checks.

Liveness says the process serves and reaches its database: restart it if not. Readiness
adds the broker (records saved now would be graded only by the beat), the cache (throttles
and lockouts are shared through it) and each read replica, with its replay lag (public pages
read from it): send no traffic if any is down or a replica lags past REPLICA_MAX_LAG_SECONDS.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.replicas import replica_aliases
from credit_portal.celery import app

# Seconds behind the primary; 0 when everything received has been replayed (an idle primary
# sends nothing, so the last replay's age alone would read as lag).
_REPLAY_LAG = """
    SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
           ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


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


def _replica_lag(alias: str) -> float | None:
    """Seconds the replica is behind, or None if it does not answer."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(_REPLAY_LAG)
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return float(row[0]) if row and row[0] is not None else 0.0


def _answer(checks: dict[str, bool], **figures: float | None) -> JsonResponse:
    ok = all(checks.values())
    body: dict[str, object] = {"status": "ok" if ok else "unavailable"}
    body |= {name: "up" if up else "down" for name, up in checks.items()}
    body |= figures
    return JsonResponse(body, status=200 if ok else 503)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise."""
    return _answer({"database": _database_up()})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the broker, the cache and every replica (close enough behind)
    answer; 503 naming what is down."""
    checks = {"database": _database_up(), "broker": _broker_up(), "cache": _cache_up()}
    lags: dict[str, float | None] = {}
    for alias in replica_aliases():
        lag = _replica_lag(alias)
        checks[alias] = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
        lags[f"{alias}_lag_seconds"] = None if lag is None else round(lag, 3)
    return _answer(checks, **lags)
