from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def credit_file_summary_refresh_task(*, enterprise_ids: list[int]) -> int:
    from enterprises.services.summary import credit_file_summary_refresh  # avoids import cycle

    return credit_file_summary_refresh(enterprise_ids=enterprise_ids)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def credit_file_summary_sweep_task() -> int:
    from enterprises.services.summary import credit_file_summary_refresh

    return credit_file_summary_refresh(enterprise_ids=None)
