"""Proposing a blacklist listing from the credit file: the picker offers the firm's live
penalties of the user's department or one below it (谁处罚谁列入); list officers only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry
from lists.models import BlacklistEntry, EntryStatus
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def depts() -> dict[str, Any]:
    province = DepartmentFactory(code="ah-amr", name="安徽省市场监督管理局", jurisdiction="34")
    city = DepartmentFactory(
        code="aq-amr", name="安庆市市场监督管理局", jurisdiction="3408", parent=province
    )
    county = DepartmentFactory(
        code="aq-yj", name="迎江区市场监督管理局", jurisdiction="340802", parent=city
    )
    return {"province": province, "city": city, "county": county}


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(name="安庆提请列入测试有限公司", region_id="340802")


def signed_in(role: str, department: Any) -> Client:
    c = Client()
    c.force_login(RegulatorFactory(role=role, jurisdiction="3408", department=department))
    return c


def page(c: Client, firm: Any) -> str:
    return c.get(reverse("console:file_detail", args=[firm.uscc])).content.decode()


def propose(c: Client, firm: Any, **data: Any) -> Any:
    return c.post(
        reverse("console:file_propose", args=[firm.uscc]),
        {"grounds": "吊销许可证，情节严重", "legal_basis": "总局令第44号第二条", **data},
    )


def test_the_picker_offers_only_penalties_of_the_department_or_below(depts: Any, firm: Any) -> None:
    mine = PenaltyFactory(enterprise=firm, source_department=depts["city"], decision_no="安市1")
    below = PenaltyFactory(enterprise=firm, source_department=depts["county"], decision_no="迎1")
    PenaltyFactory(enterprise=firm, source_department=depts["province"], decision_no="皖1")
    PenaltyFactory(
        enterprise=firm, source_department=depts["city"], decision_no="安市撤", revoked=True
    )
    body = page(signed_in("list_officer", depts["city"]), firm)
    assert 'id="propose"' in body
    assert f'<option value="{mine.pk}">安市1' in body
    assert f'<option value="{below.pk}">迎1' in body
    picker = body[body.index('id="propose"') :]
    assert "皖1" not in picker.split("</form>")[0]
    assert "安市撤" not in picker.split("</form>")[0]


def test_without_a_penalty_of_its_own_the_page_says_why(depts: Any, firm: Any) -> None:
    PenaltyFactory(enterprise=firm, source_department=depts["province"])
    body = page(signed_in("list_officer", depts["city"]), firm)
    assert "谁处罚谁列入" in body
    assert reverse("console:file_propose", args=[firm.uscc]) not in body


@pytest.mark.parametrize("role", ["clerk", "grader", "approver"])
def test_other_roles_see_no_form_and_are_refused(depts: Any, firm: Any, role: str) -> None:
    penalty = PenaltyFactory(enterprise=firm, source_department=depts["city"])
    c = signed_in(role, depts["city"])
    assert 'id="propose"' not in page(c, firm)
    assert propose(c, firm, penalty=penalty.pk).status_code == 403
    assert not BlacklistEntry.objects.exists()


@pytest.mark.parametrize("role", ["list_officer", "admin"])
def test_a_list_officer_proposes_on_a_picked_penalty(depts: Any, firm: Any, role: str) -> None:
    penalty = PenaltyFactory(enterprise=firm, source_department=depts["county"])
    r = propose(signed_in(role, depts["city"]), firm, penalty=penalty.pk)
    assert r.status_code == 302
    assert r["Location"] == reverse("console:file_detail", args=[firm.uscc])
    entry = BlacklistEntry.objects.get(enterprise=firm)
    assert (entry.status, entry.penalty, entry.department) == (
        EntryStatus.PROPOSED,
        penalty,
        depts["city"],
    )
    assert AuditEntry.objects.filter(action="blacklist.entry.proposed", enterprise=firm).exists()


def _superior(depts: Any, firm: Any) -> dict[str, Any]:
    return {"penalty": PenaltyFactory(enterprise=firm, source_department=depts["province"]).pk}


def _other_firm(depts: Any, firm: Any) -> dict[str, Any]:
    return {"penalty": PenaltyFactory(source_department=depts["city"]).pk}


def _revoked(depts: Any, firm: Any) -> dict[str, Any]:
    p = PenaltyFactory(enterprise=firm, source_department=depts["city"], revoked=True)
    return {"penalty": p.pk}


@pytest.mark.parametrize(
    "basis",
    [lambda d, f: {}, _superior, _other_firm, _revoked, lambda d, f: {"penalty": "x"}],
    ids=["none", "superior", "other-firm", "revoked", "garbage"],
)
def test_a_wrong_basis_is_shown_again_with_a_message_and_writes_nothing(
    depts: Any, firm: Any, basis: Any
) -> None:
    r = propose(signed_in("list_officer", depts["city"]), firm, **basis(depts, firm))
    assert r.status_code == 400
    assert 'role="alert"' in r.content.decode()
    assert r.context["proposal_form"].errors
    assert not BlacklistEntry.objects.exists()


def test_a_firm_outside_the_area_is_not_found(depts: Any) -> None:
    far = EnterpriseFactory(region_id="440305")
    penalty = PenaltyFactory(enterprise=far, source_department=depts["city"])
    r = propose(signed_in("list_officer", depts["city"]), far, penalty=penalty.pk)
    assert r.status_code == 404
    assert not BlacklistEntry.objects.exists()
