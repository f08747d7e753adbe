"""The list officer's queues for the abnormal-operations list: removal requests with their due
date and overdue mark, listings warned before 3 years, and escalations due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.actions import AuditAction
from lists.abnormal import abnormal_list, abnormal_removal_request
from lists.models import AbnormalListing, BlacklistEntry
from lists.tasks import abnormal_warn_task
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # Thursday; removal requested today is due Thursday 3 December
KEYS = {"abnormal_removals", "abnormal_escalations", "abnormal_warned"}
GROUNDS = ["no_annual_report", "not_disclosed", "false_information", "unreachable"]


@pytest.fixture
def dept() -> Any:
    return DepartmentFactory(code="aq-amr", jurisdiction="3408")


@pytest.fixture
def officer(dept: Any) -> Any:
    return RegulatorFactory(role="list_officer", jurisdiction="3408", department=dept)


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(name="安庆队列测试有限公司", region_id="340802")


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def queue(client: Client, key: str) -> list[Any]:
    response = client.get("/console/")
    assert response.status_code == 200
    return next(q.items for q in response.context["queues"] if q.key == key)


@pytest.fixture
def requested(time_machine: Any, officer: Any, firm: Any) -> AbnormalListing:
    time_machine.move_to(noon(TODAY), tick=False)
    listing = abnormal_list(
        actor=officer, enterprise=firm, ground="no_annual_report", facts="未按期公示年度报告"
    )
    user = EnterpriseUserFactory(enterprise=firm)
    return abnormal_removal_request(actor=user, listing=listing, statement="已补报年度报告")


@pytest.mark.parametrize(
    ("day", "overdue"),
    [
        (dt.date(2026, 12, 2), False),  # the day before the due day
        (dt.date(2026, 12, 3), False),  # the due day
        (dt.date(2026, 12, 4), True),  # the day after
    ],
)
def test_a_removal_request_is_due_in_five_working_days_and_overdue_after(
    requested: AbnormalListing, officer: Any, time_machine: Any, day: dt.date, overdue: bool
) -> None:
    time_machine.move_to(noon(day), tick=False)
    c = signed_in(officer)
    [item] = queue(c, "abnormal_removals")
    assert (item.obj, item.due, item.overdue) == (requested, dt.date(2026, 12, 3), overdue)
    page = c.get("/console/").content.decode()
    assert ('class="overdue"' in page) is overdue
    # The statement and the decision are on the item's own page.
    item_page = c.get(f"/console/queues/abnormal_removals/{requested.pk}/").content.decode()
    assert "已补报年度报告" in item_page
    assert f"/console/abnormal/{requested.pk}/removed/" in item_page


def test_removing_from_the_queue_returns_to_it_and_empties_it(
    requested: AbnormalListing, officer: Any
) -> None:
    c = signed_in(officer)
    back = "/console/queues/abnormal_removals/?overdue=on&page=2"
    r = c.post(f"/console/abnormal/{requested.pk}/removed/", {"next": back})
    assert r.status_code == 302
    assert r["Location"] == back  # the queue page it came from, filters and page kept
    requested.refresh_from_db()
    assert requested.removed_on == TODAY
    assert queue(c, "abnormal_removals") == []


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("list_officer", True),
        ("admin", True),
        ("clerk", False),
        ("grader", False),
        ("approver", False),
    ],
)
def test_only_list_keepers_have_the_abnormal_queues(
    requested: AbnormalListing, dept: Any, role: str, sees: bool
) -> None:
    user = RegulatorFactory(role=role, jurisdiction="3408", department=dept)
    keys = {q.key for q in signed_in(user).get("/console/").context["queues"]}
    assert (keys >= KEYS) is sees
    assert not (KEYS & keys) or sees


def test_another_department_or_area_does_not_see_the_request(
    requested: AbnormalListing,
) -> None:
    sibling = RegulatorFactory(
        role="list_officer",
        jurisdiction="3408",
        department=DepartmentFactory(code="aq-other", jurisdiction="3408"),
    )
    far = RegulatorFactory(
        role="list_officer",
        jurisdiction="4403",
        department=DepartmentFactory(code="sz-amr", jurisdiction="4403"),
    )
    for user in (sibling, far):
        assert queue(signed_in(user), "abnormal_removals") == []


def test_warned_and_due_escalations_are_queued_with_the_proposal_action(
    time_machine: Any, officer: Any, firm: Any
) -> None:
    time_machine.move_to(noon(TODAY), tick=False)
    due = abnormal_list(actor=officer, enterprise=firm, ground="unreachable", facts="查无此址")
    soon = abnormal_list(actor=officer, enterprise=firm, ground="not_disclosed", facts="未公示")
    # Due: 3 years over (listed 25 Nov 2023) and warned 60 days ago.
    AbnormalListing.objects.filter(pk=due.pk).update(
        listed_on=dt.date(2023, 11, 25), escalation_warned_on=TODAY - dt.timedelta(days=60)
    )
    # Three years over on 25 January 2027: the beat task warns it today.
    AbnormalListing.objects.filter(pk=soon.pk).update(listed_on=dt.date(2024, 1, 24))
    assert abnormal_warn_task() == 1
    c = signed_in(officer)
    [warned] = queue(c, "abnormal_warned")
    assert (warned.obj.pk, warned.due, warned.overdue) == (soon.pk, dt.date(2027, 1, 25), False)
    [escalation] = queue(c, "abnormal_escalations")
    assert (escalation.obj.pk, escalation.due, escalation.overdue) == (due.pk, TODAY, False)
    page = c.get(f"/console/queues/abnormal_escalations/{due.pk}/").content.decode()
    assert f"/console/abnormal/{due.pk}/escalated/" in page
    warned_page = c.get(f"/console/queues/abnormal_warned/{soon.pk}/").content.decode()
    assert f"/console/abnormal/{soon.pk}/escalated/" not in warned_page
    assert c.get(f"/console/queues/abnormal_escalations/{soon.pk}/").status_code == 404
    back = "/console/queues/abnormal_escalations/"
    r = c.post(f"/console/abnormal/{due.pk}/escalated/", {"next": back})
    assert r["Location"] == back
    entry = BlacklistEntry.objects.get()
    assert AbnormalListing.objects.get(pk=due.pk).escalated_to == entry
    assert queue(c, "abnormal_escalations") == []
    assert [i.obj for i in queue(c, "notify")] == [entry]  # the normal due process follows


def test_the_firms_timeline_shows_the_listing_and_its_removal(
    requested: AbnormalListing, officer: Any, firm: Any, time_machine: Any
) -> None:
    time_machine.move_to(noon(TODAY) + dt.timedelta(minutes=10), tick=False)
    c = signed_in(officer)
    c.post(f"/console/abnormal/{requested.pk}/removed/")
    response = c.get(f"/console/firms/{firm.uscc}/timeline/")
    texts = [e.text for e in response.context["events"] if e.kind == "abnormal"]
    ground = requested.get_ground_display()
    removed, listed = AuditAction.ABNORMAL_REMOVED.label, AuditAction.ABNORMAL_LISTED.label
    assert texts == [f"{removed}: {ground} (已改正列入事由)", f"{listed}: {ground}"]
    assert f"{listed}: {ground}" in response.content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_pages_read_in_constant_queries(time_machine: Any, officer: Any) -> None:
    """The queue, the console's list page and the firm's page, with 2 and with 6 requests."""
    time_machine.move_to(noon(TODAY), tick=False)
    firms = [EnterpriseFactory(region_id="340802", uscc=uscc_for(800 + i)) for i in range(6)]
    users = [EnterpriseUserFactory(enterprise=f) for f in firms]

    def request_removal(i: int) -> None:
        listing = abnormal_list(
            actor=officer, enterprise=firms[i], ground="unreachable", facts="查无此址"
        )
        abnormal_removal_request(actor=users[i], listing=listing, statement="已变更住所")

    for i in range(2):
        request_removal(i)
    c = signed_in(officer)
    own = signed_in(users[0])
    before = [_queries(c, "/console/"), _queries(c, "/console/abnormal/")]
    queue_page = _queries(c, "/console/queues/abnormal_removals/")
    firm_before = _queries(own, "/firm/abnormal/")
    for i in range(2, 6):
        request_removal(i)
    assert [_queries(c, "/console/"), _queries(c, "/console/abnormal/")] == before
    assert _queries(c, "/console/queues/abnormal_removals/") == queue_page
    queues = signed_in(officer).get("/console/").context["queues"]
    assert next(q.count for q in queues if q.key == "abnormal_removals") == 6
    for ground in GROUNDS[:3]:  # more listings of one firm cost no more queries on its page
        abnormal_list(actor=officer, enterprise=firms[0], ground=ground, facts="事实")
    assert _queries(own, "/firm/abnormal/") == firm_before
