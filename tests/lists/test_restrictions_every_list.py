"""The restriction API answers from every list the list policy names for an action: the
blacklist, the abnormal-operations list and the C grade, each basis with its list, date and
legal basis, at the day of listing, the day after and the day of removal."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from enterprises.models import Enterprise
from lists.catalogue import RESTRICTION_ACTIONS
from lists.entries import person_id_hash
from lists.grade_source import grade_source_path
from lists.models import (
    AbnormalListing,
    BlacklistEntry,
    ListPolicy,
    ResponsiblePerson,
    RestrictionMeasure,
    RestrictionQuery,
)
from lists.policy import list_policy_publish
from lists.rules import (
    RESTRICTING_LISTS,
    RESTRICTION_LISTS,
    ListRules,
    abnormal_current,
    abnormal_current_q,
    list_rules,
)
from ratings.models import EnterpriseGrade
from ratings.services.recompute import enterprise_grade_recompute
from tests.clock import noon
from tests.factories import EnterpriseFactory, InspectionFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)
ID = "34080219900101104X"
# listed yesterday, listed today (both restrict), removed today (no longer restricts)
STATES = ["listed_yesterday", "listed_today", "removed_today"]


@pytest.fixture(autouse=True)
def fixed_today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


def url(code: str, action: str) -> str:
    return f"/api/v1/restrictions/{code}/?action={action}"


def put_on(firm: Any, department: Any, which: str, state: str) -> None:
    """Put `firm` on list `which` in `state` (see STATES)."""
    since = TODAY - DAY if state == "listed_yesterday" else TODAY
    officer = RegulatorFactory(role="list_officer", department=department)
    if which == "blacklist":
        entry = BlacklistEntry.objects.create(
            enterprise=firm,
            department=department,
            status="listed",
            grounds="g",
            legal_basis="《市场监督管理严重违法失信名单管理办法》第二条",
            listed_on=since,
            ends_on=TODAY + 1000 * DAY,
            created_by=officer,
        )
        ResponsiblePerson.objects.create(
            entry=entry, name="张三", role="legal_rep", id_hash=person_id_hash(ID)
        )
        if state == "removed_today":
            BlacklistEntry.objects.filter(pk=entry.pk).update(
                status="removed", removed_on=TODAY, removal_reason="repaired"
            )
    elif which == "abnormal":
        AbnormalListing.objects.create(
            enterprise=firm,
            department=department,
            ground="no_annual_report",
            listed_on=since - (DAY if state == "removed_today" else 0 * DAY),
            removed_on=TODAY if state == "removed_today" else None,
            created_by=officer,
        )
    else:  # a seriously failed sampling grades the firm C (DOMAIN.md section 4)
        InspectionFactory(
            enterprise=firm,
            inspected_on=TODAY - 3 * DAY,
            result="fail",
            defect_severity="serious",
        )
        enterprise_grade_recompute(enterprise_ids=[firm.pk])
        assert EnterpriseGrade.objects.get(enterprise=firm).grade == "C"
        EnterpriseGrade.objects.filter(enterprise=firm).update(grade_since=since)
        if state == "removed_today":  # regraded out of C today
            EnterpriseGrade.objects.filter(enterprise=firm).update(grade="B", grade_since=TODAY)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("which", RESTRICTING_LISTS)
@pytest.mark.parametrize("action", RESTRICTION_ACTIONS)
def test_each_list_restricts_the_actions_its_default_names(
    api: APIClient, department: Any, firm: Any, action: str, which: str, state: str
) -> None:
    put_on(firm, department, which, state)
    response = api.get(url(firm.uscc, action))
    assert response.status_code == 200
    body = response.json()
    expected = which in RESTRICTION_LISTS[action] and state != "removed_today"
    assert body["restricted"] is expected
    assert body["restricting_lists"] == list(RESTRICTION_LISTS[action])
    assert [b["list"] for b in body["basis"]] == ([which] if expected else [])
    assert [m["code"] for m in body["measures"]] == ([action] if expected else [])
    log = RestrictionQuery.objects.get()
    assert (log.subject, log.action, log.restricted, log.status_code) == (
        firm.uscc,
        action,
        expected,
        200,
    )
    assert (log.bases, log.list_policy_version) == ([which] if expected else [], 1)
    if expected:
        basis = body["basis"][0]
        since = TODAY - DAY if state == "listed_yesterday" else TODAY
        assert basis["listed_on"] == since.isoformat()
        assert basis["legal_basis"]


def test_the_defaults_follow_seed_001_and_domain_md() -> None:
    abnormal = {a for a, lists in RESTRICTION_LISTS.items() if "abnormal" in lists}
    assert abnormal == {"procurement", "bidding", "land", "honours", "financing"}
    assert all("blacklist" in lists for lists in RESTRICTION_LISTS.values())
    # DOMAIN.md section 4: awards are withdrawn from C firms; C restricts nothing else.
    assert {a for a, lists in RESTRICTION_LISTS.items() if "grade" in lists} == {"honours"}
    assert set(RESTRICTION_LISTS) == set(RESTRICTION_ACTIONS)
    catalogue = set(RestrictionMeasure.objects.values_list("code", flat=True))
    assert set(RESTRICTION_ACTIONS) == catalogue


def test_each_basis_names_its_list_date_and_legal_basis(
    api: APIClient, department: Any, firm: Any
) -> None:
    for which in RESTRICTING_LISTS:
        put_on(firm, department, which, "listed_yesterday")
    body = api.get(url(firm.uscc, "honours")).json()
    assert body["restricted"] is True
    black, abnormal, grade = body["basis"]
    assert (black["list"], black["department"], black["ends_on"]) == (
        "blacklist",
        "安庆市市场监督管理局",
        (TODAY + 1000 * DAY).isoformat(),
    )
    assert black["legal_basis"] == "《市场监督管理严重违法失信名单管理办法》第二条"
    assert (abnormal["list"], abnormal["ground"], abnormal["ends_on"]) == (
        "abnormal",
        "no_annual_report",
        None,
    )
    assert abnormal["legal_basis"].startswith("《企业经营异常名录管理暂行办法》")
    assert abnormal["legal_basis"].endswith("第四条第（一）项")
    assert abnormal["ground_label"] == "No annual report by 30 June"
    assert (grade["list"], grade["grade"], grade["listed_on"]) == (
        "grade",
        "C",
        (TODAY - DAY).isoformat(),
    )
    assert grade["grading_policy_version"] == 1
    assert grade["overridden"] is False
    assert "version 1" in grade["legal_basis"]
    assert body["list_policy_version"] == 1
    log = RestrictionQuery.objects.get()
    assert log.bases == ["blacklist", "abnormal", "grade"]  # the answer's bases, logged


def test_a_refused_question_is_logged_without_bases(api: APIClient, firm: Any) -> None:
    assert api.get(url(firm.uscc, "teleport")).status_code == 400
    log = RestrictionQuery.objects.get()
    assert (log.status_code, log.restricted, log.bases, log.list_policy_version) == (
        400,
        False,
        [],
        None,
    )


def test_a_firm_on_the_abnormal_list_only_is_not_restricted_where_the_blacklist_alone_is(
    api: APIClient, department: Any, firm: Any
) -> None:
    put_on(firm, department, "abnormal", "listed_today")
    assert api.get(url(firm.uscc, "licences")).json()["restricted"] is False
    assert api.get(url(firm.uscc, "procurement")).json()["restricted"] is True


def test_an_ungraded_firm_is_not_restricted_by_the_grade(api: APIClient, firm: Any) -> None:
    body = api.get(url(firm.uscc, "honours")).json()
    assert (body["restricted"], body["basis"]) == (False, [])


def test_a_province_chooses_which_lists_restrict_an_action(
    api: APIClient, department: Any, firm: Any, make_user: Any
) -> None:
    put_on(firm, department, "grade", "listed_today")
    put_on(EnterpriseFactory(), department, "blacklist", "listed_today")
    listed = BlacklistEntry.objects.get().enterprise
    assert api.get(url(firm.uscc, "licences")).json()["restricted"] is False
    policy = list_policy_publish(
        rules={"restriction_lists": {"licences": ["grade", "blacklist"], "procurement": []}},
        note="省局：C级企业从严审查许可；采购不再限制",
        actor=make_user("admin", jurisdiction="34"),
    )
    body = api.get(url(firm.uscc, "licences")).json()
    assert (body["restricted"], body["list_policy_version"]) == (True, policy.version)
    assert body["restricting_lists"] == ["blacklist", "grade"]  # in RESTRICTING_LISTS order
    assert api.get(url(listed.uscc, "procurement")).json()["restricted"] is False
    # Actions not named keep their default lists.
    assert list_rules().restriction_lists["bidding"] == ["blacklist", "abnormal"]
    assert api.get(url(listed.uscc, "bidding")).json()["restricted"] is True


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"teleport": ["blacklist"]}, "unknown action"),
        ({"procurement": ["redlist"]}, "restriction_lists[procurement]"),
        ({"procurement": ["blacklist", "blacklist"]}, "restriction_lists[procurement]"),
        ({"procurement": "blacklist"}, "restriction_lists[procurement]"),
        ({"procurement": [1]}, "restriction_lists[procurement]"),
        (["blacklist"], "restriction_lists must map"),
    ],
)
def test_a_policy_names_only_known_actions_and_lists(
    mapping: object, message: str, make_user: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        list_policy_publish(
            rules={"restriction_lists": mapping},
            note="x",
            actor=make_user("admin", jurisdiction="34"),
        )
    assert message in str(raised.value)
    assert ListPolicy.objects.count() == 1  # nothing written


def test_a_measure_added_to_the_catalogue_may_be_named(make_user: Any) -> None:
    RestrictionMeasure.objects.create(code="subsidies", name="限制财政补贴", legal_basis="x")
    # Until a version names it, it is an Order 44 measure for blacklisted firms.
    assert list_rules().lists_restricting("subsidies") == ("blacklist",)
    list_policy_publish(
        rules={"restriction_lists": {"subsidies": ["blacklist", "abnormal"]}},
        note="省局：财政补贴",
        actor=make_user("admin", jurisdiction="34"),
    )
    assert list_rules().lists_restricting("subsidies") == ("blacklist", "abnormal")
    assert ListRules().problems() == []


def test_a_city_administrator_may_not_change_the_lists(make_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        list_policy_publish(
            rules={"restriction_lists": {"licences": []}},
            note="x",
            actor=make_user("admin", jurisdiction="3408"),
        )
    assert ListPolicy.objects.count() == 1


def test_persons_are_restricted_through_blacklist_entries_only(
    api: APIClient, department: Any, firm: Any, make_user: Any
) -> None:
    put_on(firm, department, "abnormal", "listed_today")
    put_on(firm, department, "grade", "listed_today")
    params = {"id_number": ID, "action": "honours"}
    person = "/api/v1/restrictions/person/"
    assert api.post(person, params, format="json").json()["restricted"] is False
    put_on(firm, department, "blacklist", "listed_today")
    body = api.post(person, params, format="json").json()
    assert body["restricted"] is True
    assert [b["list"] for b in body["basis"]] == ["blacklist"]
    list_policy_publish(
        rules={"restriction_lists": {"honours": ["abnormal", "grade"]}},
        note="省局",
        actor=make_user("admin", jurisdiction="34"),
    )
    assert api.post(person, params, format="json").json()["restricted"] is False
    assert RestrictionQuery.objects.filter(subject=person_id_hash(ID)).count() == 3


def test_a_check_costs_the_same_queries_whatever_the_file_holds(
    api: APIClient, department: Any, firm: Any, django_assert_num_queries: Any
) -> None:
    api.get(url(firm.uscc, "licences"))  # the token's last use is written once, not per call
    # token, a savepoint, known actions, firm, list policy, blacklist, abnormal list, grade,
    # (measures, once there is a basis), the log row, its release: per list, not per entry.
    with django_assert_num_queries(10):
        assert api.get(url(firm.uscc, "honours")).json()["basis"] == []
    for which in RESTRICTING_LISTS:
        put_on(firm, department, which, "listed_today")
    for _ in range(5):
        AbnormalListing.objects.create(
            enterprise=firm,
            department=department,
            ground="unreachable",
            listed_on=TODAY,
            created_by=BlacklistEntry.objects.get().created_by,
        )
    with django_assert_num_queries(11):
        body = api.get(url(firm.uscc, "honours")).json()
    assert len(body["basis"]) == 8
    # An action the grade does not restrict never reads it.
    with django_assert_num_queries(10):
        api.get(url(firm.uscc, "procurement"))


def test_the_grade_is_read_through_the_reader_grading_registered() -> None:
    assert grade_source_path() == "ratings.restrictions.restriction_grade_bases"


@pytest.mark.parametrize("removed_on", [None, TODAY - DAY, TODAY, TODAY + DAY])
def test_the_two_forms_of_a_current_abnormal_listing_agree(
    department: Any, firm: Any, removed_on: dt.date | None
) -> None:
    listing = AbnormalListing.objects.create(
        enterprise=firm,
        department=department,
        ground="unreachable",
        listed_on=TODAY - 10 * DAY,
        removed_on=removed_on,
        created_by=RegulatorFactory(role="list_officer"),
    )
    query = AbnormalListing.objects.filter(abnormal_current_q()).filter(pk=listing.pk).exists()
    assert abnormal_current(listing) is query is (removed_on is None)
    related = Enterprise.objects.filter(abnormal_current_q(prefix="abnormal_listings__"))
    assert related.filter(pk=firm.pk).exists() is (removed_on is None)


def test_the_migration_writes_the_default_of_the_code() -> None:
    migration = importlib.import_module("lists.migrations.0016_restriction_lists_default")
    assert {a: list(x) for a, x in RESTRICTION_LISTS.items()} == migration.DEFAULT
    assert ListPolicy.objects.get().rules["restriction_lists"] == migration.DEFAULT


def test_the_schema_documents_the_answer(db: Any) -> None:
    schema = Client().get("/api/schema/").content.decode()
    for name in ("restricting_lists", "list_policy_version", "ground_label", "overridden"):
        assert name in schema
