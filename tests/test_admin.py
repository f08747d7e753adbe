from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, RegulatorRole, User
from core.models import AuditEntry
from enterprises.models import Enterprise, GradeRecomputeRequest, NameBigram, Region
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    PenaltyFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    user = User.objects.create_superuser(
        "root", "root@example.cn", "pw-for-tests-1", jurisdiction="34"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sample_rows() -> None:
    firm = EnterpriseFactory()
    InspectionFactory(enterprise=firm)
    PenaltyFactory(enterprise=firm)


def test_a_superuser_is_a_regulator_admin() -> None:
    user = User.objects.create_superuser(
        "boss", "b@example.cn", "pw-for-tests-1", jurisdiction="44"
    )
    assert (user.kind, user.role, user.jurisdiction) == ("regulator", RegulatorRole.ADMIN, "44")


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_the_admin_lists_and_adds_every_model(
    superuser_client: Client, sample_rows: None, model: Any
) -> None:
    opts = model._meta
    changelist = superuser_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    assert changelist.status_code == 200
    add = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (
        200 if admin.site._registry[model].has_add_permission(add.wsgi_request) else 403
    )


def test_the_admin_shows_a_record_history(superuser_client: Client) -> None:
    record = InspectionFactory()
    url = reverse("admin:enterprises_inspectionrecord_history", args=[record.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200


def test_the_admin_issues_a_token_once_and_stores_only_its_digest(
    superuser_client: Client,
) -> None:
    dep = DepartmentFactory(code="aq-health")
    response = superuser_client.post(
        reverse("admin:accounts_apitoken_add"),
        {"department": dep.pk, "name": "feed"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m.group(0) for s in shown if (m := re.search(r"cp_[\w-]+", s)))
    token = ApiToken.objects.get()
    assert raw not in (token.digest, token.prefix)
    assert token.prefix == raw[:10]
    assert AuditEntry.objects.filter(action="accounts.token.issued").count() == 1


def test_the_admin_revokes_tokens(superuser_client: Client) -> None:
    from accounts.services import api_token_issue

    token, _raw = api_token_issue(department=DepartmentFactory(), name="x", actor=None)
    superuser_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_staff_regulators_see_only_their_jurisdiction_in_the_admin() -> None:
    from django.contrib.auth.models import Permission

    user = User.objects.create_user(
        "staff",
        password="pw-for-tests-1",
        kind="regulator",
        role="clerk",
        jurisdiction="3408",
        is_staff=True,
    )
    user.user_permissions.add(Permission.objects.get(codename="view_enterprise"))
    inside = EnterpriseFactory(region_id="340802")
    outside = EnterpriseFactory(region_id="440305")
    client = Client()
    client.force_login(user)
    body = client.get(reverse("admin:enterprises_enterprise_changelist")).content.decode()
    assert inside.uscc in body
    assert outside.uscc not in body


def _firm_form(**override: str) -> dict[str, str]:
    return {
        "uscc": uscc_for(4711),
        "name": "安庆管理台登记有限公司",
        "former_names": "[]",
        "legal_representative": "李娜",
        "region": "340802",
        "address": "",
        "industry": "C",
        "product_risk": "II",
        "established_on": "",
        "status": "active",
        **override,
    }


def test_the_admin_registers_a_firm_through_the_service(superuser_client: Client) -> None:
    response = superuser_client.post(
        reverse("admin:enterprises_enterprise_add"), {**_firm_form(), "_continue": "1"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    firm = Enterprise.objects.get()
    assert NameBigram.objects.filter(enterprise=firm, term="登记").exists()  # searchable at once
    entry = AuditEntry.objects.get(action="credit_file.enterprise.registered")
    assert (entry.enterprise, entry.actor.username) == (firm, "root")
    assert response.url == reverse("admin:enterprises_enterprise_change", args=[firm.pk])
    assert firm.history.get().history_user.username == "root"


def test_the_admin_corrects_a_firm_through_the_service(superuser_client: Client) -> None:
    firm = EnterpriseFactory(name="旧名字公司", product_risk="I")
    url = reverse("admin:enterprises_enterprise_change", args=[firm.pk])
    form = _firm_form(
        uscc=firm.uscc, name="新名称公司", product_risk="I", legal_representative="王伟"
    )
    assert superuser_client.post(url, form).status_code == 302
    assert NameBigram.objects.filter(enterprise=firm, term="名称").exists()
    assert not NameBigram.objects.filter(enterprise=firm, term="旧名").exists()
    entry = AuditEntry.objects.get(action="credit_file.enterprise.updated")
    assert entry.data["changed"] == {"name": ["旧名字公司", "新名称公司"]}
    assert not GradeRecomputeRequest.objects.exists()  # a name does not change the grade


def test_a_bad_code_in_the_admin_writes_nothing(superuser_client: Client) -> None:
    response = superuser_client.post(
        reverse("admin:enterprises_enterprise_add"), _firm_form(uscc="91110000600037341N")
    )
    assert response.status_code == 200
    assert "uscc" in response.context["adminform"].form.errors
    assert not Enterprise.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_admin_never_deletes_a_credit_file(superuser_client: Client) -> None:
    firm = EnterpriseFactory()
    url = reverse("admin:enterprises_enterprise_delete", args=[firm.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert Enterprise.objects.filter(pk=firm.pk).exists()


@pytest.mark.parametrize(
    "name",
    [
        "inspectionrecord",
        "penaltyrecord",
        "licencerecord",
        "honourrecord",
        "complaint",
        "integritycommitment",
        "qualityreport",
    ],
)
def test_credit_file_records_are_read_only_in_the_admin(
    superuser_client: Client, sample_rows: None, name: str
) -> None:
    changelist = superuser_client.get(reverse(f"admin:enterprises_{name}_changelist"))
    note = str(changelist.context["subtitle"])
    assert note.startswith("只读。")  # said on the page, in the regulator's language
    assert note in changelist.content.decode()
    assert superuser_client.get(reverse(f"admin:enterprises_{name}_add")).status_code == 403


def test_editing_a_record_in_the_admin_is_refused(superuser_client: Client) -> None:
    record = InspectionFactory(result="pass")
    url = reverse("admin:enterprises_inspectionrecord_change", args=[record.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200  # shown read-only, with its history
    assert str(page.context["subtitle"]) in page.content.decode()
    response = superuser_client.post(url, {"result": "fail", "enterprise": record.enterprise_id})
    assert response.status_code == 403
    record.refresh_from_db()
    assert (record.result, record.history.count()) == ("pass", 1)
    assert not GradeRecomputeRequest.objects.exists()
    delete = reverse("admin:enterprises_inspectionrecord_delete", args=[record.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403


@pytest.fixture
def staff_clerk() -> Client:
    from django.contrib.auth.models import Permission

    dep = DepartmentFactory(code="aq-yj", jurisdiction="340802")
    user = User.objects.create_user(
        "clerk-staff",
        password="pw-for-tests-1",
        kind="regulator",
        role="clerk",
        jurisdiction="340802",
        is_staff=True,
        department=dep,
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "view_enterprise",
                "view_inspectionrecord",
                "add_inspectionrecord",
                "change_inspectionrecord",
                "view_auditentry",
                "view_user",
            ]
        )
    )
    client = Client()
    client.force_login(user)
    return client


def test_staff_cannot_read_the_history_of_files_outside_their_jurisdiction(
    staff_clerk: Client,
) -> None:
    outside = InspectionFactory(enterprise=EnterpriseFactory(region_id="440305"))
    inside = InspectionFactory(enterprise=EnterpriseFactory(region_id="340802"))
    history = "admin:enterprises_inspectionrecord_history"
    assert staff_clerk.get(reverse(history, args=[outside.pk])).status_code == 404
    assert staff_clerk.get(reverse(history, args=[inside.pk])).status_code == 200


def test_staff_cannot_add_records_in_the_admin_whatever_their_permissions(
    staff_clerk: Client,
) -> None:
    from enterprises.models import InspectionRecord

    inside = EnterpriseFactory(region_id="340802")
    response = staff_clerk.post(
        reverse("admin:enterprises_inspectionrecord_add"),
        {
            "enterprise": inside.pk,
            "source_ref": "X",
            "kind": "sampling",
            "product": "p",
            "inspected_on": "2026-01-01",
            "level": "county",
            "result": "fail",
            "defect_severity": "serious",
        },
    )
    assert response.status_code == 403  # records come by API or import (the console's page)
    assert not InspectionRecord.objects.exists()


def test_staff_cannot_register_firms_outside_their_jurisdiction() -> None:
    from django.contrib.auth.models import Permission

    user = User.objects.create_user(
        "registrar",
        password="pw-for-tests-1",
        kind="regulator",
        role="clerk",
        jurisdiction="3408",
        is_staff=True,
    )
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_enterprise", "add_enterprise"])
    )
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("admin:enterprises_enterprise_add"),
        _firm_form(uscc=uscc_for(5, "440305"), region="440305"),
    )
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["core_auditentry", "accounts_user", "accounts_apitoken", "blacklist_restrictionquery"],
)
def test_cross_jurisdiction_admin_pages_are_for_superusers(staff_clerk: Client, name: str) -> None:
    assert staff_clerk.get(reverse(f"admin:{name}_changelist")).status_code == 403


def test_reference_data_is_read_only_for_staff_given_every_permission_on_it() -> None:
    from django.contrib.auth.models import Permission

    user = User.objects.create_user(
        "staff-regions",
        password="pw-for-tests-1",
        kind="regulator",
        role="admin",
        jurisdiction="34",
        is_staff=True,
    )
    user.user_permissions.add(*Permission.objects.filter(content_type__model="region"))
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:enterprises_region_changelist")).status_code == 200
    change = reverse("admin:enterprises_region_change", args=["340802"])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # shown, not editable
    posted = client.post(change, {"code": "340802", "name": "改名", "level": "county"})
    assert posted.status_code == 403
    assert client.get(reverse("admin:enterprises_region_add")).status_code == 403
    assert Region.objects.get(code="340802").name != "改名"


def test_a_superuser_may_correct_reference_data(superuser_client: Client) -> None:
    change = reverse("admin:enterprises_region_change", args=["340802"])
    assert 'name="name"' in superuser_client.get(change).content.decode()
