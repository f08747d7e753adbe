from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lists.entries import person_id_hash
from lists.models import BlacklistEntry, ResponsiblePerson, RestrictionQuery
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
ID = "34080219800101123X"


@pytest.fixture
def listed(department: Any) -> Any:
    firm = EnterpriseFactory(region_id="340802")
    officer = RegulatorFactory(role="list_officer", department=department)
    today = timezone.localdate()
    entry = BlacklistEntry.objects.create(
        enterprise=firm,
        department=department,
        status="listed",
        grounds="g",
        legal_basis="总局令第44号",
        listed_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=1000),
        created_by=officer,
    )
    ResponsiblePerson.objects.create(
        entry=entry, name="张三", role="legal_rep", id_hash=person_id_hash(ID)
    )
    return firm


def url(code: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/restrictions/{code}/?{query}"


def test_a_listed_firm_is_restricted_with_its_basis(api: APIClient, listed: Any) -> None:
    response = api.get(url(listed.uscc, action="procurement"))
    assert response.status_code == 200
    body = response.json()
    assert (body["uscc"], body["action"], body["restricted"]) == (listed.uscc, "procurement", True)
    assert body["measures"][0]["code"] == "procurement"
    assert body["basis"][0]["list"] == "blacklist"
    assert body["basis"][0]["department"] == "安庆市市场监督管理局"
    assert body["basis"][0]["legal_basis"] == "总局令第44号"
    log = RestrictionQuery.objects.get()
    assert (log.department.code, log.subject, log.action, log.restricted) == (
        "aq-amr",
        listed.uscc,
        "procurement",
        True,
    )


def test_a_firm_not_listed_is_not_restricted(api: APIClient, firm: Any) -> None:
    body = api.get(url(firm.uscc, action="bidding")).json()
    assert (body["restricted"], body["measures"], body["basis"]) == (False, [], [])


@pytest.mark.parametrize("status", ["proposed", "notified", "approved", "removed", "withdrawn"])
def test_only_listed_entries_restrict(api: APIClient, listed: Any, status: str) -> None:
    BlacklistEntry.objects.update(status=status)
    assert api.get(url(listed.uscc, action="procurement")).json()["restricted"] is False


@pytest.mark.parametrize(
    ("code", "params", "status"),
    [
        ("91110000600037341N", {"action": "procurement"}, 400),
        ("9111000060003IOZSV", {"action": "procurement"}, 400),
        ("91110000600037341L", {"action": "procurement"}, 404),
        ("LISTED", {"action": "teleport"}, 400),
        ("LISTED", {}, 400),
    ],
)
def test_bad_questions_get_clear_errors(
    api: APIClient, listed: Any, code: str, params: dict[str, str], status: int
) -> None:
    response = api.get(url(listed.uscc if code == "LISTED" else code, **params))
    assert response.status_code == status
    assert response.json()["detail"]
    log = RestrictionQuery.objects.get()  # refused questions are logged too
    assert (log.status_code, log.restricted, log.department.code) == (status, False, "aq-amr")


def test_anonymous_callers_get_401(listed: Any) -> None:
    assert APIClient().get(url(listed.uscc, action="procurement")).status_code == 401


def test_a_responsible_person_is_found_by_hash(api: APIClient, listed: Any) -> None:
    response = api.get(
        "/api/v1/restrictions/person/", {"id_hash": person_id_hash(ID), "action": "appointment"}
    )
    body = response.json()
    assert body["restricted"] is True
    assert "张三" not in response.content.decode()  # names and numbers never leave
    other = api.get(
        "/api/v1/restrictions/person/",
        {"id_hash": person_id_hash("110101199001011234"), "action": "appointment"},
    )
    assert other.json()["restricted"] is False
    firm_only = api.get(
        "/api/v1/restrictions/person/", {"id_hash": person_id_hash(ID), "action": "procurement"}
    )
    assert firm_only.json()["restricted"] is False  # a measure for firms, not persons
    assert RestrictionQuery.objects.count() == 3


@pytest.mark.parametrize("id_hash", ["", "abc", ID, "g" * 64])
def test_a_person_query_needs_a_hash_not_an_id_number(api: APIClient, id_hash: str) -> None:
    response = api.get(
        "/api/v1/restrictions/person/", {"id_hash": id_hash, "action": "appointment"}
    )
    assert response.status_code == 400
    assert RestrictionQuery.objects.get().subject == "(invalid)"  # never an ID number


def test_each_department_is_logged_as_itself(listed: Any) -> None:
    from accounts.services import api_token_issue

    other = DepartmentFactory(code="aq-finance", name="安庆市财政局")
    _t, raw = api_token_issue(department=other, name="t", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.get(url(listed.uscc, action="procurement"))
    assert RestrictionQuery.objects.get().department == other


def test_an_entry_past_its_end_date_no_longer_restricts(api: APIClient, listed: Any) -> None:
    # ends_on is the last day in force (core.dates.period_end of the listing).
    BlacklistEntry.objects.update(ends_on=timezone.localdate())
    assert api.get(url(listed.uscc, action="procurement")).json()["restricted"] is True
    BlacklistEntry.objects.update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert api.get(url(listed.uscc, action="procurement")).json()["restricted"] is False


def test_the_service_answers_and_logs_in_one_call(listed: Any, department: Any) -> None:
    from lists.restrictions import restriction_check_enterprise, restriction_check_person

    reply = restriction_check_enterprise(
        department=department, uscc=f" {listed.uscc.lower()} ", action="procurement"
    )
    assert (reply.status, reply.restricted, reply.body["uscc"]) == (200, True, listed.uscc)
    refused = restriction_check_person(department=department, id_hash=ID, action="appointment")
    assert (refused.status, refused.body["field"]) == (400, "id_hash")
    logged = list(RestrictionQuery.objects.order_by("pk").values_list("subject", "status_code"))
    assert logged == [(listed.uscc, 200), ("(invalid)", 400)]


def test_a_refusal_is_an_answer_so_its_log_row_stays(listed: Any, department: Any) -> None:
    from lists.restrictions import restriction_check_enterprise

    reply = restriction_check_enterprise(department=department, uscc=listed.uscc, action="teleport")
    assert reply.status == 400
    assert "procurement" in reply.body["detail"]  # the known actions are listed
    assert RestrictionQuery.objects.get().status_code == 400
