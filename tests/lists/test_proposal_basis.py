"""谁处罚谁列入: a blacklist proposal names the penalty or the seriously failed samplings it rests
on, decided by the proposing department or one below it; the API answers 201, 400 or 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from core.errors import DomainPermissionError
from core.models import AuditEntry
from lists import abnormal_escalation as abnormal
from lists.basis import departments_at_or_below
from lists.models import AbnormalListing, BlacklistEntry, EntryTransition
from lists.selectors import penalties_to_list_on
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/blacklist/entries/"


@pytest.fixture
def depts() -> dict[str, Any]:
    province = DepartmentFactory(code="ah-amr", name="安徽省市场监督管理局", jurisdiction="34")
    city = DepartmentFactory(
        code="aq-amr", name="安庆市市场监督管理局", jurisdiction="3408", parent=province
    )
    county = DepartmentFactory(
        code="aq-yj", name="迎江区市场监督管理局", jurisdiction="340802", parent=city
    )
    sibling = DepartmentFactory(
        code="hf-amr", name="合肥市市场监督管理局", jurisdiction="3401", parent=province
    )
    return {"province": province, "city": city, "county": county, "sibling": sibling}


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802")


def client_for(role: str, department: Any) -> APIClient:
    client = APIClient()
    client.force_login(RegulatorFactory(role=role, jurisdiction="3408", department=department))
    return client


def post(client: APIClient, firm: Any, **basis: Any) -> Any:
    data = {"uscc": firm.uscc, "grounds": "吊销许可证，情节严重", "legal_basis": "第44号令第二条"}
    return client.post(URL, {**data, **basis}, format="json", HTTP_ACCEPT_LANGUAGE="en")


def serious(firm: Any, department: Any, days_ago: int, level: str = "national") -> Any:
    return InspectionFactory(
        enterprise=firm,
        source_department=department,
        inspected_on=timezone.localdate() - dt.timedelta(days=days_ago),
        level=level,
        result="fail",
        defect_severity="serious",
    )


@pytest.mark.parametrize("decided_by", ["city", "county"])
def test_it_proposes_on_a_penalty_of_the_department_or_one_below(
    depts: Any, firm: Any, decided_by: str
) -> None:
    penalty = PenaltyFactory(enterprise=firm, source_department=depts[decided_by])
    r = post(client_for("list_officer", depts["city"]), firm, penalty_id=penalty.pk)
    assert r.status_code == 201
    assert (r.json()["penalty"], r.json()["inspections"]) == (penalty.pk, [])
    entry = BlacklistEntry.objects.get()
    assert (entry.penalty, entry.department) == (penalty, depts["city"])
    audit = AuditEntry.objects.get(action="blacklist.entry.proposed")
    assert audit.data["penalty"] == penalty.pk


def test_it_proposes_on_seriously_failed_samplings(depts: Any, firm: Any) -> None:
    ids = [serious(firm, depts["county"], 200).pk, serious(firm, depts["city"], 100).pk]
    r = post(client_for("list_officer", depts["city"]), firm, inspection_ids=ids)
    assert r.status_code == 201
    assert sorted(r.json()["inspections"]) == sorted(ids)
    entry = BlacklistEntry.objects.get()
    assert entry.penalty is None
    assert sorted(entry.inspections.values_list("pk", flat=True)) == sorted(ids)
    assert BlacklistEntry.objects.filter(inspections=ids[0]).get() == entry  # queryable


def test_two_consecutive_serious_failures_of_any_level_are_a_basis(depts: Any, firm: Any) -> None:
    ids = [serious(firm, depts["city"], d, level="county").pk for d in (100, 50)]
    r = post(client_for("list_officer", depts["city"]), firm, inspection_ids=ids)
    assert r.status_code == 201


def _other_firms_penalty(depts: Any, firm: Any) -> dict[str, Any]:
    other = EnterpriseFactory(region_id="340802")
    return {"penalty_id": PenaltyFactory(enterprise=other, source_department=depts["city"]).pk}


def _other_firms_samplings(depts: Any, firm: Any) -> dict[str, Any]:
    other = EnterpriseFactory(region_id="340802")
    return {"inspection_ids": [serious(other, depts["city"], d).pk for d in (200, 100)]}


def _revoked(depts: Any, firm: Any) -> dict[str, Any]:
    penalty = PenaltyFactory(enterprise=firm, source_department=depts["city"], revoked=True)
    return {"penalty_id": penalty.pk}


def _withdrawn(depts: Any, firm: Any) -> dict[str, Any]:
    penalty = PenaltyFactory(
        enterprise=firm, source_department=depts["city"], withdrawn_on=timezone.localdate()
    )
    return {"penalty_id": penalty.pk}


def _one_sampling(depts: Any, firm: Any) -> dict[str, Any]:
    return {"inspection_ids": [serious(firm, depts["city"], 100).pk]}


def _not_consecutive(depts: Any, firm: Any) -> dict[str, Any]:
    a = serious(firm, depts["city"], 300, level="county")
    InspectionFactory(
        enterprise=firm,
        source_department=depts["city"],
        inspected_on=timezone.localdate() - dt.timedelta(days=200),
        result="pass",
    )
    b = serious(firm, depts["city"], 100, level="county")
    return {"inspection_ids": [a.pk, b.pk]}


def _too_old(depts: Any, firm: Any) -> dict[str, Any]:
    return {"inspection_ids": [serious(firm, depts["city"], d).pk for d in (4 * 366, 100)]}


@pytest.mark.parametrize(
    ("basis", "message"),
    [
        (lambda d, f: {}, "names its basis"),
        (lambda d, f: {"penalty_id": 99999}, "No such penalty"),
        (lambda d, f: {"inspection_ids": [99999]}, "No such sampling"),
        (_other_firms_penalty, "No such penalty"),
        (_other_firms_samplings, "No such sampling"),
        (_revoked, "revoked or withdrawn"),
        (_withdrawn, "revoked or withdrawn"),
        (_one_sampling, "do not make a listing condition"),
        (_not_consecutive, "do not make a listing condition"),
        (_too_old, "do not make a listing condition"),
    ],
    ids=[
        "none",
        "unknown-penalty",
        "unknown-sampling",
        "other-firms-penalty",
        "other-firms-samplings",
        "revoked",
        "withdrawn",
        "one-sampling",
        "not-consecutive",
        "too-old",
    ],
)
def test_a_proposal_without_a_valid_basis_is_a_400_and_writes_nothing(
    depts: Any, firm: Any, basis: Any, message: str
) -> None:
    r = post(client_for("list_officer", depts["city"]), firm, **basis(depts, firm))
    assert r.status_code == 400
    assert message in str(r.json()["detail"])
    assert not BlacklistEntry.objects.exists()
    assert not EntryTransition.objects.exists()


@pytest.mark.parametrize("decided_by", ["province", "sibling"])
@pytest.mark.parametrize("role", ["list_officer", "admin"])
def test_a_penalty_of_a_department_not_below_is_a_403_with_the_reason(
    depts: Any, firm: Any, decided_by: str, role: str
) -> None:
    penalty = PenaltyFactory(enterprise=firm, source_department=depts[decided_by])
    r = post(client_for(role, depts["city"]), firm, penalty_id=penalty.pk)
    assert r.status_code == 403
    assert r.json()["code"] == "not_the_penalising_department"
    assert "谁处罚谁列入" in r.json()["detail"]
    assert depts[decided_by].name in r.json()["detail"]
    assert not BlacklistEntry.objects.exists()


def test_a_sampling_of_another_department_is_a_403(depts: Any, firm: Any) -> None:
    ids = [serious(firm, depts["city"], 200).pk, serious(firm, depts["sibling"], 100).pk]
    r = post(client_for("list_officer", depts["city"]), firm, inspection_ids=ids)
    assert r.status_code == 403
    assert depts["sibling"].name in r.json()["detail"]
    assert not BlacklistEntry.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "grader", "approver"])
def test_other_roles_are_refused_whatever_the_basis(depts: Any, firm: Any, role: str) -> None:
    penalty = PenaltyFactory(enterprise=firm, source_department=depts["city"])
    assert post(client_for(role, depts["city"]), firm, penalty_id=penalty.pk).status_code == 403
    assert not BlacklistEntry.objects.exists()


def test_the_reason_is_translated(depts: Any, firm: Any) -> None:
    penalty = PenaltyFactory(enterprise=firm, source_department=depts["province"])
    client = client_for("list_officer", depts["city"])
    r = client.post(
        URL,
        {"uscc": firm.uscc, "grounds": "g", "legal_basis": "b", "penalty_id": penalty.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 403
    assert "该处罚由安徽省市场监督管理局作出" in r.json()["detail"]


def test_the_picker_offers_live_penalties_of_the_department_and_below(
    depts: Any, firm: Any
) -> None:
    mine = PenaltyFactory(enterprise=firm, source_department=depts["city"])
    below = PenaltyFactory(enterprise=firm, source_department=depts["county"])
    PenaltyFactory(enterprise=firm, source_department=depts["province"])
    PenaltyFactory(enterprise=firm, source_department=depts["city"], revoked=True)
    PenaltyFactory(source_department=depts["city"])  # another firm's
    officer = RegulatorFactory(role="list_officer", department=depts["city"])
    assert set(penalties_to_list_on(user=officer, enterprise=firm)) == {mine, below}
    assert departments_at_or_below(depts["city"]) == {depts["city"].pk, depts["county"].pk}
    assert departments_at_or_below(None) == set()


def _due_listing(firm: Any, department: Any) -> AbnormalListing:
    today = timezone.localdate()
    return AbnormalListing.objects.create(
        enterprise=firm,
        department=department,
        ground="no_annual_report",
        listed_on=today.replace(year=today.year - 3) - dt.timedelta(days=1),
        escalation_warned_on=today - dt.timedelta(days=61),
        created_by=RegulatorFactory(role="list_officer", department=department),
    )


def test_an_escalation_rests_on_the_abnormal_listing(depts: Any, firm: Any) -> None:
    listing = _due_listing(firm, depts["county"])
    officer = RegulatorFactory(role="list_officer", department=depts["city"])
    entry = abnormal.abnormal_escalate(actor=officer, listing=listing)
    listing.refresh_from_db()
    assert listing.escalated_to == entry
    assert entry.penalty is None
    assert AuditEntry.objects.get(action="blacklist.entry.proposed").data["abnormal_listing"] == (
        listing.pk
    )


def test_an_abnormal_listing_of_another_department_is_refused(depts: Any, firm: Any) -> None:
    listing = _due_listing(firm, depts["province"])
    officer = RegulatorFactory(role="list_officer", department=depts["city"])
    with translation.override("en"), pytest.raises(DomainPermissionError, match="安徽省"):
        abnormal.abnormal_escalate(actor=officer, listing=listing)
    listing.refresh_from_db()
    assert listing.escalated_to is None
    assert not BlacklistEntry.objects.exists()
