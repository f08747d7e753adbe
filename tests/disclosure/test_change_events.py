"""Every public fact that changes is an event of GET /api/v1/changes/: a grade's letter,
red-list membership and supervision mode (each its own kind), blacklist transitions, and
penalties entering or leaving publicity on the days their Order 45 windows say; and
data_version() moves with each."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.actions import AuditAction
from core.dates import add_months
from core.models import AuditEntry
from disclosure import api as api_mod
from disclosure.changes import KINDS, data_version
from enterprises.models import Enterprise
from lists.models import BlacklistEntry
from lists.removal import blacklist_expire_due
from publicity.events import publicity_events_record
from publicity.models import PublicityEvent
from publicity.rules import publicity_ends_on
from ratings.models import GradeChange
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import enterprise_grade_recompute
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
)
from tests.ratings.test_grade_changes import a_firm, honour_and_commit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _no_commit_margin(monkeypatch: Any) -> None:
    # Events of the last seconds wait for the next call in production; here every one counts.
    monkeypatch.setattr(api_mod, "COMMIT_MARGIN", dt.timedelta(0))


def feed(since: dt.datetime, client: Client | None = None) -> list[tuple[str, str, int]]:
    """Every event after `since`, page by page: (kind, uscc, id), in feed order."""
    client = client or Client()
    url: str | None = f"/api/v1/changes/?since={since.isoformat().replace('+', '%2B')}"
    seen: list[tuple[str, str, int]] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        seen += [(r["kind"], r["uscc"], r["id"]) for r in data["results"]]
        url = data["next"]
    return seen


def regrade(firm: Enterprise) -> int:
    return enterprise_grade_recompute(enterprise_ids=[firm.pk], today=timezone.localdate())


def newest_change(firm: Enterprise) -> GradeChange:
    change = GradeChange.objects.filter(enterprise=firm).first()
    assert change is not None
    return change


def test_an_a_firm_entering_the_red_list_is_an_event_without_a_letter_change() -> None:
    firm = a_firm()
    regrade(firm)
    honour_and_commit(firm)
    since = timezone.now()
    version = data_version()
    regrade(firm)
    change = newest_change(firm)
    assert (change.old_grade, change.new_grade) == ("A", "A")
    assert feed(since) == [("red_list", firm.uscc, change.pk)]
    assert version is not None
    assert data_version() == change.changed_at > version


def test_a_supervision_mode_change_is_an_event() -> None:
    firm = a_firm()
    regrade(firm)
    matrix = copy.deepcopy(grading_policy_active().matrix)
    matrix["A"][firm.product_risk]["mode"] = "routine"
    grading_policy_publish(
        rules=grading_policy_active().rules,
        matrix=matrix,
        note="A 类常态监管",
        actor=None,
        recompute=False,
    )
    since = timezone.now()
    regrade(firm)
    assert feed(since) == [("supervision", firm.uscc, newest_change(firm).pk)]


def test_a_fall_from_the_red_list_announces_each_fact_that_moved() -> None:
    firm = a_firm()
    honour_and_commit(firm)
    regrade(firm)
    since = timezone.now()
    InspectionFactory(
        enterprise=firm,
        inspected_on=timezone.localdate(),
        result="fail",
        defect_severity="serious",
    )
    regrade(firm)
    change = newest_change(firm)
    events = [e for e in feed(since) if e[0] != "inspection"]
    assert events == [(kind, firm.uscc, change.pk) for kind in ("grade", "red_list", "supervision")]


def test_an_unchanged_regrade_is_no_event_and_keeps_the_data_version() -> None:
    firm = a_firm()
    honour_and_commit(firm)
    regrade(firm)
    since = timezone.now()
    version = data_version()
    assert regrade(firm) == 0
    assert feed(since) == []
    assert data_version() == version


def test_a_blacklist_removal_is_an_event() -> None:
    firm = a_firm()
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    entry = BlacklistEntry.objects.create(
        enterprise=firm,
        department=dept,
        status="listed",
        grounds="从重处罚",
        legal_basis="总局令第44号",
        listed_on=timezone.localdate() - dt.timedelta(days=1100),
        ends_on=timezone.localdate() - DAY,
        created_by=RegulatorFactory(role="list_officer", department=dept),
    )
    since = timezone.now()
    assert blacklist_expire_due() == 1
    transition = entry.transitions.get(to_status="removed")
    assert ("blacklist", firm.uscc, transition.pk) in feed(since)


# Penalties leave public view on a date, not by a write: the nightly sweep makes it an event.


def criticism_ending(end: dt.date, **kw: Any) -> Any:
    published = add_months(end - DAY, -3)  # within 3 months through end - 1 day
    p = PenaltyFactory(
        kind="criticism", amount=None, decided_on=published - 3 * DAY, published_on=published, **kw
    )
    assert publicity_ends_on(p) == end
    return p


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["ended-yesterday", "ends-today", "tomorrow"])
def test_a_penalty_leaving_publicity_is_an_event_from_its_end_day(
    offset: int, time_machine: Any
) -> None:
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    penalty = criticism_ending(TODAY + offset * DAY)
    ends = ("publicity_end", penalty.enterprise.uscc, penalty.pk)
    time_machine.move_to(noon(TODAY), tick=False)
    publicity_events_record(today=TODAY)
    today = feed(timezone.now() - dt.timedelta(hours=1))
    assert (ends in today) == (offset <= 0)
    time_machine.move_to(noon(TODAY + DAY), tick=False)
    publicity_events_record(today=TODAY + DAY)
    tomorrow = feed(timezone.now() - dt.timedelta(hours=1))
    assert (ends in tomorrow) == (offset == 1)  # once, on the first night it is due
    assert PublicityEvent.objects.filter(penalty=penalty).count() == 1


def test_a_penalty_published_after_it_arrived_is_an_event_on_its_publication_day(
    time_machine: Any,
) -> None:
    time_machine.move_to(noon(TODAY - 2 * DAY), tick=False)
    later = PenaltyFactory(decided_on=TODAY - 9 * DAY, published_on=TODAY, amount=200000)
    time_machine.move_to(noon(TODAY - DAY), tick=False)
    publicity_events_record(today=TODAY - DAY)
    assert "publicity_start" not in {k for k, _u, _i in feed(timezone.now() - DAY)}
    time_machine.move_to(noon(TODAY), tick=False)
    since = timezone.now() - dt.timedelta(hours=1)
    publicity_events_record(today=TODAY)
    assert feed(since) == [("publicity_start", later.enterprise.uscc, later.pk)]


def test_the_data_version_moves_with_a_publicity_event(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    criticism_ending(TODAY)
    before = data_version()
    time_machine.move_to(noon(TODAY), tick=False)
    publicity_events_record(today=TODAY)
    # The event table alone moves it (the sweep's audit row aside).
    AuditEntry.objects.filter(action=AuditAction.PUBLICITY_SWEPT).delete()
    event = PublicityEvent.objects.get()
    assert before is not None
    assert data_version() == event.at > before


def test_the_cursor_pages_through_every_kind_without_gaps(
    time_machine: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(api_mod, "CHANGES_PAGE", 1)
    time_machine.move_to(noon(TODAY - 10 * DAY), tick=False)
    firm = a_firm()
    honour_and_commit(firm)
    regrade(firm)  # first grade: grade, red_list, supervision at one time
    leaving = criticism_ending(TODAY, enterprise=firm)
    time_machine.move_to(noon(TODAY - 2 * DAY), tick=False)
    starting = PenaltyFactory(
        enterprise=firm, decided_on=TODAY - 9 * DAY, published_on=TODAY, amount=200000
    )
    time_machine.move_to(noon(TODAY), tick=False)
    publicity_events_record(today=TODAY)
    seen = feed(timezone.now() - dt.timedelta(days=11))
    assert len(seen) == len(set(seen))
    change = newest_change(firm)
    assert {(k, i) for k, _u, i in seen} >= {
        ("grade", change.pk),
        ("red_list", change.pk),
        ("supervision", change.pk),
        ("publicity_end", leaving.pk),
        ("publicity_start", starting.pk),
        ("penalty", leaving.pk),
        ("penalty", starting.pk),
    }


@pytest.mark.parametrize("kind", ["red_list", "publicity_end"])
def test_a_cursor_of_a_new_kind_is_accepted_and_a_made_up_one_refused(kind: str) -> None:
    base = "/api/v1/changes/?since=2026-11-01T00:00:00Z&until=2026-11-20T00:00:00Z&after="
    assert Client().get(f"{base}2026-11-02T00:00:00~{kind}~1").status_code == 200
    response = Client().get(f"{base}2026-11-02T00:00:00~{kind}s~1")
    assert response.status_code == 400
    assert "after" in response.json()


def test_the_schema_lists_every_event_kind(db: Any) -> None:
    schema = Client().get("/api/schema/").content.decode()
    for kind in KINDS:
        assert f"- {kind}\n" in schema, kind
    assert {"red_list", "supervision", "publicity_start", "publicity_end"} <= set(KINDS)
    assert "`publicity_end`" in schema
