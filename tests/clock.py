"""Faked time for tests (time_machine): a day's local noon, so `timezone.localdate()` is that
day everywhere in the process, not only in the module a test thought of patching."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings


def noon(day: dt.date) -> dt.datetime:
    """Noon of `day` in the portal's time zone (Asia/Shanghai)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
