"""The approval queue's due date counts the list policy's working days after the hearing
window (default 5), on the State Council's calendar; overdue from the day after."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from console.queues import work_queues
from core.dates import add_working_days
from lists.models import BlacklistEntry
from lists.policy import list_policy_publish
from tests.clock import noon
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
HEARING_ENDS = dt.date(2026, 11, 20)  # a Friday


@pytest.fixture
def waiting() -> dict[str, Any]:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408", department=city)
    entry = BlacklistEntry.objects.create(
        enterprise=EnterpriseFactory(),
        department=city,
        status="notified",
        grounds="g",
        legal_basis="b",
        hearing_deadline=HEARING_ENDS,
        created_by=officer,
    )
    approver = RegulatorFactory(role="approver", jurisdiction="34", department=province)
    return {"entry": entry, "approver": approver}


def approval(user: Any) -> Any:
    [queue] = [q for q in work_queues(user=user) if q.key == "approve"]
    [item] = queue.items
    return item


@pytest.mark.parametrize("days", [None, 2, 8])
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_the_approval_is_due_the_policys_working_days_after_the_hearing(
    waiting: dict[str, Any], time_machine: Any, days: int | None, offset: int
) -> None:
    if days is not None:
        list_policy_publish(rules={"approval_working_days": days}, note="审批时限", actor=None)
    due = add_working_days(HEARING_ENDS, days or 5)  # 5 by default (lists.rules)
    time_machine.move_to(noon(due + dt.timedelta(days=offset)), tick=False)
    item = approval(waiting["approver"])
    assert item.due == due
    assert item.overdue is (offset > 0)
