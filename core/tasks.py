"""Tasks that leave only after commit, so a worker never reads rows that are not there yet."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, current_app
from django.db import OperationalError as DatabaseOperationalError
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def _send(name: str, kwargs: dict[str, Any]) -> None:
    # The data is already committed when this runs, so a broker outage is logged, not raised:
    # the periodic sweeps (beat) catch up.
    try:
        current_app.send_task(name, kwargs=kwargs, retry=True, retry_policy={"max_retries": 2})
    except OperationalError:
        logger.exception("broker unavailable; %s deferred to the periodic sweep", name)


class TransactionAwareTask(Task):
    """`delay`/`apply_async` inside a transaction wait for its commit (at once outside one)."""

    abstract = True

    def apply_async(  # type: ignore[override]  # returns None while the commit is pending
        self, args: Any = None, kwargs: Any = None, **options: Any
    ) -> Any:
        if not transaction.get_connection().in_atomic_block:
            return super().apply_async(args, kwargs, **options)
        transaction.on_commit(lambda: _send(self.name, dict(kwargs or {})))
        return None


def task_send_on_commit(name: str, **kwargs: Any) -> None:
    """Wake the task registered as `name` once the current transaction commits.

    By name, so a lower layer can wake a worker of a higher one without importing it.
    """
    transaction.on_commit(lambda: _send(name, kwargs))


# Options of every portal task: sent after commit, acknowledged after the work (a killed worker
# loses nothing) and retried when the database is briefly unavailable; services are idempotent.
RETRIED: dict[str, Any] = {
    "base": TransactionAwareTask,
    "acks_late": True,
    "autoretry_for": (DatabaseOperationalError,),
    "retry_backoff": True,
}
