"""Public statistics: grade distribution by region and list entries by month (cached per
data version and day, since they aggregate the whole file)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.dates import add_months
from disclosure.changes import data_version_key
from enterprises.models import Enterprise
from lists.models import BlacklistEntry
from ratings.selectors import DistributionRow, distribution_by_region

MONTHS_SHOWN = 24


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    listed: int
    removed: int


@dataclass(frozen=True)
class Statistics:
    regions: list[DistributionRow]
    months: list[MonthRow]


def _per_month(field: str, prefix: str, start: dt.date) -> dict[dt.date, int]:
    rows = (
        BlacklistEntry.objects.filter(
            **{f"{field}__gte": start, "enterprise__region__code__startswith": prefix}
        )
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        (r["month"].date() if isinstance(r["month"], dt.datetime) else r["month"]): r["n"]
        for r in rows
    }


def public_statistics(*, prefix: str = "", today: dt.date | None = None) -> Statistics:
    today = today or timezone.localdate()
    key = f"disclosure:stats:{prefix or 'all'}:{today}:{data_version_key()}"
    found = cache.get(key)
    if found is not None:
        return cast(Statistics, found)
    start = add_months(today.replace(day=1), -(MONTHS_SHOWN - 1))
    listed = _per_month("listed_on", prefix, start)
    removed = _per_month("removed_on", prefix, start)
    months = [add_months(start, i) for i in range(MONTHS_SHOWN)]
    result = Statistics(
        regions=distribution_by_region(
            base=Enterprise.objects.filter(region__code__startswith=prefix), prefix=prefix
        ),
        months=[MonthRow(m, listed.get(m, 0), removed.get(m, 0)) for m in months],
    )
    cache.set(key, result, timeout=3600)
    return result
