"""Retrying a whole transaction that lost a race: a deadlock, a serialization failure, or a
unique key another transaction inserted first. Bounded and jittered, so two batches that
collided do not collide again in lock step."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, OperationalError, connection

T = TypeVar("T")
# PostgreSQL's deadlock_detected and serialization_failure.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_lost_race(error: BaseException) -> bool:
    """Whether the error means "try the same transaction again" rather than "this is wrong"."""
    if isinstance(error, IntegrityError):
        return True  # the retry sees the row the other transaction committed and updates it
    if isinstance(error, OperationalError):
        code = getattr(error.__cause__, "pgcode", None)
        # SQLite's "database is locked" is its form of the same race.
        return code in _RETRYABLE_SQLSTATES or "database is locked" in str(error)
    return False


def transaction_retried(work: Callable[[], T], *, attempts: int = 5, pause: float = 0.05) -> T:
    """Run `work` (a whole transaction) until it does not lose a race, at most `attempts`
    times; the last error is raised as it is. Inside an outer transaction there is nothing to
    retry (the outer one is already aborted), so it runs once."""
    if connection.in_atomic_block:
        return work()
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except (IntegrityError, OperationalError) as error:
            if attempt == attempts or not is_lost_race(error):
                raise
            time.sleep(pause * attempt * (0.5 + random.random()))  # noqa: S311 (jitter)
    raise AssertionError("unreachable")
