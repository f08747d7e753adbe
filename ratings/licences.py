"""Grading's licence rules, each written once as a Python predicate and as SQL text side by side
(tests/ratings/test_licences.py holds them together at every boundary):

- a licence valid on a day: status valid and not expired (valid through `valid_until`);
- a licence ended within the C window: status among the policy's ended statuses and
  `revoked_on` within the window (core.dates' one reading: on or after `window_start`);
- "licence valid where one is required" (A): a firm of an industry the policy lists needs a
  valid licence; a firm of another industry that holds licences needs one of them valid.

The pure path (ratings.engine, fed by ratings.inputs) calls the Python forms, the set-based
path (ratings.bulk_sql) the SQL forms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Q


def licence_valid(*, status: str, valid_until: dt.date | None, today: dt.date) -> bool:
    """Valid on `today`: not suspended, revoked or cancelled, and not past its last day."""
    return status == "valid" and (valid_until is None or valid_until >= today)


def licence_valid_q(*, today: dt.date, prefix: str = "") -> Q:
    """The same as a query (the public licence lists and the profile read it)."""
    return Q(**{f"{prefix}status": "valid"}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


def licence_valid_sql(alias: str) -> str:
    """The same over a licence row `alias`; the day is the parameter %(today)s."""
    return (
        f"({alias}.status = 'valid' AND ({alias}.valid_until IS NULL "
        f"OR {alias}.valid_until >= %(today)s))"
    )


def licence_ended_within(
    *, status: str, revoked_on: dt.date | None, statuses: Collection[str], since: dt.date
) -> bool:
    """Revoked (or, where the policy lists it, cancelled) on a day on or after `since`."""
    return status in statuses and revoked_on is not None and revoked_on >= since


def licence_ended_within_sql(alias: str) -> str:
    """The same; the statuses are %(ended_statuses)s, the first day of the window %(c_since)s."""
    return (
        f"({alias}.status = ANY(%(ended_statuses)s::text[]) AND {alias}.revoked_on IS NOT NULL "
        f"AND {alias}.revoked_on >= %(c_since)s)"
    )


def licence_ok(*, enforced: bool, required: bool, held: int, valid: int) -> bool:
    """A's licence condition: where the policy enforces it, a firm whose industry requires a
    licence needs a valid one, and so does a firm holding licences (`held`, `valid`: counts)."""
    if not enforced:
        return True
    if required:
        return valid > 0
    return held == 0 or valid > 0


def licence_ok_sql(*, enforced: str, required: str, held: str, valid: str) -> str:
    """The same over SQL expressions (a boolean parameter, a boolean, two counts)."""
    return (
        f"(NOT {enforced} OR (CASE WHEN {required} THEN {valid} > 0 "
        f"ELSE {held} = 0 OR {valid} > 0 END))"
    )


def licence_required(*, industry: str, industries: Collection[str]) -> bool:
    """Whether a firm of `industry` needs a production licence under the policy."""
    return industry in industries


def licence_required_sql(column: str) -> str:
    """The same over the firm's industry column; the list is %(licence_industries)s."""
    return f"({column} = ANY(%(licence_industries)s::text[]))"
