"""Sending one delivery: claimed by a conditional update (a second worker simply loses), sent
outside any transaction (no row is locked while a receiver answers), its outcome recorded with
exponential backoff until it succeeds or its 24 hours are over."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actions import AuditAction
from core.audit import audit_record
from core.tasks import task_send_on_commit
from sharing.models import Delivery, DeliveryStatus, Subscription
from sharing.signing import payload, signed_headers
from sharing.targets import Outcome, target_post

DELIVER_TASK = "sharing.tasks.webhook_deliver_task"
DUE_BATCH = 500


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed attempt: base x 2^(attempts - 1)."""
    return dt.timedelta(seconds=settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def _lease() -> dt.timedelta:
    # A claimed attempt whose worker died is due again once the lease is over.
    return dt.timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS * 2 + 30)


def delivery_attempt(*, delivery_id: int) -> bool | None:
    """Try a due delivery once; True when delivered, False when it failed, None when it was
    not due (delivered already, given up, or claimed by another worker)."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, due_at__lte=now
    ).update(due_at=now + _lease(), attempts=F("attempts") + 1, last_attempt_at=now)
    if claimed != 1:
        return None
    delivery = Delivery.objects.select_related("subscription", "event").get(pk=delivery_id)
    subscription, event = delivery.subscription, delivery.event
    if not subscription.is_active or subscription.removed_at is not None:
        _record(
            delivery, Outcome(None, 0, _("The subscription is disabled or removed.")), final=True
        )
        return False
    body = payload(event_type=event.type, at=event.at, data=event.data)
    headers = signed_headers(
        secret=subscription.secret, message_id=f"msg_{event.pk}", sent_at=now, body=body
    )
    outcome = target_post(subscription.url, body=body, headers=headers)
    _record(delivery, outcome, final=False)
    return outcome.ok


@transaction.atomic
def _record(delivery: Delivery, outcome: Outcome, *, final: bool) -> None:
    now = timezone.now()
    fields = {
        "response_code": outcome.status,
        "latency_ms": outcome.latency_ms,
        "error": outcome.error,
    }
    if outcome.ok:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SUCCEEDED, delivered_at=now, **fields
        )
        Subscription.objects.filter(pk=delivery.subscription_id).update(failure_streak=0)
        return
    due = now + retry_delay(delivery.attempts)
    given_up = final or due > delivery.gives_up_at
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if given_up else DeliveryStatus.PENDING, due_at=due, **fields
    )
    if final:
        return
    Subscription.objects.filter(pk=delivery.subscription_id).update(
        failure_streak=F("failure_streak") + 1
    )
    _disable_if_failing(delivery.subscription_id)


def _disable_if_failing(subscription_id: int) -> None:
    limit = settings.WEBHOOKS_DISABLE_AFTER_FAILURES
    disabled = Subscription.objects.filter(
        pk=subscription_id, is_active=True, failure_streak__gte=limit
    ).update(is_active=False, disabled_at=timezone.now())
    if disabled == 1:
        subscription = Subscription.objects.select_related("department").get(pk=subscription_id)
        audit_record(
            actor=None,
            action=AuditAction.WEBHOOK_DISABLED,
            enterprise=None,
            department=subscription.department,
            data={"subscription": subscription_id, "url": subscription.url, "failures": limit},
        )


def deliveries_due_wake(*, limit: int = DUE_BATCH) -> int:
    """Wake a send for each delivery whose attempt is due (beat's catch-up and the backoff's
    clock); return how many."""
    due = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, due_at__lte=timezone.now())
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        task_send_on_commit(DELIVER_TASK, delivery_id=pk)
    return len(due)
