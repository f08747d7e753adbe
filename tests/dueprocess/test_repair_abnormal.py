"""Credit repair of an abnormal-operations listing: the firm applies with the obligations met and
a commitment, the listing department (or its superior) approves and the listing is removed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.errors import IllegalTransitionError
from dueprocess import repair
from dueprocess.models import RepairApplication, RepairCommitment
from lists.abnormal import abnormal_correction_received, abnormal_list, abnormal_remove
from lists.models import AbnormalListing
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # Thursday


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> Any:
    time_machine.move_to(noon(TODAY), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def province() -> Any:
    return DepartmentFactory(code="ah-amr", jurisdiction="34")


@pytest.fixture
def officer(province: Any) -> Any:
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    return RegulatorFactory(role="list_officer", jurisdiction="3408", department=city)


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802")


@pytest.fixture
def listing(officer: Any, firm: Any) -> AbnormalListing:
    return abnormal_list(actor=officer, enterprise=firm, ground="unreachable", facts="查无此址")


def apply(firm: Any, listing: AbnormalListing, **kw: Any) -> RepairApplication:
    return repair.repair_apply(
        actor=EnterpriseUserFactory(enterprise=firm),
        target="abnormal",
        abnormal_listing=listing,
        obligations_met=kw.get("obligations_met", True),
        harm_remedied=False,
        commitment_signed=kw.get("commitment_signed", True),
        statement="已变更住所登记，可通过登记住所联系",
        signatory="王伟",
    )


def test_an_application_is_due_within_the_removal_working_days(
    firm: Any, listing: AbnormalListing
) -> None:
    application = apply(firm, listing)
    assert application.answer_due == dt.date(2026, 12, 3)
    assert RepairCommitment.objects.get(application=application).signatory == "王伟"
    with pytest.raises(IllegalTransitionError):  # one open application per listing
        apply(firm, listing)


@pytest.mark.parametrize("missing", ["obligations_met", "commitment_signed"])
def test_it_needs_the_obligations_and_a_commitment(
    firm: Any, listing: AbnormalListing, missing: str
) -> None:
    with pytest.raises(ValidationError):
        apply(firm, listing, **{missing: False})
    assert not RepairApplication.objects.exists()


def test_a_removed_listing_cannot_be_repaired(
    firm: Any, listing: AbnormalListing, officer: Any
) -> None:
    abnormal_remove(
        actor=officer, listing=abnormal_correction_received(actor=officer, listing=listing)
    )
    with pytest.raises(ValidationError, match="not on the abnormal-operations list"):
        apply(firm, listing)


def test_a_listing_of_another_firm_and_a_mixed_target_are_refused(
    firm: Any, listing: AbnormalListing
) -> None:
    other = EnterpriseFactory(region_id="340802")
    with pytest.raises(PermissionDenied):
        apply(other, listing)
    with pytest.raises(ValidationError):
        repair.repair_apply(
            actor=EnterpriseUserFactory(enterprise=firm),
            target="blacklist",
            abnormal_listing=listing,
            obligations_met=True,
            harm_remedied=True,
            commitment_signed=True,
            statement="x",
        )


@pytest.mark.parametrize(
    ("role", "upper", "allowed"),
    [
        ("list_officer", False, True),  # the listing department
        ("approver", True, True),  # its superior decides repair too
        ("admin", False, True),
        ("clerk", False, False),
        ("grader", False, False),
    ],
)
def test_approval_removes_the_listing_by_role(
    firm: Any, listing: AbnormalListing, province: Any, role: str, upper: bool, allowed: bool
) -> None:
    department = province if upper else listing.department
    user = RegulatorFactory(role=role, jurisdiction=department.jurisdiction, department=department)
    application = apply(firm, listing)
    if not allowed:
        with pytest.raises(PermissionDenied):
            repair.repair_decide(actor=user, application=application, approve=True, reason="可")
        listing.refresh_from_db()
        assert listing.removed_on is None
        return
    decided = repair.repair_decide(
        actor=user, application=application, approve=True, reason="已履行义务"
    )
    assert decided.status == "approved"
    listing.refresh_from_db()
    assert (listing.removed_on, listing.removal_reason) == (TODAY, "repaired")


def test_a_sibling_department_cannot_approve_and_nothing_changes(
    firm: Any, listing: AbnormalListing, province: Any
) -> None:
    sibling = RegulatorFactory(
        role="list_officer",
        jurisdiction="3408",
        department=DepartmentFactory(code="aq-other", jurisdiction="3408", parent=province),
    )
    application = apply(firm, listing)
    with pytest.raises(PermissionDenied):
        repair.repair_decide(actor=sibling, application=application, approve=True, reason="可")
    application.refresh_from_db()
    listing.refresh_from_db()
    assert (application.status, listing.removed_on) == ("submitted", None)


def test_a_rejection_keeps_the_listing(firm: Any, listing: AbnormalListing, officer: Any) -> None:
    application = apply(firm, listing)
    repair.repair_decide(actor=officer, application=application, approve=False, reason="未改正")
    listing.refresh_from_db()
    assert listing.removed_on is None
