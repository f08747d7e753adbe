from __future__ import annotations

from celery import shared_task

from core.tasks import RETRIED, task_send_on_commit
from ratings.services.recompute import grades_drain, grades_recompute_all

WEBHOOKS_DISPATCH_TASK = "sharing.tasks.webhooks_dispatch_task"


@shared_task(**RETRIED, max_retries=5)
def grades_drain_task() -> int:
    """Regrade the firms in the outbox; safe to run many times at once. Grade changes are
    change-feed events, so the webhook dispatcher (a higher floor, by name) runs next."""
    done = grades_drain()
    if done:
        task_send_on_commit(WEBHOOKS_DISPATCH_TASK)  # outside a transaction: sent at once
    return done


@shared_task(**RETRIED, max_retries=3)
def grades_recompute_all_task() -> int:
    return grades_recompute_all()
