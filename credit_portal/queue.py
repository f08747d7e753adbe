"""Enqueue tasks after commit without letting a broker outage fail the request."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, **kwargs: Any) -> None:
    """Send `task` once the current transaction commits.

    The data is already committed when this runs, so a broker outage is logged, not raised:
    the nightly sweep recomputes every file and catches up.
    """

    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs, retry=True, retry_policy={"max_retries": 2})
        except OperationalError:
            logger.exception("broker unavailable; %s deferred to the nightly sweep", task.name)

    transaction.on_commit(send)
