"""The console's list pages: the abnormal-operations list day to day and the blacklist
suggestions, each action through its list service, for list officers of the area only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditEntry
from lists.models import AbnormalListing, BlacklistEntry, EntryStatus
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
LISTING = {"ground": "unreachable", "facts": "通过登记的住所无法联系"}


@pytest.fixture
def officer() -> Any:
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    return RegulatorFactory(role="list_officer", jurisdiction="3408", department=dept)


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(name="安庆异常名录测试有限公司", region_id="340802")


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_it_lists_a_firm_records_the_correction_and_removes_it(officer: Any, firm: Any) -> None:
    c = signed_in(officer)
    r = c.post("/console/abnormal/", LISTING | {"uscc": firm.uscc})
    assert r.status_code == 302
    listing = AbnormalListing.objects.get(enterprise=firm)
    assert (listing.ground, listing.removed_on) == ("unreachable", None)
    page = c.get("/console/abnormal/").content.decode()
    assert firm.name in page
    assert c.post(f"/console/abnormal/{listing.pk}/corrected/").status_code == 302
    listing.refresh_from_db()
    assert listing.corrected_on == timezone.localdate()
    assert listing.removal_due is not None
    assert c.post(f"/console/abnormal/{listing.pk}/removed/").status_code == 302
    listing.refresh_from_db()
    assert listing.removed_on == timezone.localdate()
    assert list(
        AuditEntry.objects.filter(enterprise=firm).order_by("id").values_list("action", flat=True)
    ) == ["abnormal.listed", "abnormal.corrected", "abnormal.removed"]
    assert firm.name not in c.get("/console/abnormal/").content.decode()


def test_removal_before_correction_is_refused_and_nothing_changes(officer: Any, firm: Any) -> None:
    c = signed_in(officer)
    c.post("/console/abnormal/", LISTING | {"uscc": firm.uscc})
    listing = AbnormalListing.objects.get(enterprise=firm)
    r = c.post(f"/console/abnormal/{listing.pk}/removed/", follow=True)
    listing.refresh_from_db()
    assert listing.removed_on is None
    assert "corrected" in r.content.decode()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"uscc": "91340802MA2XXXXX0", "ground": "unreachable"}, "18"),  # 17 characters
        ({"uscc": "X" * 18, "ground": "unreachable"}, "area"),  # no such firm
        ({"uscc": "", "ground": "nonsense"}, "ground"),
    ],
)
def test_bad_input_gets_a_400_and_writes_nothing(
    officer: Any, firm: Any, data: dict[str, str], problem: str
) -> None:
    r = signed_in(officer).post("/console/abnormal/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert not AbnormalListing.objects.exists()


def test_a_second_listing_on_the_same_ground_is_refused(officer: Any, firm: Any) -> None:
    c = signed_in(officer)
    c.post("/console/abnormal/", LISTING | {"uscc": firm.uscc})
    r = c.post("/console/abnormal/", LISTING | {"uscc": firm.uscc})
    assert r.status_code == 400
    assert AbnormalListing.objects.count() == 1


def test_a_firm_outside_the_area_cannot_be_listed_or_touched(officer: Any) -> None:
    far = EnterpriseFactory(region_id="440305", uscc=uscc_for(901, "440305"))
    c = signed_in(officer)
    r = c.post("/console/abnormal/", {"uscc": far.uscc, "ground": "unreachable"})
    assert r.status_code == 400
    listing = AbnormalListing.objects.create(
        enterprise=far,
        department=DepartmentFactory(code="sz-amr", jurisdiction="4403"),
        ground="unreachable",
        listed_on=timezone.localdate(),
        created_by=RegulatorFactory(role="list_officer", jurisdiction="4403"),
    )
    assert c.post(f"/console/abnormal/{listing.pk}/corrected/").status_code == 404
    listing.refresh_from_db()
    assert listing.corrected_on is None


@pytest.mark.parametrize(
    ("role", "status"),
    [("clerk", 403), ("grader", 403), ("approver", 403), ("list_officer", 200), ("admin", 200)],
)
def test_only_roles_that_keep_the_lists_see_the_pages(role: str, status: int) -> None:
    c = signed_in(RegulatorFactory(role=role, jurisdiction="3408"))
    assert c.get("/console/abnormal/").status_code == status
    assert c.get("/console/suggestions/").status_code == status


def test_firm_users_and_visitors_are_kept_out(firm: Any) -> None:
    firm_user = signed_in(EnterpriseUserFactory(enterprise=firm))
    assert firm_user.get("/console/abnormal/").status_code == 403
    assert Client().get("/console/abnormal/").status_code == 302  # to sign-in


def test_a_suggested_firm_can_be_proposed_for_the_blacklist(officer: Any, firm: Any) -> None:
    penalty = PenaltyFactory(
        enterprise=firm,
        source_department=officer.department,
        kind="licence_revoked",
        amount=None,
        decided_on=timezone.localdate() - dt.timedelta(days=30),
    )
    c = signed_in(officer)
    page = c.get("/console/suggestions/").content.decode()
    assert firm.name in page
    assert f'name="penalty_id" value="{penalty.pk}"' in page
    data = {"uscc": firm.uscc, "grounds": "吊销许可证", "legal_basis": "第二条"}
    r = c.post("/console/suggestions/", {**data, "penalty_id": penalty.pk})
    assert r.status_code == 302
    entry = BlacklistEntry.objects.get(enterprise=firm)
    assert (entry.status, entry.penalty) == (EntryStatus.PROPOSED, penalty)
    # Once proposed it is no longer suggested.
    assert firm.name not in c.get("/console/suggestions/").content.decode()


def test_a_firm_suggested_for_its_samplings_is_proposed_on_them(officer: Any, firm: Any) -> None:
    ids = [
        InspectionFactory(
            enterprise=firm,
            source_department=officer.department,
            inspected_on=timezone.localdate() - dt.timedelta(days=days),
            level="national",
            result="fail",
            defect_severity="serious",
        ).pk
        for days in (200, 100)
    ]
    c = signed_in(officer)
    page = c.get("/console/suggestions/").content.decode()
    assert all(f'name="inspection_ids" value="{i}"' in page for i in ids)
    data = {"uscc": firm.uscc, "grounds": "两次严重不合格", "legal_basis": "第九条"}
    assert c.post("/console/suggestions/", {**data, "inspection_ids": ids}).status_code == 302
    entry = BlacklistEntry.objects.get(enterprise=firm)
    assert sorted(entry.inspections.values_list("pk", flat=True)) == sorted(ids)


def test_a_suggestion_resting_on_another_departments_penalty_is_refused(
    officer: Any, firm: Any
) -> None:
    other = DepartmentFactory(code="hf-amr", name="合肥市市场监督管理局", jurisdiction="3401")
    penalty = PenaltyFactory(enterprise=firm, source_department=other, kind="closure")
    c = signed_in(officer)
    data = {"uscc": firm.uscc, "grounds": "责令关闭", "legal_basis": "第二条"}
    r = c.post("/console/suggestions/", {**data, "penalty_id": penalty.pk}, follow=True)
    page = r.content.decode()
    assert "谁处罚谁列入" in page
    assert "合肥市市场监督管理局" in page
    assert not BlacklistEntry.objects.exists()


@pytest.mark.parametrize("basis", ["none", "other-firm", "not-a-number"])
def test_a_suggestion_without_a_basis_of_the_firm_writes_nothing(
    officer: Any, firm: Any, basis: str
) -> None:
    stranger = PenaltyFactory(source_department=officer.department, kind="closure")
    extra = {"none": {}, "other-firm": {"penalty_id": stranger.pk}}.get(
        basis, {"inspection_ids": ["x"]}
    )
    data = {"uscc": firm.uscc, "grounds": "责令关闭", "legal_basis": "第二条", **extra}
    r = signed_in(officer).post("/console/suggestions/", data, follow=True)
    assert not BlacklistEntry.objects.exists()
    if basis != "not-a-number":  # a tampered form is shown again without a message
        assert [m.level_tag for m in r.context["messages"]] == ["error"]


def test_a_listing_due_for_escalation_can_be_proposed_for_the_blacklist(
    officer: Any, firm: Any
) -> None:
    today = timezone.localdate()
    listing = AbnormalListing.objects.create(
        enterprise=firm,
        department=officer.department,
        ground="no_annual_report",
        listed_on=today.replace(year=today.year - 3) - dt.timedelta(days=1),
        escalation_warned_on=today - dt.timedelta(days=61),
        created_by=officer,
    )
    c = signed_in(officer)
    assert "提请列入严重违法失信名单" in c.get("/console/abnormal/").content.decode()
    assert c.post(f"/console/abnormal/{listing.pk}/escalated/").status_code == 302
    listing.refresh_from_db()
    assert listing.escalated_to is not None
    assert listing.escalated_to.status == EntryStatus.PROPOSED
    # A second press does not propose twice.
    c.post(f"/console/abnormal/{listing.pk}/escalated/")
    assert BlacklistEntry.objects.filter(enterprise=firm).count() == 1


def test_a_removal_past_its_due_date_is_marked_overdue(officer: Any, firm: Any) -> None:
    c = signed_in(officer)
    c.post("/console/abnormal/", LISTING | {"uscc": firm.uscc})
    listing = AbnormalListing.objects.get(enterprise=firm)
    c.post(f"/console/abnormal/{listing.pk}/corrected/")
    listing.refresh_from_db()
    assert "overdue" not in c.get("/console/abnormal/").content.decode().split("<tbody>")[1]
    AbnormalListing.objects.filter(pk=listing.pk).update(
        removal_due=timezone.localdate() - dt.timedelta(days=1)
    )
    assert 'class="overdue"' in c.get("/console/abnormal/").content.decode()


@pytest.mark.parametrize("role", ["clerk", "grader", "approver"])
def test_other_roles_cannot_list_or_step_from_the_console(
    officer: Any, firm: Any, role: str
) -> None:
    c = signed_in(officer)
    c.post("/console/abnormal/", LISTING | {"uscc": firm.uscc})
    listing = AbnormalListing.objects.get(enterprise=firm)
    other = signed_in(
        RegulatorFactory(role=role, jurisdiction="3408", department=officer.department)
    )
    second = EnterpriseFactory(region_id="340802", uscc=uscc_for(77))
    assert other.post("/console/abnormal/", LISTING | {"uscc": second.uscc}).status_code == 403
    for step in ("corrected", "removed", "escalated"):
        assert other.post(f"/console/abnormal/{listing.pk}/{step}/").status_code == 403
    listing.refresh_from_db()
    assert (listing.corrected_on, listing.removed_on) == (None, None)
    assert AbnormalListing.objects.count() == 1


def test_a_listing_without_facts_gets_a_400(officer: Any, firm: Any) -> None:
    r = signed_in(officer).post("/console/abnormal/", {"uscc": firm.uscc, "ground": "unreachable"})
    assert r.status_code == 400
    assert r.context["form"].errors["facts"]
    assert not AbnormalListing.objects.exists()
