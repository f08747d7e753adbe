"""The objection window and records under objection: query and Python forms agree on the same
rows, at the day before, of and after the window's last day and around local midnight."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dueprocess.models import Objection, ObjectionStatus
from dueprocess.rules import (
    objection_window_closes,
    objection_window_open,
    objection_window_open_q,
    records_under,
    records_under_objection,
    under_objection_q,
)
from enterprises.models import InspectionRecord, PenaltyRecord
from lists.rules import RULES, ListRules
from tests.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    PenaltyFactory,
)

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Shanghai")
RECEIVED = dt.date(2026, 11, 2)
DAY = dt.timedelta(days=1)


def received(record: Any, at: dt.datetime) -> Any:
    type(record).objects.filter(pk=record.pk).update(received_at=at)
    record.refresh_from_db()
    return record


@pytest.fixture
def failures() -> list[InspectionRecord]:
    """Failed samplings received just after local midnight (still the previous day in UTC),
    at noon and just before the next midnight, one passed and one withdrawn."""
    firm = EnterpriseFactory()
    times = [
        dt.datetime.combine(RECEIVED, dt.time(0, 0), tzinfo=LOCAL),
        dt.datetime.combine(RECEIVED, dt.time(12), tzinfo=LOCAL),
        dt.datetime.combine(RECEIVED, dt.time(23, 59, 59), tzinfo=LOCAL),
        dt.datetime.combine(RECEIVED - DAY, dt.time(23, 59, 59), tzinfo=LOCAL),
    ]
    made = [
        received(InspectionFactory(enterprise=firm, result="fail", inspected_on=RECEIVED), t)
        for t in times
    ]
    made.append(received(InspectionFactory(enterprise=firm, result="pass"), times[1]))
    withdrawn = InspectionFactory(enterprise=firm, result="fail", withdrawn_on=RECEIVED)
    made.append(received(withdrawn, times[1]))
    return made


@pytest.mark.parametrize("rules", [RULES, ListRules(objection_window_days=30)])
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_window_forms_agree(
    failures: list[InspectionRecord], rules: ListRules, offset: int
) -> None:
    last_day = RECEIVED + dt.timedelta(days=rules.objection_window_days)
    today = last_day + dt.timedelta(days=offset)
    python = {r.pk for r in failures if objection_window_open(r, today=today, rules=rules)}
    query = set(
        InspectionRecord.objects.filter(
            objection_window_open_q(today=today, rules=rules)
        ).values_list("pk", flat=True)
    )
    assert python == query
    # The day before the last day the failure received the day before is open too (its own
    # last day); after the last day none is.
    open_ones = {-1: failures[:4], 0: failures[:3], 1: []}[offset]
    assert python == {r.pk for r in open_ones}


def test_the_window_closes_15_days_after_the_local_day_of_receipt(
    failures: list[InspectionRecord],
) -> None:
    midnight, _noon, late, day_before = failures[:4]
    assert objection_window_closes(midnight, rules=RULES) == dt.date(2026, 11, 17)
    assert objection_window_closes(late, rules=RULES) == dt.date(2026, 11, 17)
    assert objection_window_closes(day_before, rules=RULES) == dt.date(2026, 11, 16)


def test_records_under_objection_forms_agree() -> None:
    firm = EnterpriseFactory()
    user = EnterpriseUserFactory(enterprise=firm)
    inspections = [InspectionFactory(enterprise=firm) for _ in range(3)]
    penalties = [PenaltyFactory(enterprise=firm) for _ in range(2)]
    for record, kind, status in [
        (inspections[0], "inspections", ObjectionStatus.OPEN),
        (inspections[1], "inspections", ObjectionStatus.REJECTED),
        (penalties[0], "penalties", ObjectionStatus.OPEN),
        (penalties[1], "penalties", ObjectionStatus.UPHELD),
    ]:
        Objection.objects.create(
            enterprise=firm,
            record_kind=kind,
            record_id=record.pk,
            grounds="g",
            raised_by=user,
            raised_on=RECEIVED,
            answer_due=RECEIVED + 3 * DAY,
            status=status,
        )
    # Same ids in two tables: an objection to penalty n does not mark inspection n.
    python = records_under(Objection.objects.all())
    query = {
        ("inspections", pk)
        for pk in InspectionRecord.objects.filter(
            under_objection_q(record_kind="inspections")
        ).values_list("pk", flat=True)
    } | {
        ("penalties", pk)
        for pk in PenaltyRecord.objects.filter(
            under_objection_q(record_kind="penalties")
        ).values_list("pk", flat=True)
    }
    assert python == query == records_under_objection(enterprise_id=firm.pk)
    assert python == {("inspections", inspections[0].pk), ("penalties", penalties[0].pk)}
