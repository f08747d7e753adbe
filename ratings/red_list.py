"""Red-list membership (守信红名单 / 质量诚信红榜, DOMAIN.md section 5), written once.

AA firms and quality-award winners (graded A or better), with no negative record in the
red-list window (a penalty, a failed sampling, an abnormal-operations or a blacklist listing)
and a current signed commitment. The grade conditions are read from the computed grade: an
override never puts a firm on the list by itself, though one that lowers the grade takes it
off, as any fall does. A famous brand is an honour here only where the policy says so.

It is written with the grade (the pure path through the Python forms, the set-based SQL through
the `*_sql` forms, tested to agree), so a firm leaves the list in the statement its grade
falls; every read filters `red_list_q`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from lists.models import EntryStatus, RemovalReason
from ratings.policy import PolicyRules

# A listing revoked as unlawful, or whose penalty fell, is no record against the firm.
_VOIDED = (RemovalReason.REVOKED.value, RemovalReason.BASIS_REVOKED.value)
_LISTED = (EntryStatus.LISTED.value, EntryStatus.REMOVED.value)


def red_honour_kinds(rules: PolicyRules) -> list[str]:
    """The honours that open the red list to an A firm: the government quality award, and the
    famous brand where the policy counts it."""
    return ["quality_award", *(["famous_brand"] if rules.red_list_famous_brand else [])]


def abnormal_negative(
    *, listed_on: dt.date, removed_on: dt.date | None, since: dt.date, today: dt.date
) -> bool:
    """An abnormal-operations listing on the list now or on any day since `since`."""
    return listed_on <= today and (removed_on is None or removed_on >= since)


def abnormal_negative_q(*, since: dt.date, today: dt.date) -> Q:
    return Q(listed_on__lte=today) & (Q(removed_on__isnull=True) | Q(removed_on__gte=since))


def abnormal_negative_sql(alias: str) -> str:
    """The same over blacklist_abnormallisting as `alias`; reads %(red_since)s, %(today)s."""
    return (
        f"({alias}.listed_on <= %(today)s AND ({alias}.removed_on IS NULL "
        f"OR {alias}.removed_on >= %(red_since)s))"
    )


def blacklisting_negative(
    *,
    status: str,
    listed_on: dt.date | None,
    ends_on: dt.date | None,
    removed_on: dt.date | None,
    removal_reason: str,
    since: dt.date,
    today: dt.date,
) -> bool:
    """A blacklist listing in force now or on any day since `since` (ended by expiry or
    repair; not one revoked or whose basis fell)."""
    return (
        status in _LISTED
        and listed_on is not None
        and listed_on <= today
        and removal_reason not in _VOIDED
        and (ends_on is None or ends_on >= since)
        and (removed_on is None or removed_on >= since)
    )


def blacklisting_negative_q(*, since: dt.date, today: dt.date) -> Q:
    return (
        Q(status__in=_LISTED, listed_on__isnull=False, listed_on__lte=today)
        & ~Q(removal_reason__in=_VOIDED)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        & (Q(removed_on__isnull=True) | Q(removed_on__gte=since))
    )


def blacklisting_negative_sql(alias: str) -> str:
    """The same over blacklist_blacklistentry as `alias`; reads %(red_since)s, %(today)s."""
    listed = ", ".join(f"'{s}'" for s in _LISTED)
    voided = ", ".join(f"'{r}'" for r in _VOIDED)
    return (
        f"({alias}.status IN ({listed}) AND {alias}.listed_on IS NOT NULL "
        f"AND {alias}.listed_on <= %(today)s AND {alias}.removal_reason NOT IN ({voided}) "
        f"AND ({alias}.ends_on IS NULL OR {alias}.ends_on >= %(red_since)s) "
        f"AND ({alias}.removed_on IS NULL OR {alias}.removed_on >= %(red_since)s))"
    )


def red_list_clean(
    *, failed: int, penalties: int, abnormal: int, blacklisted: int, commitment: bool
) -> bool:
    """No negative record in the window (counts) and a current signed commitment."""
    return failed == 0 and penalties == 0 and abnormal == 0 and blacklisted == 0 and commitment


def red_list_clean_sql(
    *, failed: str, penalties: str, abnormal: str, blacklisted: str, commitment: str
) -> str:
    return (
        f"({failed} = 0 AND {penalties} = 0 AND {abnormal} = 0 AND {blacklisted} = 0 "
        f"AND {commitment})"
    )


def _grade_qualifies(grade: str, honour: bool) -> bool:
    return grade == "AA" or (grade == "A" and honour)


def on_red_list(*, grade: str, computed_grade: str, honour: bool, clean: bool) -> bool:
    """On the red list: clean, and both the computed grade and the grade in force qualify
    (AA, or A with a red-list honour), so an override can take a firm off but never put it on."""
    return clean and _grade_qualifies(computed_grade, honour) and _grade_qualifies(grade, honour)


def _grade_qualifies_sql(grade: str, honour: str) -> str:
    return f"({grade} = 'AA' OR ({grade} = 'A' AND {honour}))"


def on_red_list_sql(*, grade: str, computed_grade: str, honour: str, clean: str) -> str:
    return (
        f"({clean} AND {_grade_qualifies_sql(computed_grade, honour)} "
        f"AND {_grade_qualifies_sql(grade, honour)})"
    )


def red_list_q(*, prefix: str = "") -> Q:
    """Firms (prefix "grade__") or grade rows (no prefix) on the red list, as written."""
    return Q(**{f"{prefix}red_list": True})
