"""Console queues that scale (issue #20 item 2): true totals in SQL, one queue a page at a time
with filters (region within the jurisdiction, due date, overdue only), each item decided on its
own page and the decision returning to the queue page it came from, in fixed queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from console.models import Interview
from console.queues import QUEUE_KINDS
from dueprocess.models import Objection
from enterprises.models import PenaltyRecord
from lists.models import BlacklistEntry, EntryStatement
from ratings.services.policy import grading_policy_active, grading_policy_publish
from tests.clock import noon
from tests.console.test_console import objection_on
from tests.disclosure.test_lists_and_api import graded
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    PenaltyFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # a Thursday
DAY = dt.timedelta(days=1)


@pytest.fixture
def city(time_machine: Any) -> Any:
    time_machine.move_to(noon(TODAY), tick=False)
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    return DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def officer(city: Any) -> Client:
    return signed_in(RegulatorFactory(role="list_officer", jurisdiction="3408", department=city))


def firms(n: int, region: str = "340802", start: int = 0) -> list[Any]:
    return [
        EnterpriseFactory(region_id=region, uscc=uscc_for(3000 + start + i, region))
        for i in range(n)
    ]


def objections(n: int, **kw: Any) -> list[Objection]:
    return [objection_on(f) for f in firms(n, **kw)]


def queries(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def count_of(client: Client, key: str, **params: str) -> int:
    queues = client.get("/console/", params).context["queues"]
    return next(q.count for q in queues if q.key == key)


# True totals and pages.


def test_it_counts_the_whole_queue_beyond_fifty(officer: Client) -> None:
    objections(60)
    assert count_of(officer, "objections") == 60  # the overview's badge
    overview = officer.get("/console/").content.decode()
    assert '<span class="badge">60</span>' in overview
    page = officer.get("/console/queues/objections/")
    assert page.context["count"] == 60
    assert '<span class="badge">60</span>' in page.content.decode()
    assert len(page.context["items"]) == 25


def test_it_pages_the_queue(officer: Client) -> None:
    made = objections(60)  # answer due in 3 days each: ordered by due date, then by id
    second = officer.get("/console/queues/objections/", {"page": "2"})
    assert [i.obj.pk for i in second.context["items"]] == [o.pk for o in made[25:50]]
    html = second.content.decode()
    assert '<nav class="pager" aria-label="' in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    # Past the end: the last page, as the console's other lists do; not a number: the first.
    past = officer.get("/console/queues/objections/", {"page": "99"})
    assert (past.status_code, past.context["page"].number) == (200, 3)
    assert [i.obj.pk for i in past.context["items"]] == [o.pk for o in made[50:]]
    assert officer.get("/console/queues/objections/", {"page": "x"}).context["page"].number == 1


def test_the_pages_run_fixed_queries_for_5_or_60_items(
    city: Any, django_assert_max_num_queries: Any
) -> None:
    """Every queue of an administrator, and one queue's page, cost the same with 60 items."""
    admin = signed_in(RegulatorFactory(role="admin", jurisdiction="3408", department=city))
    officer = signed_in(RegulatorFactory(role="list_officer", jurisdiction="3408", department=city))

    def fill(start: int, n: int) -> None:
        for firm in firms(n, start=start):
            objection_on(firm)
            grade = graded(firm, "C", red=False, since=TODAY - 20 * DAY)
            grade.interview_due = True
            grade.save()

    fill(0, 5)
    urls = ["/console/", "/console/queues/objections/", "/console/queues/interviews/"]
    few = {url: queries(admin, url) for url in urls}
    few_officer = queries(officer, "/console/queues/objections/", {"page": "2"})
    fill(5, 55)
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            admin.get(url)
    with django_assert_max_num_queries(few_officer):
        officer.get("/console/queues/objections/", {"page": "2"})
    assert count_of(admin, "interviews") == 60


# Filters.


