"""The deadlines of the work queues that the rules leave to practice are policy numbers: the
grading policy's report review and interview working days, the list policy's months a late
arrival stays flagged; each boundary at the day before, of and after."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from core.dates import add_working_days, last_start_due_by
from enterprises.models import PenaltyRecord, QualityReport
from lists.policy import list_policy_publish
from lists.rules import list_rules
from publicity.rules import publication_due, publication_late_q
from ratings.services.policy import grading_policy_active, grading_policy_publish
from tests.clock import noon
from tests.factories import DepartmentFactory, EnterpriseFactory, PenaltyFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
SUBMITTED = dt.date(2026, 11, 9)  # a Monday; 10 working days later is Monday 23 November


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def grader() -> Any:
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    return RegulatorFactory(role="grader", jurisdiction="3408", department=city)


@pytest.fixture
def report(time_machine: Any) -> QualityReport:
    time_machine.move_to(noon(SUBMITTED), tick=False)
    return QualityReport.objects.create(
        enterprise=EnterpriseFactory(region_id="340802"),
        year=2025,
        status="submitted",
        submitted_at=noon(SUBMITTED),
    )


@pytest.mark.parametrize(
    ("day", "overdue"),
    [(dt.date(2026, 11, 23), False), (dt.date(2026, 11, 24), True)],
)
def test_a_report_is_due_the_grading_policys_working_days_after_submission(
    report: QualityReport, grader: Any, time_machine: Any, day: dt.date, overdue: bool
) -> None:
    time_machine.move_to(noon(day), tick=False)
    [item] = signed_in(grader).get("/console/queues/reports/").context["items"]
    assert (item.due, item.overdue) == (dt.date(2026, 11, 23), overdue)
    grading_policy_publish(
        rules={**grading_policy_active().rules, "report_review_working_days": 12},
        matrix=grading_policy_active().matrix,
        note="报告审核12个工作日",
        actor=None,
        recompute=False,
    )
    [item] = signed_in(grader).get("/console/queues/reports/").context["items"]
    assert (item.due, item.overdue) == (dt.date(2026, 11, 25), False)


def test_a_report_is_reviewed_on_its_page_and_the_review_returns_to_the_queue(
    report: QualityReport, grader: Any
) -> None:
    c = signed_in(grader)
    back = "/console/queues/reports/?overdue=on"
    opened = c.get(f"/console/queues/reports/{report.pk}/", {"next": back})
    assert opened.status_code == 302
    assert opened["Location"].startswith(f"/console/reports/{report.pk}/?next=")
    page = c.get(opened["Location"]).content.decode()
    assert 'name="next" value="/console/queues/reports/?overdue=on"' in page
    refused = c.post(f"/console/reports/{report.pk}/", {"decision": "return", "next": back})
    assert refused.status_code == 400  # returned without comments
    r = c.post(f"/console/reports/{report.pk}/", {"decision": "accept", "next": back})
    assert (r.status_code, r["Location"]) == (302, back)
    report.refresh_from_db()
    assert report.status == "accepted"


@pytest.mark.parametrize(("months", "flagged"), [(None, False), (4, True)])
def test_late_arrivals_stay_flagged_for_the_list_policys_months(
    time_machine: Any, months: int | None, flagged: bool
) -> None:
    """Received on 20 August, 20 working days late: flagged through the third month only by
    default (3), and for longer where a province keeps it longer."""
    p = PenaltyFactory(
        enterprise=EnterpriseFactory(region_id="340802"), decided_on=dt.date(2026, 7, 1)
    )
    PenaltyRecord.objects.filter(pk=p.pk).update(received_at=noon(dt.date(2026, 8, 20)))
    if months is not None:
        list_policy_publish(
            rules={"publicity_late_flagged_months": months}, note="延长提示", actor=None
        )
    clerk = signed_in(RegulatorFactory(role="clerk", jurisdiction="3408"))
    time_machine.move_to(noon(dt.date(2026, 11, 20)), tick=False)  # within 3 months
    assert clerk.get("/console/queues/late_publication/").context["count"] == 1
    time_machine.move_to(noon(dt.date(2026, 11, 21)), tick=False)  # the day after
    clerk = signed_in(RegulatorFactory(role="clerk", jurisdiction="3408"))
    assert clerk.get("/console/queues/late_publication/").context["count"] == int(flagged)


@pytest.mark.parametrize("months", [0, -1, "3"])
def test_the_list_policy_refuses_a_flagging_period_that_is_not_months(months: Any) -> None:
    with pytest.raises(ValidationError):
        list_policy_publish(rules={"publicity_late_flagged_months": months}, note="x", actor=None)


@pytest.mark.parametrize("days", [1, 3, 5, 10, 20])
def test_the_last_start_due_by_a_day_is_the_inverse_of_adding_working_days(days: int) -> None:
    """Across the National Day holidays and their make-up Sundays: started on the bound, due
    on or before the day; the day after the bound, due after it."""
    day = dt.date(2026, 9, 20)
    while day < dt.date(2026, 10, 31):
        bound = last_start_due_by(day, days)
        assert add_working_days(bound, days) <= day
        assert add_working_days(bound + dt.timedelta(days=1), days) > day
        day += dt.timedelta(days=1)


def test_the_late_publication_query_agrees_with_publication_due(time_machine: Any) -> None:
    """Decisions of every day around the National Day holidays, each received the day before,
    of and after its due day: the query keeps exactly those received after it."""
    firm = EnterpriseFactory(region_id="340802")
    rules = list_rules()
    late = set()
    decided = dt.date(2026, 9, 20)
    while decided < dt.date(2026, 10, 12):
        due = publication_due(decided, rules=rules)
        for offset in (-1, 0, 1):
            p = PenaltyFactory(enterprise=firm, decided_on=decided)
            day = due + dt.timedelta(days=offset)
            PenaltyRecord.objects.filter(pk=p.pk).update(received_at=noon(day))
            if day > due:
                late.add(p.pk)
        decided += dt.timedelta(days=1)
    today = dt.date(2026, 11, 30)
    time_machine.move_to(noon(today), tick=False)
    q = publication_late_q(since=dt.date(2026, 9, 1), today=today, rules=rules)
    assert set(PenaltyRecord.objects.filter(q).values_list("pk", flat=True)) == late
