"""The dispatcher: new change-feed events become webhook events and a Delivery per matching
subscription, after a durable cursor, once (events are unique, deliveries once per
subscription and event), so a rerun, a retry or two dispatchers at once change nothing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.roles import covers
from core.tasks import task_send_on_commit
from disclosure.changes import Change, changes_between
from enterprises.models import Enterprise
from lists.restriction_batch import enterprises_restricted_actions
from sharing.delivery import DELIVER_TASK
from sharing.events import PendingEvent, events_from
from sharing.models import (
    Delivery,
    DispatchCursor,
    EventType,
    Subscription,
    WebhookEvent,
)

PAGE = 500
PAGES_PER_RUN = 20  # a burst (the nightly regrade) is fanned out over several runs


def subscription_matches(
    subscription: Subscription, *, event_type: str, uscc: str, region: str, at: dt.datetime
) -> bool:
    """Whether the subscription wants this event: its type, a firm of its watch-list (or of
    its department's jurisdiction when it has none), and a change made since it subscribed."""
    if not subscription.is_active or subscription.removed_at is not None:
        return False
    if event_type not in subscription.events or at < subscription.created_at:
        return False
    if subscription.enterprises:
        return uscc in subscription.enterprises
    return covers(subscription.department.jurisdiction, region)


def _fan_out(changes: list[Change]) -> int:
    pending = events_from(changes)
    if not pending:
        return 0
    known = set(
        WebhookEvent.objects.filter(key__in=[p.key for p in pending]).values_list("key", flat=True)
    )
    fresh = [p for p in pending if p.key not in known]
    if not fresh:
        return 0
    firms = {
        uscc: (pk, region)
        for uscc, pk, region in Enterprise.objects.filter(
            uscc__in={p.uscc for p in fresh}
        ).values_list("uscc", "id", "region_id")
    }
    restricting = [p for p in fresh if p.type == EventType.RESTRICTION_CHANGED]
    actions = (
        enterprises_restricted_actions(
            enterprise_ids=[firms[p.uscc][0] for p in restricting if p.uscc in firms]
        )
        if restricting
        else {}
    )
    events = WebhookEvent.objects.bulk_create(
        [_event(p, actions.get(firms.get(p.uscc, (0, ""))[0], [])) for p in fresh],
        ignore_conflicts=True,
    )
    # ignore_conflicts leaves pks unset where a concurrent dispatcher won: read them back.
    stored = {e.key: e for e in WebhookEvent.objects.filter(key__in=[e.key for e in events])}
    subscriptions = list(
        Subscription.objects.filter(is_active=True, removed_at__isnull=True).select_related(
            "department"
        )
    )
    now = timezone.now()
    gives_up = now + dt.timedelta(hours=settings.WEBHOOKS_RETRY_HOURS)
    rows = [
        Delivery(subscription=s, event=event, due_at=now, gives_up_at=gives_up)
        for event in stored.values()
        for s in subscriptions
        if subscription_matches(
            s,
            event_type=event.type,
            uscc=event.uscc,
            region=firms.get(event.uscc, (0, ""))[1],
            at=event.at,
        )
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    for pk in Delivery.objects.filter(
        event__in=stored.values(), due_at=now, attempts=0
    ).values_list("pk", flat=True):
        task_send_on_commit(DELIVER_TASK, delivery_id=pk)
    return len(rows)


def _event(pending: PendingEvent, restricted_actions: list[str]) -> WebhookEvent:
    data = pending.data()
    if pending.type == EventType.RESTRICTION_CHANGED:
        data["restricted_actions"] = restricted_actions
    return WebhookEvent(
        key=pending.key, type=pending.type, uscc=pending.uscc, at=pending.at, data=data
    )


@transaction.atomic
def webhooks_dispatch() -> int:
    """Fan the feed's events since the cursor out to subscriptions; return how many
    deliveries were made. Events up to WEBHOOKS_LATE_COMMIT_SECONDS before the cursor are read
    again, so a transaction that committed after a later one is still announced."""
    now = timezone.now()
    DispatchCursor.objects.get_or_create(pk=1, defaults={"at": now})
    # One dispatcher at a time moves the cursor; a second one waits here, then finds nothing.
    cursor = DispatchCursor.objects.select_for_update().get(pk=1)
    late = dt.timedelta(seconds=settings.WEBHOOKS_LATE_COMMIT_SECONDS)
    position = (cursor.at, cursor.kind, cursor.source_id)
    made = _fan_out(changes_between(since=cursor.at - late, until=cursor.at, limit=PAGE))
    for _page in range(PAGES_PER_RUN):
        changes = changes_between(since=cursor.at - late, until=now, after=position, limit=PAGE)
        made += _fan_out(changes)
        if changes:
            last = changes[-1]
            position = (last.at, last.kind, last.id)
        if len(changes) < PAGE:
            break
    else:
        task_send_on_commit("sharing.tasks.webhooks_dispatch_task")  # more to fan out
    DispatchCursor.objects.filter(pk=1).update(
        at=position[0], kind=position[1], source_id=position[2]
    )
    return made
