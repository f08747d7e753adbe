"""National (SAMR-level) regulators: no jurisdiction prefix, every region within it. Each role
sees and acts on firms of two provinces (pages, the abnormal list, a listing proposal, API
calls), while a provincial regulator still stops at its prefix."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from django.utils.translation import override
from rest_framework.test import APIClient

from accounts.models import Department, User
from accounts.roles import (
    ROLE_ACTIONS,
    Action,
    covers,
    covers_q,
    in_jurisdiction,
    jurisdiction_q,
)
from accounts.services import api_token_issue
from console.selectors import audit_entries
from core.actions import AuditAction
from core.audit import audit_record
from enterprises import selectors
from enterprises.models import Region
from inspections.models import InspectionItem, InspectionPlan
from inspections.services import plan_draw
from lists.abnormal import abnormal_list
from lists.models import AbnormalListing, BlacklistEntry
from ratings.services.recompute import enterprise_grade_recompute
from tests.conftest import ROLES
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def samr() -> Department:
    return DepartmentFactory(code="samr", name="国家市场监督管理总局", jurisdiction="")


@pytest.fixture
def anhui(samr: Department) -> Department:
    return DepartmentFactory(code="ah-amr", name="安徽省市场监督管理局", jurisdiction="34")


@pytest.fixture
def firms() -> dict[str, Any]:
    """A firm in Anqing (Anhui) and one in Shenzhen (Guangdong)."""
    return {
        "anqing": EnterpriseFactory(name="安庆国家级测试有限公司", region_id="340802"),
        "shenzhen": EnterpriseFactory(name="深圳国家级测试有限公司", region_id="440305"),
    }


def national(role: str, samr: Department) -> User:
    return RegulatorFactory(role=role, jurisdiction="", department=samr)


def signed_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# --- the model: empty means national, explicitly ---------------------------------------------


def test_a_regulator_without_a_prefix_is_national(samr: Department) -> None:
    user = national("clerk", samr)
    user.full_clean()
    assert (user.is_national, samr.is_national) == (True, True)
    assert RegulatorFactory(jurisdiction="34").is_national is False
    assert DepartmentFactory(jurisdiction="3408").is_national is False
    # A firm's user has no prefix either, and is not national.
    assert EnterpriseUserFactory().is_national is False


@pytest.mark.parametrize("jurisdiction", ["3", "344", "34080", "ab", "34a8"])
def test_a_jurisdiction_is_empty_or_a_2_4_6_digit_prefix(jurisdiction: str) -> None:
    user = RegulatorFactory.build(jurisdiction=jurisdiction)
    with override("en"):
        with pytest.raises(ValidationError) as raised:
            user.full_clean()
        assert "empty for a national office" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        user.full_clean()
    assert "国家级机关留空" in str(raised.value)  # Simplified Chinese first
    with pytest.raises(ValidationError):
        Department(code="x", name="x", jurisdiction=jurisdiction).full_clean()


@pytest.mark.parametrize("jurisdiction", ["3", "34a8"])
def test_the_database_refuses_a_malformed_jurisdiction(jurisdiction: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulatorFactory(jurisdiction=jurisdiction)
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="x", name="x", jurisdiction=jurisdiction)
    assert not User.objects.exists()


def test_the_database_refuses_a_firm_user_with_a_jurisdiction() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EnterpriseUserFactory(jurisdiction="34")
    user = EnterpriseUserFactory.build(jurisdiction="34")
    with pytest.raises(ValidationError):
        user.clean()


def test_a_regulator_still_needs_a_role() -> None:
    with override("en"):
        with pytest.raises(ValidationError) as raised:
            RegulatorFactory.build(role="", jurisdiction="").clean()
        assert "needs a role" in str(raised.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulatorFactory(role="", jurisdiction="")


# --- one rule, two forms -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "34", "3408", "340802", "44", "4403"])
def test_covers_and_its_query_agree(prefix: str) -> None:
    codes = list(Region.objects.values_list("code", flat=True))
    python = {c for c in codes if covers(prefix, c)}
    rows = Region.objects.filter(covers_q(prefix, field="code"))
    query = set(rows.values_list("code", flat=True))
    assert python == query
    assert (python == set(codes)) is (prefix == "")
    assert ("440305" in python) is (prefix in ("", "44", "4403"))


def test_national_is_never_dropped_from_an_or() -> None:
    # An empty Q() would vanish from `a | b`; national must stay an always-true condition.
    either = covers_q("", field="code") | covers_q("44", field="code")
    assert Region.objects.filter(either).count() == Region.objects.count()


def test_only_regulators_have_a_jurisdiction(samr: Department, firms: dict[str, Any]) -> None:
    for nobody in (EnterpriseUserFactory(), AnonymousUser()):
        assert not in_jurisdiction(nobody, "340802")
        assert not Region.objects.filter(jurisdiction_q(nobody, field="code")).exists()
    assert in_jurisdiction(national("clerk", samr), "440305")


# --- every role sees and acts on two provinces ---------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_national_regulator_sees_every_province(
    role: str, samr: Department, firms: dict[str, Any]
) -> None:
    user = national(role, samr)
    assert set(selectors.enterprise_scope(user=user)) == set(firms.values())
    assert all(in_jurisdiction(user, f.region_id) for f in firms.values())
    c = signed_in(user)
    page = c.get("/console/files/").content.decode()
    assert firms["anqing"].name in page
    assert firms["shenzhen"].name in page
    for firm in firms.values():
        response = c.get(f"/console/files/{firm.uscc}/")
        assert response.status_code == 200
        assert firm.name in response.content.decode()
    assert c.get("/console/").status_code == 200


def test_a_national_graders_queue_holds_c_firms_of_both_provinces(
    samr: Department, anhui: Department, firms: dict[str, Any]
) -> None:
    for firm in firms.values():  # a seriously failed sampling: grade C, interview due
        InspectionFactory(
            enterprise=firm,
            inspected_on=timezone.localdate() - dt.timedelta(days=3),
            result="fail",
            defect_severity="serious",
        )
    enterprise_grade_recompute(enterprise_ids=[f.pk for f in firms.values()])
    page = signed_in(national("grader", samr)).get("/console/").content.decode()
    assert firms["anqing"].name in page
    assert firms["shenzhen"].name in page
    provincial = RegulatorFactory(role="grader", jurisdiction="34", department=anhui)
    page = signed_in(provincial).get("/console/").content.decode()
    assert firms["anqing"].name in page
    assert firms["shenzhen"].name not in page


@pytest.mark.parametrize("role", ROLES)
def test_a_provincial_regulator_still_stops_at_its_prefix(
    role: str, anhui: Department, firms: dict[str, Any]
) -> None:
    user = RegulatorFactory(role=role, jurisdiction="34", department=anhui)
    assert set(selectors.enterprise_scope(user=user)) == {firms["anqing"]}
    c = signed_in(user)
    assert firms["shenzhen"].name not in c.get("/console/files/").content.decode()
    assert c.get(f"/console/files/{firms['shenzhen'].uscc}/").status_code == 404
    assert c.get(f"/console/files/{firms['anqing'].uscc}/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_a_national_regulator_keeps_the_abnormal_list_everywhere_its_role_allows(
    role: str, samr: Department, anhui: Department, firms: dict[str, Any]
) -> None:
    user = national(role, samr)
    may = Action.LIST_PROPOSE in ROLE_ACTIONS[role]
    for firm in firms.values():
        if may:
            listing = abnormal_list(
                actor=user, enterprise=firm, ground="unreachable", facts="实地核查无法联系"
            )
            assert listing.department == samr
        else:
            with pytest.raises(PermissionDenied):
                abnormal_list(
                    actor=user, enterprise=firm, ground="unreachable", facts="实地核查无法联系"
                )
    assert AbnormalListing.objects.count() == (2 if may else 0)
    provincial = RegulatorFactory(role=role, jurisdiction="34", department=anhui)
    with pytest.raises(PermissionDenied):
        abnormal_list(
            actor=provincial,
            enterprise=firms["shenzhen"],
            ground="no_annual_report",
            facts="未报年报",
        )
    assert not AbnormalListing.objects.filter(ground="no_annual_report").exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_national_regulator_proposes_listings_in_two_provinces(
    role: str, samr: Department, anhui: Department, firms: dict[str, Any]
) -> None:
    client = APIClient()
    client.force_login(national(role, samr))
    may = Action.LIST_PROPOSE in ROLE_ACTIONS[role]
    for firm in firms.values():
        penalty = PenaltyFactory(enterprise=firm, source_department=samr, kind="licence_revoked")
        response = client.post(
            "/api/v1/blacklist/entries/",
            {
                "uscc": firm.uscc,
                "grounds": "多次生产销售不合格产品，情节严重",
                "legal_basis": "总局令第44号第二条",
                "penalty_id": penalty.pk,
            },
            format="json",
        )
        assert response.status_code == (201 if may else 403)
    assert BlacklistEntry.objects.filter(department=samr).count() == (2 if may else 0)


def test_a_provincial_list_officer_cannot_propose_outside_its_province(
    anhui: Department, firms: dict[str, Any]
) -> None:
    client = APIClient()
    client.force_login(RegulatorFactory(role="list_officer", jurisdiction="34", department=anhui))
    penalty = PenaltyFactory(
        enterprise=firms["shenzhen"], source_department=anhui, kind="licence_revoked"
    )
    response = client.post(
        "/api/v1/blacklist/entries/",
        {
            "uscc": firms["shenzhen"].uscc,
            "grounds": "g",
            "legal_basis": "总局令第44号第二条",
            "penalty_id": penalty.pk,
        },
        format="json",
    )
    assert response.status_code == 404  # a firm outside the area is not found
    assert not BlacklistEntry.objects.exists()


def test_a_national_administrator_sees_account_actions_of_every_area(
    samr: Department, anhui: Department
) -> None:
    shenzhen_user = RegulatorFactory(role="clerk", jurisdiction="4403")
    audit_record(
        actor=shenzhen_user,
        action=AuditAction.TOKEN_ISSUED,
        enterprise=None,
        data={"token": "x"},
    )
    assert audit_entries(user=national("admin", samr), filters={}).count() == 1
    provincial = RegulatorFactory(role="admin", jurisdiction="34", department=anhui)
    assert audit_entries(user=provincial, filters={}).count() == 0


def test_a_national_administrator_manages_every_departments_tokens(
    samr: Department, anhui: Department
) -> None:
    DepartmentFactory(code="sz-amr", name="深圳市市场监督管理局", jurisdiction="4403")
    page = signed_in(national("admin", samr)).get("/console/tokens/").content.decode()
    assert "深圳市市场监督管理局" in page
    assert "安徽省市场监督管理局" in page
    provincial = RegulatorFactory(role="admin", jurisdiction="34", department=anhui)
    own = signed_in(provincial).get("/console/tokens/").content.decode()
    assert "深圳市市场监督管理局" not in own


# --- API calls by a national department token ----------------------------------------------


def test_a_national_department_token_works_in_two_provinces(
    samr: Department, anhui: Department, firms: dict[str, Any]
) -> None:
    _t, raw = api_token_issue(department=samr, name="t", actor=None)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for n, firm in enumerate(firms.values()):
        item = {
            "uscc": firm.uscc,
            "source_ref": f"SAMR-{n}",
            "product": "电线电缆",
            "inspected_on": "2026-03-02",
            "level": "national",
            "result": "pass",
            "lab": "国家电线电缆质检中心",
        }
        assert api.post("/api/v1/inspections/", item, format="json").status_code == 201
        answer = api.get(f"/api/v1/restrictions/{firm.uscc}/?action=procurement")
        assert (answer.status_code, answer.json()["restricted"]) == (200, False)
    _t, raw = api_token_issue(department=anhui, name="t", actor=None)
    provincial = APIClient()
    provincial.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    item = {
        "uscc": firms["shenzhen"].uscc,
        "source_ref": "AH-1",
        "product": "电线电缆",
        "inspected_on": "2026-03-02",
        "level": "provincial",
        "result": "pass",
        "lab": "安徽省质检院",
    }
    response = provincial.post(
        "/api/v1/inspections/", item, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "outside the jurisdiction" in response.content.decode()
    assert firms["shenzhen"].inspectionrecords.count() == 1  # the national one only


# --- createsuperuser -----------------------------------------------------------------------


def test_createsuperuser_makes_a_national_administrator_with_an_empty_jurisdiction() -> None:
    call_command(
        "createsuperuser",
        interactive=False,
        username="samr-root",
        email="root@example.org",
        jurisdiction="",
    )
    root = User.objects.get(username="samr-root")
    assert (root.kind, root.role, root.is_national, root.is_superuser) == (
        "regulator",
        "admin",
        True,
        True,
    )
    call_command(
        "createsuperuser",
        interactive=False,
        username="ah-root",
        email="ah@example.org",
        jurisdiction="34",
    )
    assert User.objects.get(username="ah-root").is_national is False


# --- random-inspection plans ---------------------------------------------------------------


def test_a_national_grader_draws_plans_in_two_provinces(
    samr: Department, anhui: Department, firms: dict[str, Any]
) -> None:
    item = InspectionItem.objects.create(
        code="SAMR-01",
        name="产品质量国家监督抽查",
        method="抽样检验",
        legal_basis="《产品质量法》第十五条",
    )
    today = timezone.localdate()

    def draw(actor: User, region: str) -> InspectionPlan:
        return plan_draw(
            actor=actor,
            title="国家监督抽查",
            region=region,
            industry="",
            period_start=today,
            period_end=today + dt.timedelta(days=30),
            items=[item],
            seed="samr-2026",
        )

    grader = national("grader", samr)
    assert {draw(grader, region).region for region in ("34", "44")} == {"34", "44"}
    provincial = RegulatorFactory(role="grader", jurisdiction="34", department=anhui)
    with pytest.raises(PermissionDenied):
        draw(provincial, "44")
    assert InspectionPlan.objects.count() == 2
    page = signed_in(grader).get("/console/plans/").content.decode()
    assert page.count("国家监督抽查") >= 2
