from __future__ import annotations

from celery import shared_task

from core.tasks import RETRIED
from lists.abnormal_escalation import abnormal_warn_due
from lists.removal import blacklist_expire_due


@shared_task(**RETRIED, max_retries=5)
def blacklist_expire_task() -> int:
    return blacklist_expire_due()


@shared_task(**RETRIED, max_retries=5)
def abnormal_warn_task() -> int:
    return abnormal_warn_due()
