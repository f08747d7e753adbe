"""Public reads from PostgreSQL streaming replicas (`DATABASE_REPLICA_URLS`).

Only what anyone may read goes to a replica: safe requests to the public views (the modules
in `REPLICA_READ_MODULES`, the disclosure pages and open-data API). Every write, every
`select_for_update`, the console, the firm's pages and the department API stay on the
primary. A replica lags by a few milliseconds, so a browser that has just written something
(any unsafe request) reads from the primary for `REPLICA_STICKY_SECONDS` after it: a firm that
files a report and opens its public profile sees its own change (read-after-write).

With no replica configured nothing here runs: the router is only installed when
`DATABASE_REPLICA_URLS` names one (credit_portal/settings/base.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse

REPLICA_PREFIX = "replica"
STICKY_COOKIE = "primary_reads"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The replica this request reads from ("" = the primary): one per request, so that everything
# it reads (the data version its cached answers are keyed by, and the answer) is one snapshot
# of one server.
_replica_reads: ContextVar[str] = ContextVar("replica_reads", default="")


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def _replica_pick() -> str:
    aliases = replica_aliases()
    # Spreading load, not a secret: any generator will do.
    return random.choice(aliases) if aliases else ""  # noqa: S311


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside the block may come from a replica (writes never do)."""
    token = _replica_reads.set(_replica_pick())
    try:
        yield
    finally:
        _replica_reads.reset(token)


class PublicReadRouter:
    """Reads inside `replica_reads()` go to the replica picked for the request at random (equal
    load); all else, and every write, to the primary. Written to 'default' explicitly: Django
    would otherwise save an object on the database it was read from."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return _replica_reads.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # a replica holds the primary's rows, byte for byte

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def reads_from_replica(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
    """A safe request to a public view, from a client that has not just written."""
    if request.method not in SAFE_METHODS or STICKY_COOKIE in request.COOKIES:
        return False
    view = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None) or view_func
    module = getattr(view, "__module__", "") or ""
    return any(module.startswith(prefix) for prefix in settings.REPLICA_READ_MODULES)


class ReplicaReadMiddleware:
    """Routes a public request's reads to a replica and keeps a writer on the primary for a
    while after its write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _replica_reads.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        if reads_from_replica(request, view_func):
            request._replica_token = _replica_reads.set(_replica_pick())  # type: ignore[attr-defined]
