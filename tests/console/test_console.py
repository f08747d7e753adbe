"""The regulator console: queues by role and area, decisions through the services, the
audit log, a firm's timeline, department tokens and file imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from console.models import Interview
from core.models import AuditEntry
from dueprocess.models import Objection
from enterprises.models import InspectionRecord
from lists.models import BlacklistEntry
from tests.disclosure.test_lists_and_api import graded
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> dict[str, Any]:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    firm = EnterpriseFactory(name="安庆控制台测试有限公司")
    far = EnterpriseFactory(
        name="深圳远方有限公司", region_id="440305", uscc=uscc_for(777, "440305")
    )
    return {"province": province, "city": city, "firm": firm, "far": far}


def as_user(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def objection_on(firm: Any) -> Objection:
    record = InspectionFactory(enterprise=firm, result="fail", inspected_on=timezone.localdate())
    return Objection.objects.create(
        enterprise=firm,
        record_kind="inspections",
        record_id=record.pk,
        grounds="样品不符",
        raised_by=EnterpriseUserFactory(enterprise=firm),
        raised_on=timezone.localdate(),
        answer_due=timezone.localdate() + dt.timedelta(days=3),
    )


def test_an_objection_is_worked_to_completion_and_audited(area: dict[str, Any]) -> None:
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408", department=area["city"])
    objection = objection_on(area["firm"])
    objection_on(area["far"])  # outside the area: not in this officer's queue
    c = as_user(officer)
    page = c.get("/console/").content.decode()
    assert "安庆控制台测试有限公司" in page
    assert "深圳远方有限公司" not in page
    r = c.post(
        f"/console/objections/{objection.pk}/",
        {"decision": "yes", "reason": "复检合格，撤销原结果"},
    )
    assert r.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "upheld"
    assert InspectionRecord.objects.get(pk=objection.record_id).withdrawn_on is not None
    audit = c.get("/console/audit/?action=objection").content.decode()
    table = audit.split("<tbody>")[1].split("</tbody>")[0]
    assert "异议成立" in table  # the action by its label, not its code
    assert "objection.upheld" not in table
    assert "复检合格" in audit


def test_a_decision_without_reasons_changes_nothing(area: dict[str, Any]) -> None:
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408", department=area["city"])
    objection = objection_on(area["firm"])
    as_user(officer).post(f"/console/objections/{objection.pk}/", {"decision": "yes", "reason": ""})
    objection.refresh_from_db()
    assert objection.status == "open"


def test_an_officer_of_another_area_gets_404(area: dict[str, Any]) -> None:
    objection = objection_on(area["firm"])
    far = RegulatorFactory(role="list_officer", jurisdiction="44")
    assert (
        as_user(far)
        .post(f"/console/objections/{objection.pk}/", {"decision": "yes", "reason": "x"})
        .status_code
        == 404
    )
    assert as_user(far).get(f"/console/firms/{area['firm'].uscc}/timeline/").status_code == 404


def test_listing_steps_from_the_queue(area: dict[str, Any]) -> None:
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408", department=area["city"])
    approver = RegulatorFactory(role="approver", jurisdiction="34", department=area["province"])
    entry = BlacklistEntry.objects.create(
        enterprise=area["firm"],
        department=area["city"],
        status="proposed",
        grounds="吊销许可证",
        legal_basis="总局令第44号",
        created_by=officer,
    )
    c = as_user(officer)
    assert "吊销许可证" in c.get("/console/").content.decode()
    c.post(f"/console/entries/{entry.pk}/notify/", {"reason": "告知拟列入"})
    entry.refresh_from_db()
    assert entry.status == "notified"
    # The approver sees it once the hearing window has passed.
    BlacklistEntry.objects.filter(pk=entry.pk).update(
        hearing_deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    a = as_user(approver)
    assert "吊销许可证" in a.get("/console/").content.decode()
    a.post(f"/console/entries/{entry.pk}/approve/", {"reason": "同意列入"})
    c.post(f"/console/entries/{entry.pk}/publish/", {"reason": "列入名单"})
    entry.refresh_from_db()
    assert entry.status == "listed"
    # An illegal step is refused with a message and changes nothing.
    c.post(f"/console/entries/{entry.pk}/notify/", {"reason": "再次告知"})
    entry.refresh_from_db()
    assert entry.status == "listed"
    timeline = c.get(f"/console/firms/{area['firm'].uscc}/timeline/").content.decode()
    assert "已批准 → 已列入（公示中）" in timeline  # the statuses by name, not as stored
    assert "approved → listed" not in timeline


def test_c_firms_wait_for_an_interview(area: dict[str, Any]) -> None:
    grader = RegulatorFactory(role="grader", jurisdiction="3408", department=area["city"])
    grade = graded(area["firm"], "C", red=False, since=timezone.localdate())
    grade.interview_due = True
    grade.save()
    c = as_user(grader)
    assert "安庆控制台测试有限公司" in c.get("/console/").content.decode()
    r = c.post(
        f"/console/interviews/{area['firm'].uscc}/",
        {"held_on": timezone.localdate().isoformat(), "person": "张经理", "notes": "限期整改"},
    )
    assert r.status_code == 302
    assert Interview.objects.get().person == "张经理"
    assert "安庆控制台测试有限公司" not in c.get("/console/").content.decode()
    assert AuditEntry.objects.filter(action="grade.interview.held").exists()


def test_tokens_are_shown_once_rotated_and_revoked(area: dict[str, Any]) -> None:
    admin = RegulatorFactory(role="admin", jurisdiction="3408", department=area["city"])
    c = as_user(admin)
    created = c.post("/console/tokens/", {"department": area["city"].pk, "name": "抽检系统"})
    raw = created.context["shown"]
    assert raw.startswith("cp_")
    assert raw not in c.get("/console/tokens/").content.decode()  # shown once
    token = ApiToken.objects.get()
    rotating = c.post("/console/tokens/", {"rotate": token.pk})
    assert rotating.status_code == 200  # not the new-token form's errors
    rotated = rotating.context["shown"]
    assert rotated != raw
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1
    # Another area's administrator cannot touch it.
    other = RegulatorFactory(
        role="admin",
        jurisdiction="44",
        department=DepartmentFactory(code="sz", jurisdiction="4403"),
    )
    new = ApiToken.objects.get(revoked_at__isnull=True)
    assert as_user(other).post("/console/tokens/", {"revoke": new.pk}).status_code == 404


def test_an_import_is_checked_then_confirmed(area: dict[str, Any]) -> None:
    clerk = RegulatorFactory(role="clerk", jurisdiction="3408", department=area["city"])
    c = as_user(clerk)
    header = "uscc,source_ref,product,inspected_on,level,result\n"
    bad = (
        header
        + f"{area['firm'].uscc},R1,面粉,2026-01-05,provincial,pass\n"
        + "NOTACODE,R2,面粉,2026-01-05,provincial,pass\n"
    )
    r = c.post(
        "/console/imports/",
        {"kind": "inspections", "file": SimpleUploadedFile("a.csv", bad.encode())},
    )
    assert r.context["check"].bad_rows == 1
    assert 'name="confirm"' not in r.content.decode()
    c.post("/console/imports/", {"confirm": "1"})
    assert not InspectionRecord.objects.exists()  # nothing written from a file with errors
    good = header + f"{area['firm'].uscc},R1,面粉,2026-01-05,provincial,pass\n"
    r = c.post(
        "/console/imports/",
        {"kind": "inspections", "file": SimpleUploadedFile("a.csv", good.encode())},
    )
    assert r.context["check"].bad_rows == 0
    assert not InspectionRecord.objects.exists()  # not before confirming
    c.post("/console/imports/", {"confirm": "1"})
    assert InspectionRecord.objects.get().source_ref == "R1"
    wrong = c.post(
        "/console/imports/", {"kind": "inspections", "file": SimpleUploadedFile("a.exe", b"MZ")}
    )
    assert wrong.status_code == 400


ROLE_PAGES = {
    # page: roles that may open it (others get 403)
    "/console/": {"clerk", "grader", "list_officer", "approver", "admin"},
    "/console/audit/": {"clerk", "grader", "list_officer", "approver", "admin"},
    "/console/tokens/": {"admin"},
    "/console/imports/": {"clerk", "admin"},
    "/console/plans/": {"clerk", "grader", "list_officer", "approver", "admin"},
}


@pytest.mark.parametrize(
    "role", ["anon", "enterprise", "clerk", "grader", "list_officer", "approver", "admin"]
)
@pytest.mark.parametrize("url", sorted(ROLE_PAGES))
def test_every_role_against_every_console_page(role: str, url: str, area: dict[str, Any]) -> None:
    if role == "anon":
        client = Client()
    elif role == "enterprise":
        client = as_user(EnterpriseUserFactory())
    else:
        client = as_user(RegulatorFactory(role=role, jurisdiction="3408", department=area["city"]))
    status = client.get(url).status_code
    if role == "anon":
        assert status == 302
    elif role in ROLE_PAGES[url]:
        assert status == 200
    else:
        assert status == 403


ROLES = ["clerk", "grader", "list_officer", "approver", "admin"]
ALLOWED = {
    "objection": {"list_officer", "approver", "admin"},
    "interview": {"grader", "admin"},
    "token": {"admin"},
    "plan": {"grader", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_every_role_against_every_console_action(
    role: str, action: str, area: dict[str, Any]
) -> None:
    """Each action is allowed to exactly the roles of the table; refused ones change nothing."""
    from inspections.models import InspectionItem, InspectionPlan

    user = RegulatorFactory(role=role, jurisdiction="3408", department=area["city"])
    c = as_user(user)
    firm = area["firm"]
    if action == "objection":
        item = objection_on(firm)
        c.post(f"/console/objections/{item.pk}/", {"decision": "no", "reason": "理由不成立"})
        done = Objection.objects.get(pk=item.pk).status == "rejected"
    elif action == "interview":
        c.post(
            f"/console/interviews/{firm.uscc}/",
            {"held_on": timezone.localdate().isoformat(), "person": "张经理", "notes": "整改"},
        )
        done = Interview.objects.exists()
    elif action == "token":
        response = c.post("/console/tokens/", {"department": area["city"].pk, "name": "x"})
        done = ApiToken.objects.exists()
        assert (response.status_code == 403) is not done
    else:
        item = InspectionItem.objects.create(
            code="T1", name="抽查", method="检验", legal_basis="法"
        )
        today = timezone.localdate().isoformat()
        c.post(
            "/console/plans/",
            {
                "title": "计划",
                "region": "3408",
                "period_start": today,
                "period_end": today,
                "items": [item.pk],
            },
        )
        done = InspectionPlan.objects.exists()
    assert done is (role in ALLOWED[action])
