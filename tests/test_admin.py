from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, RegulatorRole, User
from core.models import AuditEntry
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    PenaltyFactory,
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


def test_editing_a_record_in_the_admin_queues_a_regrade(superuser_client: Client) -> None:
    from enterprises.models import GradeRecomputeRequest

    record = InspectionFactory()
    url = reverse("admin:enterprises_inspectionrecord_change", args=[record.pk])
    form = superuser_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        result="fail",
        defect_severity="serious",
        enterprise=record.enterprise_id,
        source_department=record.source_department_id,
        inspected_on="2026-01-10",
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    request = GradeRecomputeRequest.objects.get()
    assert request.enterprise_id == record.enterprise_id
    assert request.trigger == {
        "kind": "inspectionrecord",
        "channel": "admin",
        "record_id": record.pk,
    }
    record.refresh_from_db()
    assert record.history.count() == 2


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


def test_staff_cannot_attach_records_to_firms_outside_their_jurisdiction(
    staff_clerk: Client,
) -> None:
    from enterprises.models import InspectionRecord

    outside = EnterpriseFactory(region_id="440305")
    response = staff_clerk.post(
        reverse("admin:enterprises_inspectionrecord_add"),
        {
            "enterprise": outside.pk,
            "source_department": "",
            "source_ref": "X",
            "kind": "sampling",
            "product": "p",
            "inspected_on": "2026-01-01",
            "level": "county",
            "result": "fail",
            "defect_severity": "serious",
        },
    )
    assert response.status_code == 200
    assert "enterprise" in response.context["adminform"].form.errors
    assert not InspectionRecord.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["core_auditentry", "accounts_user", "accounts_apitoken", "blacklist_restrictionquery"],
)
def test_cross_jurisdiction_admin_pages_are_for_superusers(staff_clerk: Client, name: str) -> None:
    assert staff_clerk.get(reverse(f"admin:{name}_changelist")).status_code == 403
