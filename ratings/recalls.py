"""Grading's recall rule: an ordered defect recall (责令召回) started within the policy's
`a_ordered_recall_years` keeps the grade at B or below; a voluntary recall is the firm doing
its duty and counts for nothing. Python, query and SQL forms side by side, held equal by
tests/ratings/test_recalls.py. The caller leaves out withdrawn records, as for every record.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from core.dates import period_end
from enterprises.models import RecallMode


def ordered_recall_counts(*, mode: str, recalled_on: dt.date, since: dt.date) -> bool:
    """Whether a recall blocks A on a day whose window starts `since` (core.dates.window_start
    of the policy's years)."""
    return mode == RecallMode.ORDERED and recalled_on >= since


def ordered_recall_q(*, since: dt.date) -> Q:
    return Q(mode=RecallMode.ORDERED, recalled_on__gte=since)


def ordered_recall_sql(alias: str) -> str:
    """The same on a row `alias` of enterprises_recallrecord; `%(recall_since)s` is `since`."""
    return (
        f"({alias}.mode = '{RecallMode.ORDERED.value}' AND {alias}.recalled_on >= %(recall_since)s)"
    )


def ordered_recall_blocks_through(*, mode: str, recalled_on: dt.date, years: int) -> dt.date | None:
    """The last day a recall keeps the grade at B or below (the policy's
    `a_ordered_recall_years` counted by core.dates.period_end, the reading of
    `ordered_recall_counts`), or None for a voluntary recall, which never does."""
    if mode != RecallMode.ORDERED:
        return None
    return period_end(recalled_on, years=years)