def test_it_filters_by_region_within_the_jurisdiction(officer: Client) -> None:
    objections(3, region="340802")
    objections(2, region="340811", start=10)
    assert count_of(officer, "objections") == 5
    assert count_of(officer, "objections", region="340811") == 2
    page = officer.get("/console/queues/objections/", {"region": "340811"})
    assert {i.enterprise.region_id for i in page.context["items"]} == {"340811"}
    assert page.context["count"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"region": "4403"},  # another city: outside the jurisdiction
        {"region": "34"},  # the whole province: wider than the jurisdiction
        {"region": "34x8"},
        {"region": "999999"},  # no such region
        {"due_from": "2026-13-01"},
        {"due_to": "tomorrow"},
        {"due_from": "2026-12-02", "due_to": "2026-12-01"},
    ],
)
def test_bad_filters_are_a_400_with_the_queue_unfiltered(
    officer: Client, params: dict[str, str]
) -> None:
    objections(2)
    for url in ("/console/", "/console/queues/objections/"):
        response = officer.get(url, params)
        assert response.status_code == 400
        assert response.context["form"].errors
        html = response.content.decode()
        assert 'role="alert"' in html
    page = officer.get("/console/queues/objections/", params)
    assert page.context["count"] == 2  # nothing filtered on a bad value
    assert page.context["query"] == ""  # and the pager does not carry it on


def _objection_due(firm: Any, due: dt.date) -> Objection:
    o = objection_on(firm)
    Objection.objects.filter(pk=o.pk).update(answer_due=due)
    return o


def test_it_filters_by_due_date_and_overdue(officer: Client) -> None:
    before, on, after = (
        _objection_due(f, d)
        for f, d in zip(firms(3), (TODAY - DAY, TODAY, TODAY + DAY), strict=True)
    )

    def shown(**params: str) -> set[int]:
        page = officer.get("/console/queues/objections/", params)
        assert page.status_code == 200
        return {i.obj.pk for i in page.context["items"]}

    day = TODAY.isoformat()
    assert shown(due_to=day) == {before.pk, on.pk}  # on or before
    assert shown(due_from=day) == {on.pk, after.pk}  # on or after
    assert shown(due_from=day, due_to=day) == {on.pk}
    # Overdue from the day after the due day.
    assert shown(overdue="on") == {before.pk}
    assert count_of(officer, "objections", overdue="on") == 1
    page = officer.get("/console/queues/objections/", {"overdue": "on"}).content.decode()
    assert "overdue=on" in page  # items link back to the filtered queue
    overview = officer.get("/console/", {"overdue": "on"}).content.decode()
    assert (
        f"/console/queues/objections/{before.pk}/?next=/console/queues/objections/%3Foverdue%3Don"
        in overview
    )


def test_a_deadline_in_working_days_filters_on_the_grading_policys_number(
    city: Any,
) -> None:
    """An interview is due the grading policy's working days after the grade (10 by default);
    due-date filters and the overdue mark read the same number."""
    grader = signed_in(RegulatorFactory(role="grader", jurisdiction="3408", department=city))
    since = dt.date(2026, 11, 9)  # a Monday: 10 working days later is Monday 23 November
    firm = firms(1)[0]
    grade = graded(firm, "C", red=False, since=since)
    grade.interview_due = True
    grade.save()
    [item] = grader.get("/console/queues/interviews/").context["items"]
    assert (item.due, item.overdue) == (dt.date(2026, 11, 23), True)
    for due_to, shown in (("2026-11-22", 0), ("2026-11-23", 1)):
        assert count_of(grader, "interviews", due_to=due_to) == shown
    for due_from, shown in (("2026-11-23", 1), ("2026-11-24", 0)):
        assert count_of(grader, "interviews", due_from=due_from) == shown
    assert count_of(grader, "interviews", overdue="on") == 1
    grading_policy_publish(
        rules={**grading_policy_active().rules, "interview_working_days": 15},
        matrix=grading_policy_active().matrix,
        note="约谈时限15个工作日",
        actor=None,
        recompute=False,
    )
    [item] = grader.get("/console/queues/interviews/").context["items"]
    assert (item.due, item.overdue) == (dt.date(2026, 11, 30), False)
    assert count_of(grader, "interviews", overdue="on") == 0


@pytest.mark.parametrize("days", [0, -1, "10"])
def test_the_grading_policy_refuses_a_deadline_that_is_not_a_working_day_count(
    days: Any,
) -> None:
    for name in ("interview_working_days", "report_review_working_days"):
        with pytest.raises(ValidationError):
            grading_policy_publish(
                rules={name: days}, matrix=grading_policy_active().matrix, note="x", actor=None
            )


