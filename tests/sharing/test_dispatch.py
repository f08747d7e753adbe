"""The dispatcher: change-feed events become webhook events and one delivery per matching
subscription (type, jurisdiction or watch-list, subscribed before), once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from disclosure.changes import KINDS, Change
from enterprises.services.outbox import credit_file_changed
from lists.abnormal import abnormal_list
from lists.catalogue import RESTRICTION_ACTIONS
from lists.rules import RESTRICTION_LISTS
from ratings import tasks as ratings_tasks
from sharing import tasks as sharing_tasks
from sharing.dispatch import webhooks_dispatch
from sharing.events import KIND_EVENTS, SILENT_KINDS, events_from
from sharing.models import Delivery, DispatchCursor, EventType, WebhookEvent
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
DISPATCH = "sharing.tasks.webhooks_dispatch_task"


def list_abnormal(firm: Any, department: Any) -> Any:
    officer = RegulatorFactory(role="list_officer", department=department, jurisdiction="3408")
    return abnormal_list(
        actor=officer, enterprise=firm, ground="no_annual_report", facts="未按期公示年报"
    )


def test_every_feed_kind_is_mapped_or_silent() -> None:
    assert set(KIND_EVENTS) | SILENT_KINDS == set(KINDS)
    assert {"enterprise", "inspection", "recall"} == SILENT_KINDS
    announced = {t for types in KIND_EVENTS.values() for t in types}
    assert announced == set(EventType.values)


def test_one_grade_change_that_moved_two_facts_is_one_grade_event() -> None:
    at = timezone.now()
    changes = [Change("X", "grade", 7, at), Change("X", "red_list", 7, at)]
    events = {e.type: e for e in events_from(changes)}
    assert set(events) == {"grade.changed", "restriction.changed", "list.changed"}
    assert events["grade.changed"].data()["changed"] == ["grade", "red_list"]
    assert events["restriction.changed"].data()["changed"] == ["grade"]


def test_an_abnormal_listing_announces_list_and_restriction_changes(
    department: Any, firm: Any, subscribe: Any
) -> None:
    sub = subscribe()
    list_abnormal(firm, department)
    assert webhooks_dispatch() == 2
    events = {d.event.type: d.event for d in Delivery.objects.select_related("event")}
    assert set(events) == {"list.changed", "restriction.changed"}
    data = events["restriction.changed"].data
    assert data["uscc"] == firm.uscc
    assert data["changed"] == ["abnormal"]
    expected = sorted(a for a in RESTRICTION_ACTIONS if "abnormal" in RESTRICTION_LISTS[a])
    assert data["restricted_actions"] == expected
    assert "restricted_actions" not in events["list.changed"].data
    assert set(Delivery.objects.values_list("subscription", flat=True)) == {sub.pk}
    assert all(d.status == "pending" and d.attempts == 0 for d in Delivery.objects.all())


def test_a_rerun_announces_nothing_twice(department: Any, firm: Any, subscribe: Any) -> None:
    subscribe()
    list_abnormal(firm, department)
    assert webhooks_dispatch() == 2
    assert webhooks_dispatch() == 0
    assert (WebhookEvent.objects.count(), Delivery.objects.count()) == (2, 2)


def test_a_late_commit_before_the_cursor_is_still_announced(
    department: Any, firm: Any, subscribe: Any
) -> None:
    subscribe()
    webhooks_dispatch()  # the cursor is now
    listing = list_abnormal(firm, department)
    # Stamped before the cursor (a transaction that committed after a later one).
    cursor = DispatchCursor.objects.get()
    type(listing).objects.filter(pk=listing.pk).update(
        listed_at=cursor.at - dt.timedelta(seconds=30)
    )
    assert webhooks_dispatch() == 2


def test_it_matches_jurisdiction_watch_list_and_type(
    department: Any, firm: Any, subscribe: Any
) -> None:
    whole = subscribe()
    province = subscribe(department=DepartmentFactory(code="ah", jurisdiction="34"))
    national = subscribe(department=DepartmentFactory(code="samr", jurisdiction=""))
    elsewhere = subscribe(department=DepartmentFactory(code="sz", jurisdiction="4403"))
    watching = subscribe(
        department=DepartmentFactory(code="sz2", jurisdiction="4403"), enterprises=[firm.uscc]
    )
    watching_other = subscribe(enterprises=[EnterpriseFactory().uscc])
    grades_only = subscribe(events=["grade.changed"])
    late = subscribe()
    late.created_at = timezone.now() + dt.timedelta(minutes=5)
    late.save()
    list_abnormal(firm, department)
    webhooks_dispatch()
    got = {
        sub: set(Delivery.objects.filter(subscription=sub).values_list("event__type", flat=True))
        for sub in (
            whole,
            province,
            national,
            elsewhere,
            watching,
            watching_other,
            grades_only,
            late,
        )
    }
    both = {"list.changed", "restriction.changed"}
    assert got[whole] == got[province] == got[national] == got[watching] == both
    assert got[elsewhere] == got[watching_other] == got[grades_only] == got[late] == set()


def test_a_disabled_or_removed_subscription_gets_nothing(
    department: Any, firm: Any, subscribe: Any
) -> None:
    subscribe(is_active=False)
    subscribe(removed_at=timezone.now())
    list_abnormal(firm, department)
    webhooks_dispatch()
    assert not Delivery.objects.exists()
    assert WebhookEvent.objects.count() == 2  # announced, for nobody


def test_a_changed_file_wakes_the_dispatcher_with_the_grader(monkeypatch: Any, firm: Any) -> None:
    woken: list[str] = []
    monkeypatch.setattr(
        "enterprises.services.outbox.task_send_on_commit", lambda name, **kw: woken.append(name)
    )
    credit_file_changed(enterprise_ids=[firm.pk], kind="abnormal")
    assert woken == ["ratings.tasks.grades_drain_task", "sharing.tasks.webhooks_dispatch_task"]


@pytest.mark.parametrize(("regraded", "woken"), [(0, []), (3, [DISPATCH])])
def test_the_drain_wakes_the_dispatcher_when_it_regraded(
    monkeypatch: Any, regraded: int, woken: list[str]
) -> None:
    sent: list[str] = []
    monkeypatch.setattr(ratings_tasks, "grades_drain", lambda: regraded)
    monkeypatch.setattr(ratings_tasks, "task_send_on_commit", lambda name, **kw: sent.append(name))
    assert ratings_tasks.grades_drain_task() == regraded
    assert sent == woken
    assert sharing_tasks.webhooks_dispatch_task.name == DISPATCH  # the name is the task's
