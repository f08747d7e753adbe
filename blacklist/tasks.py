from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def blacklist_expire_task() -> int:
    from blacklist.services import blacklist_expire_due  # avoids import cycle

    return blacklist_expire_due()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def abnormal_warn_task() -> int:
    from blacklist.abnormal import abnormal_warn_due

    return abnormal_warn_due()
