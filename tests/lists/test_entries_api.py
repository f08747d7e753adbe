"""The due-process API for regulators: each step, each role, bad input and illegal moves."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Department
from enterprises.models import Enterprise
from lists.models import BlacklistEntry, EntryTransition
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> Any:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    return DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)


def client_for(role: str, department: Any, jurisdiction: str = "3408") -> APIClient:
    client = APIClient()
    client.force_login(
        RegulatorFactory(role=role, jurisdiction=jurisdiction, department=department)
    )
    return client


def penalty_of(firm: Any, department: Any, **fields: Any) -> Any:
    """A heavier penalty of the firm decided by `department`."""
    return PenaltyFactory(
        enterprise=firm, source_department=department, kind="licence_revoked", **fields
    )


def propose(client: APIClient, uscc: str, **extra: Any) -> Any:
    """Propose on a penalty of the city department unless the caller names the basis."""
    if "penalty_id" not in extra and "inspection_ids" not in extra:
        firm = Enterprise.objects.filter(uscc=uscc).first()
        if firm is not None:  # an unknown code stays unknown: 404
            city = Department.objects.get(code="aq-amr")
            extra["penalty_id"] = penalty_of(firm, city).pk
    return client.post(
        "/api/v1/blacklist/entries/",
        {
            "uscc": uscc,
            "grounds": "多次生产销售不合格产品，情节严重",
            "legal_basis": "总局令第44号第二条",
            **extra,
        },
        format="json",
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("list_officer", 201), ("admin", 201), ("clerk", 403), ("grader", 403), ("approver", 403)],
)
def test_only_list_officers_and_admins_propose(city: Any, role: str, status: int) -> None:
    firm = EnterpriseFactory(region_id="340802")
    response = propose(
        client_for(role, city),
        firm.uscc,
        persons=[{"name": "张三", "role": "legal_rep", "id": "34080219900101104X"}],
    )
    assert response.status_code == status
    assert BlacklistEntry.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        assert response.json()["status"] == "proposed"
        assert "34080219900101104X" not in str(BlacklistEntry.objects.get().persons.get().__dict__)


def test_anonymous_and_firm_users_are_refused(city: Any) -> None:
    firm = EnterpriseFactory(region_id="340802")
    assert propose(APIClient(), firm.uscc).status_code == 403
    own = APIClient()
    own.force_login(EnterpriseUserFactory(enterprise=firm))
    assert propose(own, firm.uscc).status_code == 403
    assert not BlacklistEntry.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"uscc": "91110000600037341N"}, 404),
        ({"grounds": ""}, 400),
        ({"persons": [{"name": "张三", "role": "boss", "id": "1"}]}, 400),
        ({"penalty_id": 999}, 400),
    ],
)
def test_bad_proposals_write_nothing(city: Any, payload: dict[str, Any], status: int) -> None:
    firm = EnterpriseFactory(region_id="340802")
    client = client_for("list_officer", city)
    data = {"uscc": firm.uscc, "grounds": "g", "legal_basis": "b", **payload}
    assert client.post("/api/v1/blacklist/entries/", data, format="json").status_code == status
    assert not BlacklistEntry.objects.exists()


def test_a_firm_outside_the_jurisdiction_is_not_found(city: Any) -> None:
    firm = EnterpriseFactory(region_id="440305")
    assert propose(client_for("list_officer", city), firm.uscc).status_code == 404


def test_an_illegal_step_is_409_and_changes_nothing(city: Any) -> None:
    firm = EnterpriseFactory(region_id="340802")
    officer = client_for("list_officer", city)
    entry_id = propose(officer, firm.uscc).json()["id"]
    response = officer.post(
        f"/api/v1/blacklist/entries/{entry_id}/publish/", {"reason": "直接公示"}, format="json"
    )
    assert response.status_code == 409
    assert BlacklistEntry.objects.get().status == "proposed"
    assert EntryTransition.objects.count() == 1


def test_notify_then_refuse_an_early_approval(city: Any) -> None:
    firm = EnterpriseFactory(region_id="340802")
    officer = client_for("list_officer", city)
    entry_id = propose(officer, firm.uscc).json()["id"]
    notified = officer.post(
        f"/api/v1/blacklist/entries/{entry_id}/notify/", {"reason": "送达告知书"}, format="json"
    )
    assert notified.status_code == 200
    assert notified.json()["hearing_deadline"]
    approver = client_for("approver", DepartmentFactory(code="ah-amr"), jurisdiction="34")
    early = approver.post(
        f"/api/v1/blacklist/entries/{entry_id}/approve/", {"reason": "同意"}, format="json"
    )
    assert early.status_code == 409  # the hearing window is still open
    assert BlacklistEntry.objects.get().status == "notified"


@pytest.mark.parametrize(
    ("step", "payload", "status"),
    [
        ("teleport", {"reason": "x"}, 404),
        ("notify", {}, 400),
        ("remove", {"reason": "x"}, 400),
    ],
)
def test_bad_steps_get_clear_errors(
    city: Any, step: str, payload: dict[str, Any], status: int
) -> None:
    firm = EnterpriseFactory(region_id="340802")
    officer = client_for("list_officer", city)
    entry_id = propose(officer, firm.uscc).json()["id"]
    response = officer.post(f"/api/v1/blacklist/entries/{entry_id}/{step}/", payload, format="json")
    assert response.status_code == status
    assert BlacklistEntry.objects.get().status == "proposed"


def test_a_service_validation_error_is_a_400_with_its_fields(city: Any, monkeypatch: Any) -> None:
    from django.core.exceptions import ValidationError

    from lists import api_entries

    def refuse(**kw: Any) -> None:
        raise ValidationError({"reason": "A reason is required."})

    firm = EnterpriseFactory(region_id="340802")
    officer = client_for("list_officer", city)
    entry_id = propose(officer, firm.uscc).json()["id"]
    monkeypatch.setitem(api_entries.STEPS, "notify", refuse)
    response = officer.post(
        f"/api/v1/blacklist/entries/{entry_id}/notify/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": {"reason": ["A reason is required."]}, "code": "invalid"}
    assert BlacklistEntry.objects.get().status == "proposed"