# Who sees which queue.

ROLE_QUEUES = {
    "clerk": {"late_publication", "late_withdrawal"},
    "grader": {"reports", "interviews"},
    "list_officer": {
        "notify",
        "publish",
        "abnormal_removals",
        "abnormal_escalations",
        "abnormal_warned",
        "objections",
        "repairs",
    },
    "approver": {"approve", "objections", "repairs"},
    "admin": {k.key for k in QUEUE_KINDS},
}


@pytest.mark.parametrize("role", sorted(ROLE_QUEUES))
def test_each_role_opens_only_its_queues(city: Any, role: str) -> None:
    c = signed_in(RegulatorFactory(role=role, jurisdiction="3408", department=city))
    assert {q.key for q in c.get("/console/").context["queues"]} == ROLE_QUEUES[role]
    for kind in QUEUE_KINDS:
        status = c.get(f"/console/queues/{kind.key}/").status_code
        assert status == (200 if kind.key in ROLE_QUEUES[role] else 403), kind.key
    assert c.get("/console/queues/nothing/").status_code == 404


def test_anyone_but_a_regulator_is_kept_out(city: Any) -> None:
    o = objections(1)[0]
    for url in ("/console/queues/objections/", f"/console/queues/objections/{o.pk}/"):
        assert Client().get(url).status_code == 302  # to sign in
        assert signed_in(EnterpriseUserFactory()).get(url).status_code == 403


def test_another_jurisdiction_sees_none_of_the_queue(city: Any) -> None:
    o = objections(1)[0]
    far = signed_in(
        RegulatorFactory(
            role="list_officer",
            jurisdiction="4403",
            department=DepartmentFactory(code="sz-amr", jurisdiction="4403"),
        )
    )
    assert count_of(far, "objections") == 0
    assert far.get("/console/queues/objections/").context["count"] == 0
    assert far.get(f"/console/queues/objections/{o.pk}/").status_code == 404
    r = far.post(f"/console/objections/{o.pk}/", {"decision": "yes", "reason": "越权"})
    assert r.status_code == 404
    assert Objection.objects.get(pk=o.pk).status == "open"


# Decisions on the item's page, returning to the queue page.

BACK = "/console/queues/{key}/?overdue=on&page=2"


def test_an_objection_is_decided_on_its_page(officer: Client) -> None:
    o = objections(1)[0]
    back = BACK.format(key="objections")
    page = officer.get(f"/console/queues/objections/{o.pk}/", {"next": back})
    html = page.content.decode()
    assert "样品不符" in html
    assert f'action="/console/objections/{o.pk}/"' in html
    assert f'action="/console/objections/{o.pk}/retest/"' in html
    assert f'name="next" value="{back.replace("&", "&amp;")}"' in html
    assert '<label for="id_reason">' in html
    # No reasons: the item's page again, 400, nothing decided.
    refused = officer.post(f"/console/objections/{o.pk}/", {"decision": "yes", "next": back})
    assert refused.status_code == 400
    assert refused.context["item"].obj.pk == o.pk
    assert Objection.objects.get(pk=o.pk).status == "open"
    r = officer.post(
        f"/console/objections/{o.pk}/", {"decision": "no", "reason": "理由不成立", "next": back}
    )
    assert (r.status_code, r["Location"]) == (302, back)
    assert Objection.objects.get(pk=o.pk).status == "rejected"
    assert officer.get(f"/console/queues/objections/{o.pk}/").status_code == 404  # decided


def test_a_retest_is_recorded_on_the_objections_page(officer: Client) -> None:
    o = objections(1)[0]
    back = BACK.format(key="objections")
    bad = officer.post(
        f"/console/objections/{o.pk}/retest/",
        {"lab": "", "tested_on": TODAY.isoformat(), "result": "pass", "next": back},
    )
    assert bad.status_code == 400
    r = officer.post(
        f"/console/objections/{o.pk}/retest/",
        {"lab": "省质检院", "tested_on": TODAY.isoformat(), "result": "pass", "next": back},
    )
    assert r.status_code == 302
    assert r["Location"].startswith(f"/console/queues/objections/{o.pk}/?next=")
    assert "省质检院" in officer.get(r["Location"]).content.decode()


