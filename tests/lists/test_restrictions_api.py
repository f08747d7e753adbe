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
ID = "34080219900101104X"


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


def ask(api: APIClient, id_number: str, action: str) -> Any:
    return api.post(
        "/api/v1/restrictions/person/", {"id_number": id_number, "action": action}, format="json"
    )


def test_a_responsible_person_is_found_by_the_number_sent_in_the_body(
    api: APIClient, listed: Any
) -> None:
    response = ask(api, ID.lower(), "appointment")
    body = response.json()
    assert body["restricted"] is True
    assert "张三" not in response.content.decode()  # names and numbers never leave
    assert ID not in response.content.decode()
    assert ask(api, "110101199001011237", "appointment").json()["restricted"] is False
    firm_only = ask(api, ID, "procurement")
    assert firm_only.json()["restricted"] is False  # a measure for firms, not persons
    logged = list(RestrictionQuery.objects.values_list("subject", flat=True))
    assert logged.count(person_id_hash(ID)) == 2  # only the keyed hash is ever logged
    assert all(ID not in s and ID.lower() not in s for s in logged)


def test_the_person_check_takes_no_number_in_a_url(api: APIClient, listed: Any) -> None:
    response = api.get("/api/v1/restrictions/person/", {"id_number": ID, "action": "appointment"})
    assert response.status_code == 405
    assert not RestrictionQuery.objects.filter(subject=person_id_hash(ID)).exists()


@pytest.mark.parametrize(
    "id_number",
    ["", "abc", "340802199001011235", "340802199013011238", person_id_hash(ID), "中文号码"],
)
def test_a_bad_id_number_is_refused_and_logged_as_invalid(api: APIClient, id_number: str) -> None:
    response = ask(api, id_number, "appointment")
    assert response.status_code == 400
    assert response.json()["field"] == "id_number"
    assert RestrictionQuery.objects.get().subject == "(invalid)"  # never the number sent


@pytest.mark.parametrize(
    "body",
    ['{"id_number": "A\\u0000B", "action": "appointment"}', "[" * 200 + "]" * 200, "{nope"],
)
def test_an_unreadable_question_is_still_logged(api: APIClient, body: str) -> None:
    response = api.post("/api/v1/restrictions/person/", body, content_type="application/json")
    assert response.status_code == 400
    assert RestrictionQuery.objects.get().status_code == 400


def test_a_nul_in_the_enterprise_check_is_refused_and_logged(api: APIClient) -> None:
    response = api.get("/api/v1/restrictions/%00/?action=procure%00ment")
    assert response.status_code == 400
    row = RestrictionQuery.objects.get()
    assert (row.subject, row.action, row.status_code) == ("(invalid)", "(invalid)", 400)


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
    refused = restriction_check_person(
        department=department, id_number="340802199001011235", action="appointment"
    )
    assert (refused.status, refused.body["field"]) == (400, "id_number")
    logged = list(RestrictionQuery.objects.order_by("pk").values_list("subject", "status_code"))
    assert logged == [(listed.uscc, 200), ("(invalid)", 400)]


def test_a_refusal_is_an_answer_so_its_log_row_stays(listed: Any, department: Any) -> None:
    from lists.restrictions import restriction_check_enterprise

    reply = restriction_check_enterprise(department=department, uscc=listed.uscc, action="teleport")
    assert reply.status == 400
    assert "procurement" in reply.body["detail"]  # the known actions are listed
    assert RestrictionQuery.objects.get().status_code == 400
