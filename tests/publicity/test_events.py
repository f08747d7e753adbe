"""The nightly sweep that records penalties entering or leaving public view: each day's events
exactly from that day, once, caught up after a stop; its query forms agree with the Python ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from core.actions import AuditAction
from core.dates import add_months
from core.models import AuditEntry
from enterprises.models import PenaltyRecord
from publicity.events import CATCH_UP_DAYS, publicity_events_record
from publicity.models import PublicityEvent, PublicitySweep
from publicity.rules import (
    penalties_entering,
    penalties_leaving,
    penalty_enters_on,
    penalty_leaves_on,
    publicity_ends_on,
    publicity_starts_on,
)
from publicity.tasks import publicity_events_record_task
from tests.clock import noon
from tests.factories import PenaltyFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)


def criticism(*, ends_on: dt.date, **kw: Any) -> PenaltyRecord:
    """A 通报批评 published so its 3-month window's first day no longer shown is `ends_on`
    (published 25 Aug: within 3 months through 25 Nov, so no longer shown from 26 Nov)."""
    published = add_months(ends_on - DAY, -3)
    p = PenaltyFactory(
        kind="criticism", amount=None, decided_on=published - 3 * DAY, published_on=published, **kw
    )
    assert publicity_ends_on(p) == ends_on  # the rule the sweep must follow, independently
    return p


def events(kind: str) -> dict[int, dt.date]:
    return dict(PublicityEvent.objects.filter(kind=kind).values_list("penalty_id", "day"))


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["ended-yesterday", "ends-today", "tomorrow"])
def test_it_records_the_end_exactly_from_its_day(offset: int, time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    end = TODAY + offset * DAY
    p = criticism(ends_on=end)
    first_seen = None
    for day in (TODAY - 2 * DAY, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 2 * DAY):
        time_machine.move_to(noon(day), tick=False)
        publicity_events_record(today=day)
        if first_seen is None and p.pk in events("ended"):
            first_seen = day
    assert first_seen == end
    assert events("ended") == {p.pk: end}
    assert PublicityEvent.objects.count() == 1


def test_a_rerun_writes_nothing_twice(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    p = criticism(ends_on=TODAY)
    time_machine.move_to(noon(TODAY), tick=False)
    assert publicity_events_record(today=TODAY) == 1
    assert publicity_events_record(today=TODAY) == 0
    assert PublicityEvent.objects.get().penalty_id == p.pk
    # The first run looked back as far as the change feed reaches, the second at nothing new.
    assert PublicitySweep.objects.count() == CATCH_UP_DAYS
    audit = AuditEntry.objects.get(action=AuditAction.PUBLICITY_SWEPT)
    assert audit.actor is None
    assert audit.data == {
        "from": (TODAY - (CATCH_UP_DAYS - 1) * DAY).isoformat(),
        "through": TODAY.isoformat(),
        "started": 0,
        "ended": 1,
    }


def test_it_catches_up_the_days_it_missed(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    publicity_events_record(today=TODAY - 5 * DAY)
    missed = criticism(ends_on=TODAY - 2 * DAY)
    later = criticism(ends_on=TODAY + DAY)
    time_machine.move_to(noon(TODAY), tick=False)
    assert publicity_events_record(today=TODAY) == 1
    assert events("ended") == {missed.pk: TODAY - 2 * DAY}
    assert later.pk not in events("ended")
    assert sorted(PublicitySweep.objects.values_list("day", flat=True))[-5:] == [
        TODAY - 4 * DAY,
        TODAY - 3 * DAY,
        TODAY - 2 * DAY,
        TODAY - DAY,
        TODAY,
    ]


def test_a_later_publication_is_an_event_and_one_public_on_arrival_is_not(
    time_machine: Any,
) -> None:
    time_machine.move_to(noon(TODAY - 2 * DAY), tick=False)
    waiting = PenaltyFactory(decided_on=TODAY - 9 * DAY, published_on=TODAY, amount=200000)
    time_machine.move_to(noon(TODAY), tick=False)
    # Arrives on its publication day: its own write is the event (disclosure's `penalty`).
    arrived = PenaltyFactory(decided_on=TODAY - 9 * DAY, published_on=TODAY, amount=200000)
    publicity_events_record(today=TODAY - DAY)
    assert events("started") == {}
    publicity_events_record(today=TODAY)
    assert events("started") == {waiting.pk: TODAY}
    assert arrived.pk not in events("started")


def test_warnings_revoked_and_simplified_decisions_never_start_or_end(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    published = add_months(TODAY - DAY, -3)  # a live one would leave today
    for kw in ({"kind": "warning"}, {"revoked": True}, {"procedure": "simplified"}):
        PenaltyFactory(decided_on=TODAY - 9 * DAY, published_on=TODAY, **kw)
        PenaltyFactory(decided_on=published, published_on=published, **kw)
    time_machine.move_to(noon(TODAY), tick=False)
    publicity_events_record(today=TODAY)
    assert not PublicityEvent.objects.exists()


def test_the_task_runs_the_sweep(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    p = criticism(ends_on=TODAY)
    time_machine.move_to(noon(TODAY), tick=False)
    assert publicity_events_record_task.apply().get() == 1
    assert events("ended") == {p.pk: TODAY}


def test_the_beat_runs_the_sweep_after_midnight() -> None:
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["publicity-events"]
    assert entry["task"] == publicity_events_record_task.name
    assert entry["schedule"].hour == {0}


# The query forms against the Python forms, on every day around each boundary.


def _files() -> list[PenaltyRecord]:
    start = dt.date(2026, 1, 31)  # a month end: 3 months later clamps to 30 April
    return [
        PenaltyFactory(kind="criticism", amount=None, decided_on=start),
        PenaltyFactory(amount=Decimal("50000"), decided_on=start - DAY, published_on=start),
        PenaltyFactory(amount=Decimal("200000"), decided_on=dt.date(2023, 4, 29)),  # 3 years
        PenaltyFactory(  # a restriction outlasting the long window
            kind="restriction",
            amount=None,
            decided_on=dt.date(2023, 4, 28),
            restriction_ends_on=dt.date(2026, 5, 2),
        ),
        PenaltyFactory(  # stopped early through repair
            amount=Decimal("200000"),
            decided_on=dt.date(2025, 10, 1),
            publicity_stopped_on=dt.date(2026, 4, 30),
        ),
        PenaltyFactory(kind="warning", amount=None, decided_on=start),
        PenaltyFactory(revoked=True, decided_on=dt.date(2023, 4, 29)),
        PenaltyFactory(procedure="simplified", decided_on=start),
    ]


def test_entering_and_leaving_agree_with_the_python_rules_at_each_boundary() -> None:
    files = _files()
    days = [dt.date(2026, 1, 29) + n * DAY for n in range(5)]
    days += [dt.date(2026, 4, 27) + n * DAY for n in range(8)]
    seen_entering, seen_leaving = set(), set()
    for day in days:
        entering = set(penalties_entering(on=day).values_list("pk", flat=True))
        leaving = set(penalties_leaving(on=day).values_list("pk", flat=True))
        assert entering == {p.pk for p in files if penalty_enters_on(p, on=day)}, day
        assert leaving == {p.pk for p in files if penalty_leaves_on(p, on=day)}, day
        # ... and both are the days the window rules give.
        assert entering == {
            p.pk
            for p in files
            if publicity_starts_on(p) == day and (publicity_ends_on(p) or day) > day
        }, day
        assert leaving == {
            p.pk for p in files if publicity_ends_on(p) == day and publicity_starts_on(p) < day
        }, day
        seen_entering |= entering
        seen_leaving |= leaving
    # Every boundary was crossed in the days looked at: the test checks something.
    assert seen_entering == {files[0].pk, files[1].pk}
    assert seen_leaving == {files[0].pk, files[1].pk, files[2].pk, files[3].pk, files[4].pk}
