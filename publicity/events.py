"""Recording the days penalties enter or leave public view, for the change feed.

Set-based and idempotent: for each day not swept yet (at most `CATCH_UP_DAYS` back) one
INSERT … SELECT writes every penalty that left public view that day and one every penalty that
entered it (publication later than receipt: a penalty public when it arrived is announced by
its own write), from the query forms in publicity.rules; a unique (penalty, kind, day) makes a
rerun, or two workers at once, write nothing twice. A table rather than a stored end-date
column: the end depends on the list policy in force (months, the low-fine threshold), so a
stored date would go stale on every policy change, and an event needs the time it became
known, not a date in the past a mirror's cursor has already passed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from core.actions import AuditAction
from core.audit import audit_record
from publicity.models import PublicityEvent, PublicityEventKind, PublicitySweep
from publicity.rules import penalties_entering, penalties_leaving, publicity_rules

# The change feed answers at most 31 days at a time (disclosure.api.CHANGES_MAX_DAYS); a day
# missed longer ago than that would be announced to nobody, so a stopped sweep catches up that far.
CATCH_UP_DAYS = 31


@transaction.atomic
def publicity_events_record(*, today: dt.date | None = None) -> int:
    """Record who entered or left public view on each day after the last swept one through
    `today`; return how many events were written (0 on a rerun)."""
    today = today or timezone.localdate()
    last = PublicitySweep.objects.aggregate(last=Max("day"))["last"]
    day = today - dt.timedelta(days=CATCH_UP_DAYS - 1)
    if last is not None:
        day = max(day, last + dt.timedelta(days=1))
    rules = publicity_rules()
    now = timezone.now()
    sweeps: list[PublicitySweep] = []
    while day <= today:
        # Received before the day began: it was in the file, not yet public.
        midnight = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        started = _insert(
            penalties_entering(on=day, rules=rules).filter(received_at__lt=midnight),
            kind=PublicityEventKind.STARTED,
            day=day,
            now=now,
        )
        ended = _insert(
            penalties_leaving(on=day, rules=rules), kind=PublicityEventKind.ENDED, day=day, now=now
        )
        sweeps.append(PublicitySweep(day=day, at=now, started=started, ended=ended))
        day += dt.timedelta(days=1)
    if not sweeps:
        return 0
    # A concurrent run may have swept the same days; its rows stand.
    PublicitySweep.objects.bulk_create(sweeps, ignore_conflicts=True)
    written = sum(s.started + s.ended for s in sweeps)
    audit_record(
        actor=None,
        action=AuditAction.PUBLICITY_SWEPT,
        enterprise=None,
        data={
            "from": sweeps[0].day.isoformat(),
            "through": sweeps[-1].day.isoformat(),
            "started": sum(s.started for s in sweeps),
            "ended": sum(s.ended for s in sweeps),
        },
    )
    return written


def _insert(penalties: QuerySet[Any], *, kind: str, day: dt.date, now: dt.datetime) -> int:
    """INSERT … SELECT the penalties as events of `kind` on `day`; return how many were new."""
    select, params = penalties.values_list("id", "enterprise_id").query.sql_with_params()
    ops = connection.ops
    table = PublicityEvent._meta.db_table
    # Only the table name and the ORM's own SQL are interpolated; values are parameters.
    # "WHERE TRUE" keeps SQLite from reading ON CONFLICT as a join constraint.
    sql = (
        f"INSERT INTO {table} (penalty_id, enterprise_id, kind, day, at) "  # noqa: S608
        f"SELECT s.id, s.enterprise_id, %s, %s, %s FROM ({select}) s WHERE TRUE "
        "ON CONFLICT (penalty_id, kind, day) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [kind, ops.adapt_datefield_value(day), ops.adapt_datetimefield_value(now), *params],
        )
        return max(cursor.rowcount, 0)
