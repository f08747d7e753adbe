from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def grades_drain_task() -> int:
    """Regrade the firms in the outbox; safe to run many times at once."""
    from ratings.services.recompute import grades_drain  # avoids import cycle

    return grades_drain()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def grades_recompute_all_task() -> int:
    from ratings.services.recompute import grades_recompute_all

    return grades_recompute_all()
