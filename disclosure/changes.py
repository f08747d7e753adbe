"""What changed in the public file, for mirrors (GET /api/v1/changes/) and for HTTP caching.

A change is an event with a time: a firm's registration data; a grade's letter, red-list
membership or supervision mode (one GradeChange row, announced once per fact that moved); a
blacklist listing or removal; an abnormal-operations listing or removal; a penalty or
inspection record received or corrected; a defect
recall received or corrected (`recall`); a penalty entering or leaving public view on a date
(its Order 45 window, recorded by the nightly sweep of publicity.events when the day comes).
Events come in (time, kind, id) order, so a cursor of the last one resumes exactly where a
page ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, router

from core.actions import PUBLIC_ACTIONS
from core.models import AuditEntry
from lists.models import EntryStatus
from publicity.models import PublicityEventKind
from publicity.rules import penalty_publishable_sql
from ratings.grade_changes import letter_changed_sql, red_list_changed_sql, supervision_changed_sql

# kind, FROM clause, firm column, event id column, time column (indexed), extra condition.
_SOURCES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("enterprise", "enterprises_enterprise x", "x.id", "x.id", "x.updated_at", ""),
    (
        "grade",
        "ratings_gradechange x",
        "x.enterprise_id",
        "x.id",
        "x.changed_at",
        letter_changed_sql("x"),
    ),
    (
        "red_list",
        "ratings_gradechange x",
        "x.enterprise_id",
        "x.id",
        "x.changed_at",
        red_list_changed_sql("x"),
    ),
    (
        "supervision",
        "ratings_gradechange x",
        "x.enterprise_id",
        "x.id",
        "x.changed_at",
        supervision_changed_sql("x"),
    ),
    (
        "blacklist",
        "blacklist_entrytransition x JOIN blacklist_blacklistentry b ON b.id = x.entry_id",
        "b.enterprise_id",
        "x.id",
        "x.at",
        f"x.to_status IN ('{EntryStatus.LISTED}', '{EntryStatus.REMOVED}')",
    ),
    # Only decisions that can ever be public (publicity.rules): a warning or a
    # simplified-procedure decision is not even announced as an event. Revoked and withdrawn
    # ones are, so mirrors learn they left.
    (
        "penalty",
        "enterprises_penaltyrecord x",
        "x.enterprise_id",
        "x.id",
        "x.updated_at",
        penalty_publishable_sql("x"),
    ),
    ("inspection", "enterprises_inspectionrecord x", "x.enterprise_id", "x.id", "x.updated_at", ""),
    # A defect recall (缺陷产品召回) received or corrected (its status moved, or withdrawn).
    ("recall", "enterprises_recallrecord x", "x.enterprise_id", "x.id", "x.updated_at", ""),
    # A date passing, not a write: the id is the penalty's.
    (
        "publicity_start",
        "publicity_publicityevent x",
        "x.enterprise_id",
        "x.penalty_id",
        "x.at",
        f"x.kind = '{PublicityEventKind.STARTED}'",
    ),
    (
        "publicity_end",
        "publicity_publicityevent x",
        "x.enterprise_id",
        "x.penalty_id",
        "x.at",
        f"x.kind = '{PublicityEventKind.ENDED}'",
    ),
    # An abnormal-operations listing made and removed: two moments of one row, one event each
    # (the listing's id; the mirror refetches the profile, which shows current listings only).
    ("abnormal", "blacklist_abnormallisting x", "x.enterprise_id", "x.id", "x.listed_at", ""),
    ("abnormal", "blacklist_abnormallisting x", "x.enterprise_id", "x.id", "x.removed_at", ""),
)
KINDS = tuple(dict.fromkeys(source[0] for source in _SOURCES))


@dataclass(frozen=True)
class Change:
    uscc: str
    kind: str
    id: int
    at: dt.datetime


def changes_between(
    *,
    since: dt.datetime,
    until: dt.datetime,
    after: tuple[dt.datetime, str, int] | None = None,
    limit: int = 500,
) -> list[Change]:
    """Events with since < at <= until, after the cursor, oldest first."""
    adapt = connection.ops.adapt_datetimefield_value
    parts: list[str] = []
    params: list[Any] = []  # datetimes adapted by the backend, codes, ids
    for kind, from_sql, firm, pk, at, extra in _SOURCES:
        cond = f" AND {extra}" if extra else ""
        # Only constants of _SOURCES are interpolated; every value is a parameter.
        parts.append(
            f"SELECT {firm} AS enterprise_id, '{kind}' AS kind, {pk} AS id, {at} AS at "  # noqa: S608
            f"FROM {from_sql} WHERE {at} > %s AND {at} <= %s{cond}"
        )
        params += [adapt(since), adapt(until)]
    cursor_sql = ""
    if after is not None:
        a_at, a_kind, a_id = after
        cursor_sql = (
            "WHERE c.at > %s OR (c.at = %s AND (c.kind > %s OR (c.kind = %s AND c.id > %s)))"
        )
        params += [adapt(a_at), adapt(a_at), a_kind, a_kind, a_id]
    query = (
        "SELECT e.uscc, c.kind, c.id, c.at FROM ("  # noqa: S608
        + " UNION ALL ".join(parts)
        + ") c JOIN enterprises_enterprise e ON e.id = c.enterprise_id "
        + cursor_sql
        + " ORDER BY c.at, c.kind, c.id LIMIT %s"
    )
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return [Change(uscc, kind, pk, _aware(at)) for uscc, kind, pk, at in rows]


def _aware(value: dt.datetime | str) -> dt.datetime:
    # SQLite hands back text from a UNION; PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def data_version_key() -> str:
    """The data version as a cache-key fragment (no spaces or colons)."""
    version = data_version()
    return f"{version.timestamp():.6f}" if version else "empty"


def data_version() -> dt.datetime | None:
    """The time of the newest change in the public file: one statement of indexed maxima (one
    index probe per table). A superset is cheap and safe: every list transition, every grade
    row rewritten, and every audited decision (objections, repair, commitments, reports,
    policies, plans) counts, so no cached page or ETag outlives what it shows."""
    tables = {
        "enterprise": ("enterprises_enterprise", "updated_at"),
        "grade_row": ("ratings_enterprisegrade", "computed_at"),
        "grade": ("ratings_gradechange", "changed_at"),
        "blacklist": ("blacklist_entrytransition", "at"),
        "penalty": ("enterprises_penaltyrecord", "updated_at"),
        "inspection": ("enterprises_inspectionrecord", "updated_at"),
        "recall": ("enterprises_recallrecord", "updated_at"),
        "publicity": ("publicity_publicityevent", "at"),
        "abnormal_listed": ("blacklist_abnormallisting", "listed_at"),
        "abnormal_removed": ("blacklist_abnormallisting", "removed_at"),
    }
    maxima = [
        f"(SELECT MAX({column}) FROM {table})"  # noqa: S608 (constants only)
        for table, column in tables.values()
    ]
    # The newest audited decision that can change a public page (its own partial index).
    audit_sql, audit_params = (
        AuditEntry.objects.filter(PUBLIC_ACTIONS)
        .order_by("-created_at")
        .values("created_at")[:1]
        .query.sql_with_params()
    )
    maxima.append(f"({audit_sql})")
    # From the database this request reads (a replica for a public page): the version must be
    # of the same state as the answer it keys.
    with connections[router.db_for_read(AuditEntry)].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(maxima), audit_params)
        values = [v for v in cursor.fetchone() if v is not None]
    return max((_aware(v) for v in values), default=None)
