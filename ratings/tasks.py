from __future__ import annotations

from celery import group, shared_task
from django.db import connection

from core.tasks import RETRIED, task_send_on_commit
from ratings.services.recompute import grades_drain, grades_recompute_all
from ratings.services.sweeps import grades_sweep_range_run, grades_sweep_start

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
    """Every firm (nightly, after a policy change). On PostgreSQL a sweep whose id ranges go
    out as a group of tasks, one per range, for every worker to share; returns the number of
    ranges. Elsewhere (the embedded SQLite default) one pass here; returns grades changed.

    A redelivery after the sweep was written but before its tasks went out starts a new
    sweep; the stranded one is never run and changes nothing."""
    if connection.vendor != "postgresql":
        return grades_recompute_all()
    ranges = grades_sweep_start()  # committed: the range tasks find their rows
    if ranges:
        group(grades_sweep_range_task.s(range_id=range_id) for range_id in ranges).apply_async()
    return len(ranges)


@shared_task(**RETRIED, max_retries=5)
def grades_sweep_range_task(range_id: int) -> int:
    """One range of a sweep; a second delivery finds it done and changes nothing."""
    changed = grades_sweep_range_run(range_id=range_id)
    if changed:
        task_send_on_commit(WEBHOOKS_DISPATCH_TASK)
    return changed
