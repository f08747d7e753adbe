"""Deadlines in working days follow the State Council's holiday calendar (chinesecalendar)."""

from __future__ import annotations

import datetime as dt

from core.dates import add_working_days, is_working_day

D = dt.date


def test_national_day_week_is_not_counted() -> None:
    # 30 Sep 2026 (Wed) + 3 working days: 1-7 Oct are holidays, 8 and 9 Oct work, 10 Oct
    # (a Saturday) is a make-up working day.
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_make_up_weekend_days_count() -> None:
    assert is_working_day(D(2026, 2, 14))  # Saturday before the Spring Festival
    assert not is_working_day(D(2026, 2, 16))  # Spring Festival holiday, a Monday
    assert add_working_days(D(2026, 1, 2), 1) == D(2026, 1, 4)  # Sunday 4 Jan works


def test_ordinary_weeks_are_weekdays() -> None:
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday -> Monday
    assert add_working_days(D(2026, 11, 23), 5) == D(2026, 11, 30)


def test_a_year_the_calendar_does_not_cover_falls_back_to_weekdays() -> None:
    assert is_working_day(D(2099, 3, 2))  # a Monday
    assert not is_working_day(D(2099, 3, 1))  # a Sunday
