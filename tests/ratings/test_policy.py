"""Grading policies: versions published (never edited) in the admin, and the recompute command."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import AuditEntry
from ratings.models import EnterpriseGrade, GradingPolicy
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import EnterpriseFactory, InspectionFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def graded(firm: Any) -> Any:
    InspectionFactory(
        enterprise=firm,
        inspected_on=TODAY - dt.timedelta(days=3),
        result="fail",
        defect_severity="serious",
    )
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    return firm


def test_publishing_a_policy_adds_a_version_and_keeps_the_old(make_user: Any) -> None:
    v1 = grading_policy_active()
    admin = make_user("admin", jurisdiction="34")
    rules = dict(v1.rules, c_failed_samplings=3)
    v2 = grading_policy_publish(rules=rules, matrix=v1.matrix, note="省局2027年细则", actor=admin)
    v1.refresh_from_db()
    assert (v1.version, v1.is_active, v1.rules["c_failed_samplings"]) == (1, False, 2)
    assert (v2.version, v2.is_active, v2.rules["c_failed_samplings"]) == (2, True, 3)
    assert AuditEntry.objects.filter(action="ratings.policy.published").count() == 1


@pytest.mark.parametrize("role", ["clerk", "grader", "list_officer", "approver"])
def test_only_admins_publish_policies(make_user: Any, role: str) -> None:
    v1 = grading_policy_active()
    with pytest.raises(ValidationError):
        grading_policy_publish(rules=v1.rules, matrix=v1.matrix, note="x", actor=make_user(role))
    assert GradingPolicy.objects.count() == 1


@pytest.mark.parametrize(
    ("rules", "matrix", "note"),
    [
        ({"c_failed_samplings": -1}, None, "bad"),
        ({"unknown_rule": 1}, None, "bad"),
        ({}, {"AA": {}}, "bad"),
        ({}, None, "  "),
    ],
)
def test_bad_policies_are_refused(
    make_user: Any, rules: dict[str, Any], matrix: Any, note: str
) -> None:
    v1 = grading_policy_active()
    with pytest.raises(ValidationError):
        grading_policy_publish(
            rules=dict(v1.rules, **rules),
            matrix=matrix or v1.matrix,
            note=note,
            actor=make_user("admin", jurisdiction="34"),
        )
    assert GradingPolicy.objects.count() == 1


def test_the_admin_creates_a_new_version_and_never_edits_one(make_user: Any) -> None:
    import json

    admin_user = make_user("admin", jurisdiction="34")
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin_user)
    v1 = grading_policy_active()
    response = client.post(
        reverse("admin:ratings_gradingpolicy_add"),
        {
            "rules": json.dumps(dict(v1.rules, a_low_fine_threshold=100_000)),
            "matrix": json.dumps(v1.matrix),
            "note": "湖北标准：企业10万元",
        },
    )
    assert response.status_code == 302
    assert grading_policy_active().version == 2
    change = client.post(
        reverse("admin:ratings_gradingpolicy_change", args=[v1.pk]),
        {"rules": "{}", "matrix": "{}", "note": "edit"},
    )
    assert change.status_code == 403
    v1.refresh_from_db()
    assert v1.note == "DOMAIN.md defaults"


def test_the_command_recomputes_one_firm_or_all(graded: Any, capsys: Any) -> None:
    EnterpriseGrade.objects.all().delete()
    call_command("recompute_grades", "--uscc", graded.uscc.lower())
    assert "C" in capsys.readouterr().out
    EnterpriseFactory()
    call_command("recompute_grades", "--all")
    assert "2 firms graded" in capsys.readouterr().out
    assert EnterpriseGrade.objects.count() == 2
    with pytest.raises(CommandError, match="18"):  # the 18th character, in either language
        call_command("recompute_grades", "--uscc", "91110000600037341N")


def test_a_county_administrator_cannot_replace_the_policy(make_user: Any) -> None:
    v1 = grading_policy_active()
    with pytest.raises(ValidationError):
        grading_policy_publish(
            rules=v1.rules,
            matrix=v1.matrix,
            note="县局自定",
            actor=make_user("admin", jurisdiction="340802"),
        )
    assert GradingPolicy.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"c_aggravated_fine_is_heavy": "false"},
        {"aa_honour_kinds": "quality_award"},
        {"a_min_passed_samplings": True},
        {"c_heavy_penalty_kinds": ["flogging"]},
    ],
)
def test_rules_of_the_wrong_type_are_refused(make_user: Any, change: dict[str, Any]) -> None:
    v1 = grading_policy_active()
    with pytest.raises(ValidationError):
        grading_policy_publish(
            rules=dict(v1.rules, **change),
            matrix=v1.matrix,
            note="x",
            actor=make_user("admin", jurisdiction="34"),
        )
