"""Calendar arithmetic for legal deadlines: years, months and working days."""

from __future__ import annotations

import calendar
import datetime as dt

import chinese_calendar


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def add_years(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def is_working_day(day: dt.date) -> bool:
    """A working day under the State Council's holiday calendar (法定节假日 and 调休 make-up
    days, from the chinesecalendar package); weekdays for a year it does not cover yet."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(day: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `day`."""
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
