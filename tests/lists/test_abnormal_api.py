"""The regulator API of the abnormal-operations list: list a firm, read the area's listings,
and the steps; every role, the jurisdiction, bad input and illegal steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.models import AuditEntry
from lists.models import AbnormalListing, BlacklistEntry
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # Thursday
URL = "/api/v1/abnormal/entries/"


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def city() -> Any:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    return DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802")


def client_for(role: str, department: Any, jurisdiction: str = "3408") -> APIClient:
    client = APIClient()
    client.force_login(
        RegulatorFactory(role=role, jurisdiction=jurisdiction, department=department)
    )
    return client


def list_firm(client: APIClient, uscc: str, **extra: Any) -> Any:
    data = {"uscc": uscc, "ground": "no_annual_report", "facts": "未按期公示年度报告", **extra}
    return client.post(URL, data, format="json")


@pytest.mark.parametrize(
    ("role", "status"),
    [("list_officer", 201), ("admin", 201), ("clerk", 403), ("grader", 403), ("approver", 403)],
)
def test_only_list_officers_and_admins_list(city: Any, firm: Any, role: str, status: int) -> None:
    response = list_firm(client_for(role, city), firm.uscc)
    assert response.status_code == status
    assert AbnormalListing.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        body = response.json()
        assert (body["uscc"], body["ground"], body["department"]) == (
            firm.uscc,
            "no_annual_report",
            "aq-amr",
        )
        assert body["legal_basis"].endswith("第四条第（一）项")
        assert body["removed_on"] is None


def test_anonymous_and_firm_users_are_refused(city: Any, firm: Any) -> None:
    assert list_firm(APIClient(), firm.uscc).status_code == 403
    own = APIClient()
    own.force_login(EnterpriseUserFactory(enterprise=firm))
    assert list_firm(own, firm.uscc).status_code == 403
    assert own.get(URL).status_code == 403
    assert APIClient().get(URL).status_code == 403
    assert not AbnormalListing.objects.exists()


def test_a_firm_outside_the_jurisdiction_is_forbidden(city: Any) -> None:
    far = EnterpriseFactory(region_id="440305", uscc=uscc_for(902, "440305"))
    response = list_firm(client_for("list_officer", city), far.uscc)
    assert response.status_code == 403
    assert not AbnormalListing.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"uscc": "91110000600037341N"}, 400, "uscc"),  # bad check character
        ({"uscc": "91110000600037341L"}, 404, "detail"),  # valid, not on file
        ({"ground": "rude"}, 400, "ground"),
        ({"facts": ""}, 400, "facts"),
        ({"facts": "x" * 4001}, 400, "facts"),
    ],
)
def test_bad_input_is_400_or_404_and_writes_nothing(
    city: Any, firm: Any, payload: dict[str, Any], status: int, field: str
) -> None:
    response = list_firm(client_for("list_officer", city), **{"uscc": firm.uscc, **payload})
    assert response.status_code == status
    assert field in response.json()
    assert not AbnormalListing.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="abnormal.").exists()


def test_listing_twice_on_a_ground_is_409(city: Any, firm: Any) -> None:
    officer = client_for("list_officer", city)
    assert list_firm(officer, firm.uscc).status_code == 201
    again = list_firm(officer, firm.uscc)
    assert again.status_code == 409
    assert again.json()["code"] == "illegal_transition"
    assert AbnormalListing.objects.count() == 1


def test_the_steps_correct_remove_and_refuse_illegal_ones(city: Any, firm: Any) -> None:
    officer = client_for("list_officer", city)
    pk = list_firm(officer, firm.uscc).json()["id"]
    removed = officer.post(f"{URL}{pk}/removed/")
    assert removed.status_code == 409  # not corrected yet
    assert AbnormalListing.objects.get(pk=pk).removed_on is None
    corrected = officer.post(f"{URL}{pk}/corrected/")
    assert corrected.status_code == 200
    assert (corrected.json()["removal_due"], corrected.json()["overdue"]) == ("2026-12-03", False)
    assert officer.post(f"{URL}{pk}/corrected/").status_code == 409
    assert officer.post(f"{URL}{pk}/escalated/").status_code == 409  # not due
    done = officer.post(f"{URL}{pk}/removed/")
    assert done.status_code == 200
    assert (done.json()["removed_on"], done.json()["removal_reason"]) == ("2026-11-26", "corrected")
    assert officer.post(f"{URL}{pk}/removed/").status_code == 409
    assert officer.post(f"{URL}{pk}/nonsense/").status_code == 404
    assert officer.post(f"{URL}999999/removed/").status_code == 404
    assert not BlacklistEntry.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "grader", "approver"])
def test_other_roles_cannot_take_a_step(city: Any, firm: Any, role: str) -> None:
    pk = list_firm(client_for("list_officer", city), firm.uscc).json()["id"]
    other = client_for(role, city)
    for step in ("corrected", "removed", "escalated"):
        assert other.post(f"{URL}{pk}/{step}/").status_code == 403
    assert AbnormalListing.objects.get(pk=pk).corrected_on is None


def test_a_listing_outside_the_jurisdiction_cannot_be_stepped_or_read(city: Any) -> None:
    far = EnterpriseFactory(region_id="440305", uscc=uscc_for(903, "440305"))
    sz = DepartmentFactory(code="sz-amr", jurisdiction="4403")
    pk = list_firm(client_for("list_officer", sz, "4403"), far.uscc).json()["id"]
    officer = client_for("list_officer", city)
    assert officer.post(f"{URL}{pk}/corrected/").status_code == 403
    assert officer.get(f"{URL}{pk}/").status_code == 404
    assert officer.get(URL).json()["count"] == 0


def test_an_escalation_due_becomes_a_blacklist_proposal(city: Any, firm: Any) -> None:
    officer = client_for("list_officer", city)
    pk = list_firm(officer, firm.uscc).json()["id"]
    AbnormalListing.objects.filter(pk=pk).update(
        listed_on=dt.date(2023, 11, 25), escalation_warned_on=TODAY - dt.timedelta(days=60)
    )
    response = officer.post(f"{URL}{pk}/escalated/")
    assert response.status_code == 200
    entry = BlacklistEntry.objects.get()
    assert response.json()["escalated_to"] == entry.pk
    assert entry.status == "proposed"
    assert officer.post(f"{URL}{pk}/escalated/").status_code == 409


def test_it_reads_the_areas_listings_by_state_in_constant_queries(
    city: Any, django_assert_num_queries: Any
) -> None:
    officer = client_for("list_officer", city)
    firms = [EnterpriseFactory(region_id="340802", uscc=uscc_for(700 + i)) for i in range(6)]
    ids = [list_firm(officer, f.uscc).json()["id"] for f in firms]
    officer.post(f"{URL}{ids[0]}/corrected/")
    officer.post(f"{URL}{ids[0]}/removed/")
    reader = client_for("clerk", city)  # every regulator role reads
    # Session read and its idle stamp (3 statements in a savepoint), user, count, rows with the
    # firm and department joined: 7 whatever the number of listings.
    with django_assert_num_queries(7):
        current = reader.get(URL).json()
    assert current["count"] == 5
    assert ids[0] not in [r["id"] for r in current["results"]]
    removed = reader.get(URL, {"state": "removed"}).json()
    assert [r["id"] for r in removed["results"]] == [ids[0]]
    assert reader.get(URL, {"state": "all"}).json()["count"] == 6
    assert reader.get(URL, {"uscc": firms[1].uscc}).json()["count"] == 1
    assert reader.get(URL, {"state": "gone"}).status_code == 400
    assert reader.get(URL, {"ground": "rude"}).status_code == 400
    detail = reader.get(f"{URL}{ids[1]}/").json()
    assert (detail["id"], detail["facts"]) == (ids[1], "未按期公示年度报告")


def test_the_api_is_in_the_openapi_schema(db: Any) -> None:
    schema = Client().get("/api/schema/").content.decode()
    for path in (
        "/api/v1/abnormal/entries/:",
        "/api/v1/abnormal/entries/{id}/:",
        "/api/v1/abnormal/entries/{id}/{step}/:",
    ):
        assert path in schema
    assert "abnormal-operations list" in schema
