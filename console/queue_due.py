"""Due dates of the console's work queues, each in two forms side by side: the day shown on an
item (Python, for the rows of one page) and the same reading as a query, so that filtering by
due date, "overdue only" and the counts run in SQL over the whole queue, never over a capped
list. Working days follow the State Council's holiday calendar (core.dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from core.dates import add_working_days, last_start_due_by, period_over_from, window_start

NOTHING = Q(pk__in=[])
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class QueueFilters:
    """What a regulator narrowed a queue to; the empty value is the whole queue."""

    region: str = ""  # a region-code prefix within the user's jurisdiction ("" all of it)
    due_from: dt.date | None = None  # due on or after
    due_to: dt.date | None = None  # due on or before
    overdue: bool = False

    def q(self, due: Due, *, today: dt.date) -> Q:
        """The rows these filters keep, as a query (the region is applied by the caller)."""
        q = Q()
        if self.due_from is not None:
            q &= due.on_or_after(self.due_from)
        if self.due_to is not None:
            q &= due.on_or_before(self.due_to)
        if self.overdue:
            q &= due.overdue_q(today=today)
        return q


NO_FILTERS = QueueFilters()


class Due:
    """A queue whose items have no due date (a step the department takes when it is ready):
    no due-date filter keeps any of them, and none is overdue."""

    def on_or_before(self, day: dt.date) -> Q:
        return NOTHING

    def on_or_after(self, day: dt.date) -> Q:
        return NOTHING

    def overdue_q(self, *, today: dt.date) -> Q:
        """Due before today: the day after the due day it is overdue."""
        return self.on_or_before(today - _DAY)

    def of(self, obj: Any) -> dt.date | None:
        return None

    def overdue(self, obj: Any, *, today: dt.date) -> bool:
        due = self.of(obj)
        return due is not None and due < today


@dataclass(frozen=True)
class FieldDue(Due):
    """The item stores its due date (an objection's `answer_due`, a removal's `removal_due`)."""

    field: str

    def on_or_before(self, day: dt.date) -> Q:
        return Q(**{f"{self.field}__lte": day})

    def on_or_after(self, day: dt.date) -> Q:
        return Q(**{f"{self.field}__gte": day})

    def of(self, obj: Any) -> dt.date | None:
        value: dt.date | None = getattr(obj, self.field)
        return value


@dataclass(frozen=True)
class WorkingDaysDue(Due):
    """Due `days` working days after a start date. add_working_days never moves back as the
    start moves on, so a bound on the due day is a bound on the start (last_start_due_by)."""

    lookup: str  # the start as a query path, e.g. "hearing_deadline" or "submitted_at__date"
    start: Callable[[Any], dt.date | None]  # the same start read from a row
    days: int

    def on_or_before(self, day: dt.date) -> Q:
        return Q(**{f"{self.lookup}__lte": last_start_due_by(day, self.days)})

    def on_or_after(self, day: dt.date) -> Q:
        return Q(**{f"{self.lookup}__gt": last_start_due_by(day - _DAY, self.days)})

    def of(self, obj: Any) -> dt.date | None:
        start = self.start(obj)
        return None if start is None else add_working_days(start, self.days)


@dataclass(frozen=True)
class MissedDue(WorkingDaysDue):
    """A deadline already missed when the item arrived (a decision published late): the due
    day is shown, and every item is overdue."""

    def overdue_q(self, *, today: dt.date) -> Q:
        return Q()

    def overdue(self, obj: Any, *, today: dt.date) -> bool:
        return True


@dataclass(frozen=True)
class EscalationDue(Due):
    """The day a warned abnormal-operations listing may rest a blacklist proposal: its years
    on the list over and the warning days past (lists.abnormal_escalation, read with the
    policy's numbers once per page). It starts no deadline, so nothing is overdue."""

    years: int
    warning_days: int

    def on_or_before(self, day: dt.date) -> Q:
        # The years are over on `day` when the listing is no longer within them (core.dates).
        return Q(
            listed_on__lt=window_start(day, years=self.years),
            escalation_warned_on__lte=day - dt.timedelta(days=self.warning_days),
        )

    def on_or_after(self, day: dt.date) -> Q:
        return ~self.on_or_before(day - _DAY)

    def overdue_q(self, *, today: dt.date) -> Q:
        return NOTHING

    def of(self, obj: Any) -> dt.date | None:
        if obj.escalation_warned_on is None:
            return None
        return max(
            period_over_from(obj.listed_on, years=self.years),
            obj.escalation_warned_on + dt.timedelta(days=self.warning_days),
        )

    def overdue(self, obj: Any, *, today: dt.date) -> bool:
        return False
