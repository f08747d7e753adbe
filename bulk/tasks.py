"""The nightly dump as a task: one service call, safe to run twice (a re-run replaces the day)."""

from __future__ import annotations

from celery import shared_task

from bulk.services import bulk_nightly
from core.tasks import RETRIED


@shared_task(**RETRIED, max_retries=3)
def bulk_export_task() -> int:
    """Dump today's public datasets and prune past the retention (beat, nightly)."""
    return len(bulk_nightly())
