"""Batch restriction checks (POST /api/v1/restrictions/batch/): one answer per code, in order,
in the single check's shape, in a bounded number of statements, every item logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lists.catalogue import RESTRICTION_ACTIONS
from lists.models import RestrictionQuery
from lists.restriction_batch import enterprises_restricted_actions, restriction_check_enterprises
from lists.restrictions import INVALID_SUBJECT
from lists.rules import RESTRICTING_LISTS, RESTRICTION_LISTS
from tests.clock import noon
from tests.factories import EnterpriseFactory
from tests.lists.test_restrictions_every_list import put_on

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
URL = "/api/v1/restrictions/batch/"
UNKNOWN = "91110000600037341L"  # valid check digit, no such firm
MALFORMED = "91110000600037341N"  # wrong check digit


@pytest.fixture(autouse=True)
def fixed_today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def firms(department: Any) -> dict[str, Any]:
    out = {"clean": EnterpriseFactory(region_id="340802")}
    for which in RESTRICTING_LISTS:
        out[which] = EnterpriseFactory(region_id="340802")
        put_on(out[which], department, which, "listed_yesterday")
    return out


def ask(api: APIClient, codes: Any, action: Any = "procurement") -> Any:
    return api.post(URL, {"action": action, "codes": codes}, format="json")


def test_it_answers_each_code_in_order_as_the_single_check_does(
    api: APIClient, firms: dict[str, Any]
) -> None:
    codes = [f.uscc for f in firms.values()] + [UNKNOWN, MALFORMED]
    response = ask(api, codes, "honours")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["uscc"] for r in results] == codes
    assert [r["status"] for r in results] == [200] * len(firms) + [404, 400]
    assert results[-1]["field"] == "uscc"
    for code, item in zip(codes, results, strict=True):
        single = api.get(f"/api/v1/restrictions/{code}/?action=honours")
        assert single.status_code == item.pop("status")
        assert item == {"uscc": code, **single.json()}
    assert [r["restricted"] for r in results[: len(firms)]] == [
        False,
        *(which in RESTRICTION_LISTS["honours"] for which in RESTRICTING_LISTS),
    ]


def test_it_answers_1000_codes_in_one_call_and_logs_every_one(
    api: APIClient, department: Any, firms: dict[str, Any]
) -> None:
    known = [f.uscc for f in firms.values()]
    codes = [*(known * 250)[:998], UNKNOWN, MALFORMED]
    response = ask(api, codes)
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 1000
    assert results[1]["restricted"] is True  # the blacklisted firm, procurement
    assert RestrictionQuery.objects.count() == 1000
    logged = list(RestrictionQuery.objects.order_by("pk").values_list("subject", "status_code"))
    assert logged[:4] == [(c, 200) for c in known]
    assert logged[-2:] == [(UNKNOWN, 404), (MALFORMED, 400)]
    assert set(RestrictionQuery.objects.values_list("department_id", flat=True)) == {department.pk}


def test_its_queries_do_not_grow_with_the_batch(
    api: APIClient, department: Any, firms: dict[str, Any]
) -> None:
    few = [f.uscc for f in firms.values()]
    many_firms = [EnterpriseFactory(region_id="340802") for _ in range(12)]
    for i, firm in enumerate(many_firms):
        put_on(firm, department, RESTRICTING_LISTS[i % len(RESTRICTING_LISTS)], "listed_today")
    many = few + [f.uscc for f in many_firms]
    ask(api, few)  # the token's first use of the day is written once
    with CaptureQueriesContext(connection) as small:
        assert ask(api, few).status_code == 200
    with CaptureQueriesContext(connection) as large:
        assert ask(api, many).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 16  # token, catalogue, firms, policy, 3 lists, log…


@pytest.mark.parametrize(
    "body",
    [
        {"action": "procurement"},
        {"action": "procurement", "codes": []},
        {"action": "procurement", "codes": "91110000600037341L"},
        {"action": "procurement", "codes": [UNKNOWN] * 1001},
        ["procurement"],
    ],
)
def test_a_batch_of_the_wrong_shape_is_a_400_and_is_logged(api: APIClient, body: Any) -> None:
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    log = RestrictionQuery.objects.get()
    assert (log.subject, log.status_code, log.restricted) == (INVALID_SUBJECT, 400, False)


def test_an_unreadable_body_is_a_400_and_is_logged(api: APIClient) -> None:
    response = api.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert RestrictionQuery.objects.get().status_code == 400


def test_an_unknown_action_refuses_every_item_and_logs_it(
    api: APIClient, firms: dict[str, Any]
) -> None:
    codes = [firms["clean"].uscc, UNKNOWN]
    results = ask(api, codes, "teleport").json()["results"]
    assert [r["status"] for r in results] == [400, 400]
    assert "action must be one of" in results[0]["detail"]
    assert list(RestrictionQuery.objects.values_list("status_code", flat=True)) == [400, 400]


@pytest.mark.parametrize("code", ["9111\x00", "91\x1b[0m"])
def test_a_code_with_a_control_character_is_answered_and_logged(
    api: APIClient, firms: dict[str, Any], code: str
) -> None:
    # The API's JSON parser refuses the whole document; the view still answers and logs it.
    response = ask(api, [code, firms["blacklist"].uscc])
    assert response.status_code == 400
    assert "control character" in response.json()["detail"]
    log = RestrictionQuery.objects.get()
    assert (log.subject, log.status_code) == (INVALID_SUBJECT, 400)


@pytest.mark.parametrize("bad", [42, None, ["x"], "", "9" * 65])
def test_a_code_outside_the_documented_shape_refuses_the_body_and_is_logged(
    api: APIClient, firms: dict[str, Any], bad: Any
) -> None:
    """Text codes that are malformed or unknown err on their own item (above); a body the
    schema does not allow (a number, null, a list, empty or overlong text) is one 400."""
    response = ask(api, [bad, firms["blacklist"].uscc])
    assert response.status_code == 400
    assert list(RestrictionQuery.objects.values_list("status_code", flat=True)) == [400]


def test_a_batch_without_an_action_is_one_logged_400(api: APIClient, firms: dict[str, Any]) -> None:
    response = api.post(URL, {"codes": [firms["blacklist"].uscc]}, format="json")
    assert response.status_code == 400
    assert RestrictionQuery.objects.get().status_code == 400


def test_it_needs_a_department_token(firms: dict[str, Any]) -> None:
    response = APIClient().post(URL, {"action": "procurement", "codes": [UNKNOWN]}, format="json")
    assert response.status_code in (401, 403)
    assert not RestrictionQuery.objects.exists()


def test_a_signed_in_regulator_is_not_a_department(client_as: Any) -> None:
    response = client_as("admin").post(
        URL, {"action": "procurement", "codes": [UNKNOWN]}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not RestrictionQuery.objects.exists()


def test_restricted_actions_agree_with_the_single_check(
    api: APIClient, firms: dict[str, Any]
) -> None:
    actions = enterprises_restricted_actions(enterprise_ids=[f.pk for f in firms.values()])
    for firm in firms.values():
        expected = [
            action
            for action in sorted(RESTRICTION_ACTIONS)
            if api.get(f"/api/v1/restrictions/{firm.uscc}/?action={action}").json()["restricted"]
        ]
        assert actions[firm.pk] == expected
    assert actions[firms["clean"].pk] == []
    assert set(actions[firms["blacklist"].pk]) == set(RESTRICTION_ACTIONS)


def test_the_service_answers_a_control_character_on_its_own_item(
    department: Any, firms: dict[str, Any]
) -> None:
    from_service = restriction_check_enterprises(
        department=department, codes=["91\x00", firms["abnormal"].uscc], action="bidding"
    )
    assert [(r.status, r.body["uscc"]) for r in from_service] == [
        (400, INVALID_SUBJECT),
        (200, firms["abnormal"].uscc),
    ]
    assert from_service[1].restricted is True
    assert RestrictionQuery.objects.filter(subject=INVALID_SUBJECT, status_code=400).count() == 1
