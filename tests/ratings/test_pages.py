"""Grade pages: explanation, history, overrides by role, distribution, and the policy admin."""

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
from ratings.models import EnterpriseGrade, GradeOverride, GradingPolicy
from ratings.policy import rules_from
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import enterprise_grade_recompute, grades_recompute_all
from tests.conftest import ROLES
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


def override_post(client: Client, firm: Any, **data: Any) -> Any:
    payload = {
        "grade": "B",
        "reason": "复检合格，整改到位，临时调整。",
        "expires_on": (TODAY + dt.timedelta(days=30)).isoformat(),
        **data,
    }
    return client.post(reverse("ratings:override_create", args=[firm.uscc]), payload)


def test_the_file_page_explains_the_grade_in_plain_words(client_as: Any, graded: Any) -> None:
    body = (
        client_as("grader")
        .get(reverse("enterprises:file_detail", args=[graded.uscc]))
        .content.decode()
    )
    assert 'class="grade-badge"' in body
    assert "加严监管" in body
    assert "近 3 年内有 1 次抽查严重不合格" in body
    assert "约谈" in body


def test_the_english_page_explains_it_too(client_as: Any, graded: Any) -> None:
    client = client_as("grader")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("enterprises:file_detail", args=[graded.uscc])).content.decode()
    assert "1 seriously failed sampling in the last 3 years (C from 1)." in body
    assert "makes the grade C" in body


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
    page = client.get(reverse("enterprises:file_detail", args=[graded.uscc])).content.decode()
    assert "复检合格" in page
    override = GradeOverride.objects.get()
    response = client.post(
        reverse("ratings:override_revoke", args=[graded.uscc, override.pk]),
        {"reason": "复查发现新的不合格情况。"},
    )
    assert response.status_code == 302
    assert EnterpriseGrade.objects.get(enterprise=graded).grade == "C"
    assert AuditEntry.objects.filter(action="ratings.grade.override_revoked").count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_distribution_counts_the_jurisdiction_by_region(client_as: Any, role: str) -> None:
    for region in ("340802", "340802", "340803", "440305"):
        firm = EnterpriseFactory(region_id=region)
        InspectionFactory(enterprise=firm, inspected_on=TODAY - dt.timedelta(days=10))
    grades_recompute_all()
    EnterpriseFactory(region_id="340803")  # not graded yet
    response = client_as(role, jurisdiction="3408").get(reverse("ratings:distribution"))
    rows = {r.code: r for r in response.context["rows"]}
    assert set(rows) == {"340802", "340803"}
    assert rows["340802"].counts["A"] == 2
    assert (rows["340803"].counts["A"], rows["340803"].not_graded) == (1, 1)
    assert "迎江区" in response.content.decode()


def test_the_distribution_is_for_regulators(client_as: Any) -> None:
    assert client_as("enterprise").get(reverse("ratings:distribution")).status_code == 403


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
    import json

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


def test_the_sampling_ratio_reads_as_a_percentage(client_as: Any, graded: Any) -> None:
    body = (
        client_as("grader")
        .get(reverse("enterprises:file_detail", args=[graded.uscc]))
        .content.decode()
    )
    assert "随机抽查比例 20%" in body
