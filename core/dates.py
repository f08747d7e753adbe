"""Calendar arithmetic for legal deadlines: the one reading of "within N years / months"
(`window_start`, `within`, `period_end`, `period_over_from`), months and working days."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import chinese_calendar


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# The one reading of "within N years / months" (Civil Code arts. 200–204; DOMAIN.md "Counting
# periods"). A period counted in years or months starts on the day after the event and ends on
# the corresponding date of the last year or month, or that month's last day where it has none
# (art. 201–203). So a record dated D is within 3 years up to and including D + 3 years
# (`period_end`) and outside from the day after. Every window — grading factors, blacklist
# suggestions, publicity, the blacklist's duration, abnormal-list escalation, the profile's
# inspection list, the repair and early-stop minimum periods — reads it through these four.
#
# Stored dates keep one meaning:
# - a last day inside (blacklist `ends_on`) is `period_end(listed_on, ...)`, in force while
#   `ends_on >= today`;
# - a first day outside (publicity's `publicity_ends_on`, a minimum period's "possible from")
#   is `period_end(...) + 1 day`.


def period_end(day: dt.date, *, years: int = 0, months: int = 0) -> dt.date:
    """The last day still inside a period of `years` + `months` that began with `day`:
    the corresponding date, or the month's last day where there is none (29 Feb + 1 year
    = 28 Feb; 31 Jan + 1 month = 28/29 Feb)."""
    return add_months(day, 12 * years + months)


def within(day: dt.date, *, today: dt.date, years: int = 0, months: int = 0) -> bool:
    """Whether a record dated `day` is within the period on `today` (from `day` through
    `period_end(day)` inclusive). A record dated after `today` is "within" too; callers that
    show only what has happened also ask `day <= today`."""
    return today <= period_end(day, years=years, months=months)


def window_start(today: dt.date, *, years: int = 0, months: int = 0) -> dt.date:
    """The earliest date D still within the period on `today`: `within(D, today=today)` holds
    exactly for D >= window_start (period_end never decreases with D). For queries:
    `date__gte=window_start(today, years=3)`; for SQL, pass it as a parameter."""
    day = add_months(today, -(12 * years + months))
    # Month ends clamp: 29 Feb 2028 - 3 years = 28 Feb 2025, but 28 Feb 2025 + 3 years is
    # 28 Feb 2028, already outside; the first date still inside is 1 Mar 2025.
    while period_end(day, years=years, months=months) < today:
        day += dt.timedelta(days=1)
    # And no earlier day is inside (a day before can only reach the same or an earlier end).
    while period_end(day - dt.timedelta(days=1), years=years, months=months) >= today:
        day -= dt.timedelta(days=1)
    return day


def period_over_from(day: dt.date, *, years: int = 0, months: int = 0) -> dt.date:
    """The first day a period that began with `day` is over (a minimum period served, a
    window closed): the day after `period_end`."""
    return period_end(day, years=years, months=months) + dt.timedelta(days=1)


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


def last_start_due_by(day: dt.date, days: int) -> dt.date:
    """The last day D whose `days`-th working day after it (add_working_days) falls on or
    before `day`. add_working_days never moves back as its start moves on, so "due on or before
    `day`" is "started on or before D": a deadline in working days becomes a date bound a query
    can use (the console's due-date filters, its overdue marks)."""
    # The `days`-th working day counting back from `day` itself is the first start too late.
    while days > 0:
        if is_working_day(day):
            days -= 1
        day -= dt.timedelta(days=1)
    return day


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: object) -> dt.date | None:
    """The day written exactly as YYYY-MM-DD, or None. A JSON number (20261001), a week date
    (2026-W40-4) or the basic form (20261001), all of which fromisoformat takes, are not."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:  # 2026-02-30
        return None
