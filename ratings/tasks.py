from __future__ import annotations

from celery import shared_task

from core.tasks import RETRIED
from ratings.services.recompute import grades_drain, grades_recompute_all


@shared_task(**RETRIED, max_retries=5)
def grades_drain_task() -> int:
    """Regrade the firms in the outbox; safe to run many times at once."""
    return grades_drain()


@shared_task(**RETRIED, max_retries=3)
def grades_recompute_all_task() -> int:
    return grades_recompute_all()
