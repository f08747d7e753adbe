"""List rules with DOMAIN.md section 5 defaults (SAMR Order 44)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from enterprises.dates import years_before


@dataclass(frozen=True)
class ListRules:
    duration_years: int = 3  # then removed automatically
    repair_min_years: int = 1  # early removal (credit repair) not before
    hearing_working_days: int = 5  # to state one's case after the notice
    # County and city departments need the upper level's approval.
    approval_from_upper_level: bool = True


RULES = ListRules()


def add_years(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


def add_working_days(day: dt.date, days: int) -> dt.date:
    """`days` weekdays after `day` (public holidays are not yet known to the portal)."""
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
