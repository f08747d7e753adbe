"""The credit file's outbox: a changed file queues its firm for regrading in the same
transaction, then wakes the grader by task name once the transaction commits.

If the broker is down the request stays in the outbox and the minutely drain picks it up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils import timezone

from core.tasks import task_send_on_commit
from enterprises.models import GradeRecomputeRequest

DRAIN_TASK = "ratings.tasks.grades_drain_task"
# A changed file is a change-feed event (a listing, a record): the webhook dispatcher of the
# sharing floor, far above, is woken by name with the grader, so the event reaches subscribers
# without waiting for the regrade (which wakes it again for the grade events).
WEBHOOKS_DISPATCH_TASK = "sharing.tasks.webhooks_dispatch_task"


def grades_request(*, triggers: dict[int, dict[str, Any]]) -> None:
    """Queue firms for regrading in the caller's transaction, each with what triggered it."""
    if not triggers:
        return
    now = timezone.now()
    if connection.vendor == "postgresql":
        _requests_upsert(triggers=triggers, now=now)
    else:
        _requests_bulk_create(triggers=triggers, now=now)
    task_send_on_commit(DRAIN_TASK)
    task_send_on_commit(WEBHOOKS_DISPATCH_TASK)


def _requests_bulk_create(*, triggers: dict[int, dict[str, Any]], now: Any) -> None:
    # Rows in id order: two batches over the same firms lock them in the same order.
    GradeRecomputeRequest.objects.bulk_create(
        [
            GradeRecomputeRequest(enterprise_id=eid, requested_at=now, trigger=triggers[eid])
            for eid in sorted(triggers)
        ],
        update_conflicts=True,
        unique_fields=["enterprise"],
        update_fields=["requested_at", "trigger"],
        batch_size=1000,
    )


def _requests_upsert(*, triggers: dict[int, dict[str, Any]], now: Any) -> None:
    """The same upsert in one statement (a batch of 1,000 firms is one round trip), rows in
    firm-id order: two batches over the same firms lock them in the same order."""
    ids = sorted(triggers)
    table = connection.ops.quote_name(GradeRecomputeRequest._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} (enterprise_id, requested_at, "trigger") '  # noqa: S608
            "SELECT u.eid, %s, u.trig::jsonb FROM unnest(%s::bigint[], %s::text[]) "
            "AS u(eid, trig) ORDER BY u.eid "
            "ON CONFLICT (enterprise_id) DO UPDATE "
            'SET requested_at = EXCLUDED.requested_at, "trigger" = EXCLUDED."trigger"',
            [now, ids, [json.dumps(triggers[eid]) for eid in ids]],
        )


def credit_file_changed(
    *,
    enterprise_ids: Iterable[int],
    kind: str,
    record_id: int | None = None,
    channel: str = "admin",
) -> None:
    """Queue the firms whose file changed outside intake (admin, self-service, due process)."""
    trigger: dict[str, Any] = {"kind": kind, "channel": channel}
    if record_id is not None:
        trigger["record_id"] = record_id
    grades_request(triggers={eid: dict(trigger) for eid in set(enterprise_ids) if eid})
