"""The console flags Order 45 deadlines it can only watch: a decision received more than 20
working days after it (published late), a revocation received more than 3 working days after
it (withdrawn late); working days on the State Council's calendar, flagged from the day after."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from console.queues import work_queues
from core.dates import add_working_days
from enterprises.models import PenaltyRecord
from lists.policy import list_policy_publish
from tests.clock import noon
from tests.factories import EnterpriseFactory, PenaltyFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2026, 9, 28)  # before the National Day holidays
REVOKED = dt.date(2026, 11, 20)  # a Friday
TODAY = dt.date(2026, 12, 10)


def received(day: dt.date, **kw: Any) -> PenaltyRecord:
    p = PenaltyFactory(enterprise=EnterpriseFactory(region_id="340802"), decided_on=DECIDED, **kw)
    PenaltyRecord.objects.filter(pk=p.pk).update(received_at=noon(day))
    p.refresh_from_db()
    return p


def queue(user: Any, key: str) -> list[Any]:
    return [i.obj.pk for q in work_queues(user=user) if q.key == key for i in q.items]


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_decision_received_after_20_working_days_is_flagged(
    time_machine: Any, offset: int
) -> None:
    due = add_working_days(DECIDED, 20)
    assert due == dt.date(2026, 10, 30)  # the National Day holidays are not counted
    p = received(due + dt.timedelta(days=offset))
    received(due + dt.timedelta(days=offset), procedure="simplified")  # never published
    time_machine.move_to(noon(TODAY), tick=False)
    clerk = RegulatorFactory(role="clerk", jurisdiction="3408")
    assert queue(clerk, "late_publication") == ([p.pk] if offset > 0 else [])


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_revocation_received_after_3_working_days_is_flagged(
    time_machine: Any, offset: int
) -> None:
    due = add_working_days(REVOKED, 3)
    assert due == dt.date(2026, 11, 25)
    p = received(dt.date(2026, 10, 9))  # on time
    time_machine.move_to(noon(due + dt.timedelta(days=offset)), tick=False)
    p.revoked, p.revoked_on = True, REVOKED
    p.save()  # the history keeps the day the revocation was received
    time_machine.move_to(noon(TODAY), tick=False)
    clerk = RegulatorFactory(role="clerk", jurisdiction="3408")
    assert queue(clerk, "late_withdrawal") == ([p.pk] if offset > 0 else [])
    assert queue(clerk, "late_publication") == []


@pytest.mark.parametrize(
    ("role", "jurisdiction", "sees"),
    [
        ("clerk", "3408", True),
        ("admin", "34", True),
        ("clerk", "3401", False),  # another city
        ("grader", "3408", False),
        ("list_officer", "3408", False),
        ("approver", "3408", False),
    ],
)
def test_who_sees_the_late_penalties(
    time_machine: Any, client: Any, role: str, jurisdiction: str, sees: bool
) -> None:
    p = received(dt.date(2026, 11, 30))
    time_machine.move_to(noon(TODAY), tick=False)
    user = RegulatorFactory(role=role, jurisdiction=jurisdiction)
    assert queue(user, "late_publication") == ([p.pk] if sees else [])
    if role == "clerk" and sees:
        client.force_login(user)
        page = client.get(reverse("console:queues")).content.decode()
        assert p.decision_no in page
        item = client.get(reverse("console:queue_item", args=["late_publication", p.pk]))
        assert "2026-11-30" in item.content.decode()  # the day it was received


def test_the_deadline_is_the_list_policy_s(time_machine: Any) -> None:
    p = received(add_working_days(DECIDED, 21))
    time_machine.move_to(noon(TODAY), tick=False)
    clerk = RegulatorFactory(role="clerk", jurisdiction="3408")
    assert queue(clerk, "late_publication") == [p.pk]
    list_policy_publish(
        rules={"publicity_publication_working_days": 25}, note="省局：25个工作日", actor=None
    )
    assert queue(clerk, "late_publication") == []
