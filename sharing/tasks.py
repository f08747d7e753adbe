"""Webhook tasks: ids in, one service call; every service is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRIED
from sharing.delivery import deliveries_due_wake, delivery_attempt
from sharing.dispatch import webhooks_dispatch


@shared_task(**RETRIED, max_retries=5)
def webhooks_dispatch_task() -> int:
    """Fan new change-feed events out into deliveries (beat every 5 s, and woken)."""
    return webhooks_dispatch()


@shared_task(**RETRIED, max_retries=3)
def webhook_deliver_task(*, delivery_id: int) -> bool | None:
    """One attempt of one delivery; retries with backoff come from its due_at, polled."""
    return delivery_attempt(delivery_id=delivery_id)


@shared_task(**RETRIED, max_retries=3)
def webhook_deliveries_due_task() -> int:
    return deliveries_due_wake()
