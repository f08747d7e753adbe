"""Grade pages: overrides by role, and the grade distribution of a jurisdiction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from ratings.models import EnterpriseGrade, GradeOverride
from ratings.services.recompute import grades_recompute_all
from tests.conftest import ROLES
from tests.factories import EnterpriseFactory, InspectionFactory, LicenceFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def override_post(client: Client, firm: Any, **data: Any) -> Any:
    payload = {
        "grade": "B",
        "reason": "复检合格，整改到位，临时调整。",
        "expires_on": (TODAY + dt.timedelta(days=30)).isoformat(),
        **data,
    }
    return client.post(reverse("console:override_create", args=[firm.uscc]), payload)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("grader", 302),
        ("admin", 302),
        ("clerk", 403),
        ("list_officer", 403),
        ("approver", 403),
        ("enterprise", 403),
    ],
)
def test_only_graders_and_admins_override(
    client_as: Any, graded: Any, role: str, status: int
) -> None:
    kw = {"enterprise": graded} if role == "enterprise" else {}
    response = override_post(client_as(role, **kw), graded)
    assert response.status_code == status
    assert GradeOverride.objects.exists() == (status == 302)
    grade = EnterpriseGrade.objects.get(enterprise=graded)
    assert grade.grade == ("B" if status == 302 else "C")


def test_anonymous_visitors_cannot_override(client: Client, graded: Any) -> None:
    response = override_post(client, graded)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not GradeOverride.objects.exists()


def test_an_override_outside_the_jurisdiction_is_not_found(client_as: Any, graded: Any) -> None:
    response = override_post(client_as("grader", jurisdiction="44"), graded)
    assert response.status_code == 404
    assert not GradeOverride.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "太短"}, "reason"),
        ({"grade": "AAA"}, "grade"),
        ({"expires_on": TODAY.isoformat()}, "expires_on"),
        ({"expires_on": (TODAY + dt.timedelta(days=400)).isoformat()}, "expires_on"),
        ({"expires_on": "next week"}, "expires_on"),
    ],
)
def test_a_bad_override_is_refused_and_nothing_changes(
    client_as: Any, graded: Any, data: dict[str, str], field: str
) -> None:
    response = override_post(client_as("grader"), graded, **data)
    assert response.status_code == 400
    assert response.context["override_form"].errors[field]
    assert not GradeOverride.objects.exists()
    assert not AuditEntry.objects.filter(action="ratings.grade.overridden").exists()


def test_an_override_is_audited_shown_and_can_end_early(client_as: Any, graded: Any) -> None:
    client = client_as("grader")
    assert override_post(client, graded).status_code == 302
    audit = AuditEntry.objects.get(action="ratings.grade.overridden")
    assert audit.enterprise == graded
    assert audit.data["reason"] == "复检合格，整改到位，临时调整。"
    page = client.get(reverse("console:file_detail", args=[graded.uscc])).content.decode()
    assert "复检合格" in page
    override = GradeOverride.objects.get()
    response = client.post(
        reverse("console:override_revoke", args=[graded.uscc, override.pk]),
        {"reason": "复查发现新的不合格情况。"},
    )
    assert response.status_code == 302
    assert EnterpriseGrade.objects.get(enterprise=graded).grade == "C"
    assert AuditEntry.objects.filter(action="ratings.grade.override_revoked").count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_distribution_counts_the_jurisdiction_by_region(client_as: Any, role: str) -> None:
    for region in ("340802", "340802", "340803", "440305"):
        firm = EnterpriseFactory(region_id=region)
        LicenceFactory(enterprise=firm)  # a manufacturer needs a valid licence to be A
        InspectionFactory(enterprise=firm, inspected_on=TODAY - dt.timedelta(days=10))
    grades_recompute_all()
    EnterpriseFactory(region_id="340803")  # not graded yet
    response = client_as(role, jurisdiction="3408").get(reverse("console:grade_distribution"))
    rows = {r.code: r for r in response.context["rows"]}
    assert set(rows) == {"340802", "340803"}
    assert rows["340802"].counts["A"] == 2
    assert (rows["340803"].counts["A"], rows["340803"].not_graded) == (1, 1)
    assert "迎江区" in response.content.decode()


def test_the_distribution_is_for_regulators(client_as: Any) -> None:
    assert client_as("enterprise").get(reverse("console:grade_distribution")).status_code == 403
