from __future__ import annotations

from celery import shared_task

from core.tasks import RETRIED
from publicity.events import publicity_events_record


@shared_task(**RETRIED, max_retries=5)
def publicity_events_record_task() -> int:
    """Record the penalties that entered or left public view since the last run."""
    return publicity_events_record()
