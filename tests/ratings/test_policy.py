"""Grading policies: versions published (never edited) in the admin, and the recompute command."""

from __future__ import annotations

import datetime as dt
import json
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
from ratings.policy import rules_from
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
    admin_user = make_user("admin", jurisdiction="34")
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin_user)
    v1 = grading_policy_active()
    response = client.post(
        reverse("admin:ratings_gradingpolicy_add"),
        {
            "rules": json.dumps(dict(v1.rules, a_complaint_cluster=4)),
            "matrix": json.dumps(v1.matrix),
            "note": "投诉聚集以4件计",
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


def test_a_stored_version_with_the_retired_low_fine_threshold_still_loads() -> None:
    """Version 1 of a database migrated before the threshold moved to the list policy."""
    v1 = grading_policy_active()
    GradingPolicy.objects.filter(pk=v1.pk).update(
        rules=dict(v1.rules, a_low_fine_threshold=100_000)
    )
    v1.refresh_from_db()
    assert rules_from(v1.rules) == rules_from(
        {k: v for k, v in v1.rules.items() if k != "a_low_fine_threshold"}
    )
    with pytest.raises(ValueError, match="unknown_rule"):
        rules_from(dict(v1.rules, unknown_rule=1))


def test_a_new_version_may_not_set_the_retired_low_fine_threshold(make_user: Any) -> None:
    v1 = grading_policy_active()
    with pytest.raises(ValidationError, match="publicity_low_fine_threshold"):
        grading_policy_publish(
            rules=dict(v1.rules, a_low_fine_threshold=100_000),
            matrix=v1.matrix,
            note="湖北标准：企业10万元",
            actor=make_user("admin", jurisdiction="34"),
        )
    assert GradingPolicy.objects.count() == 1


def test_the_admin_form_starts_from_the_active_rules_without_retired_ones(
    make_user: Any,
) -> None:
    v1 = grading_policy_active()
    GradingPolicy.objects.filter(pk=v1.pk).update(
        rules=dict(v1.rules, a_low_fine_threshold=100_000)
    )
    admin_user = make_user("admin", jurisdiction="34")
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("admin:ratings_gradingpolicy_add"))
    assert page.status_code == 200
    assert "a_low_fine_threshold" not in page.content.decode()
    refused = client.post(
        reverse("admin:ratings_gradingpolicy_add"),
        {
            "rules": json.dumps(dict(v1.rules, a_low_fine_threshold=100_000)),
            "matrix": json.dumps(v1.matrix),
            "note": "x",
        },
    )
    assert refused.status_code == 200  # the form again, with the problem
    assert "publicity_low_fine_threshold" in refused.content.decode()
    assert GradingPolicy.objects.count() == 1