def test_a_next_address_off_the_console_is_not_followed(officer: Client) -> None:
    nexts = ("https://evil.example/", "//evil.example/console/", "/firm/")
    for o, nxt in zip(objections(len(nexts)), nexts, strict=True):
        r = officer.post(
            f"/console/objections/{o.pk}/", {"decision": "no", "reason": "理由", "next": nxt}
        )
        assert r["Location"] == "/console/queues/objections/"


def test_listing_steps_are_taken_on_the_entrys_page(city: Any) -> None:
    officer_user = RegulatorFactory(role="list_officer", jurisdiction="3408", department=city)
    approver_user = RegulatorFactory(role="approver", jurisdiction="34", department=city.parent)
    officer, approver = signed_in(officer_user), signed_in(approver_user)
    entry = BlacklistEntry.objects.create(
        enterprise=firms(1)[0],
        department=city,
        status="proposed",
        grounds="吊销许可证",
        legal_basis="总局令第44号",
        created_by=officer_user,
    )
    for key, client, step, status in (
        ("notify", officer, "notify", "notified"),
        ("approve", approver, "approve", "approved"),
        ("publish", officer, "publish", "listed"),
    ):
        if key == "approve":
            BlacklistEntry.objects.filter(pk=entry.pk).update(hearing_deadline=TODAY - DAY)
            EntryStatement.objects.create(
                entry=entry,
                text="已整改完毕",
                submitted_by=EnterpriseUserFactory(enterprise=entry.enterprise),
                submitted_at=timezone.now(),
            )
            page = client.get(f"/console/queues/approve/{entry.pk}/").content.decode()
            assert "已整改完毕" in page
            assert f"/console/entries/{entry.pk}/approve/" not in page  # the answer first
            client.post(f"/console/entries/{entry.pk}/answer/", {"answer": "不予采纳"})
        back = BACK.format(key=key)
        page = client.get(f"/console/queues/{key}/{entry.pk}/").content.decode()
        assert f"/console/entries/{entry.pk}/{step}/" in page
        refused = client.post(f"/console/entries/{entry.pk}/{step}/", {"reason": "", "next": back})
        assert refused.status_code == 400
        r = client.post(f"/console/entries/{entry.pk}/{step}/", {"reason": "依法", "next": back})
        assert (r.status_code, r["Location"]) == (302, back)
        entry.refresh_from_db()
        assert entry.status == status


def test_an_interview_is_recorded_on_the_firms_page(city: Any) -> None:
    grader = signed_in(RegulatorFactory(role="grader", jurisdiction="3408", department=city))
    firm = firms(1)[0]
    grade = graded(firm, "C", red=False, since=TODAY - 3 * DAY)
    grade.interview_due = True
    grade.save()
    back = BACK.format(key="interviews")
    page = grader.get(f"/console/queues/interviews/{firm.pk}/").content.decode()
    assert f"/console/interviews/{firm.uscc}/" in page
    future = (TODAY + DAY).isoformat()
    refused = grader.post(
        f"/console/interviews/{firm.uscc}/",
        {"held_on": future, "person": "张经理", "notes": "整改", "next": back},
    )
    assert refused.status_code == 400
    assert not Interview.objects.exists()
    r = grader.post(
        f"/console/interviews/{firm.uscc}/",
        {"held_on": TODAY.isoformat(), "person": "张经理", "notes": "整改", "next": back},
    )
    assert (r.status_code, r["Location"]) == (302, back)
    assert count_of(grader, "interviews") == 0


def test_a_late_penalty_page_has_facts_and_no_decision(city: Any) -> None:
    clerk = signed_in(RegulatorFactory(role="clerk", jurisdiction="3408", department=city))
    p = PenaltyFactory(enterprise=firms(1)[0], decided_on=dt.date(2026, 9, 28))
    PenaltyRecord.objects.filter(pk=p.pk).update(received_at=noon(dt.date(2026, 11, 20)))
    page = clerk.get(f"/console/queues/late_publication/{p.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert p.decision_no in html
    assert '<form method="post"' not in html.split('id="item-decision"')[1]
