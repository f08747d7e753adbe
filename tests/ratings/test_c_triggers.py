"""The C triggers that arrive as records (a revoked licence, producing without a required licence,
a quality-safety accident), each sent through the intake API with a department token and
drained from the grading outbox, at the day before, of and after its window's end."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.dates import period_end
from enterprises.models import Enterprise, GradeRecomputeRequest
from ratings.models import EnterpriseGrade, GradeChange
from ratings.policy import rules_from
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import enterprise_grade_recompute, grades_drain
from tests.clock import noon

pytestmark = pytest.mark.django_db

EVENT = dt.date(2023, 3, 15)  # the day of the revocation, the finding, the accident
DAY = dt.timedelta(days=1)
LAST_DAY_IN = period_end(EVENT, years=3)  # 2026-03-15: within 3 years through this day


def licence(uscc: str, on: dt.date) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "LIC-1",
        "licence_no": "SC10634080200123",
        "title": "食品生产许可证",
        "issued_on": "2020-05-01",
        "status": "revoked",
        "revoked_on": on.isoformat(),
    }


def unlicensed(uscc: str, on: dt.date) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "UNL-1",
        "found_on": on.isoformat(),
        "product": "桶装饮用水",
        "licence_required": "食品生产许可证",
        "case_no": "安市监案〔2023〕7号",
    }


def accident(uscc: str, on: dt.date) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "ACC-1",
        "occurred_on": on.isoformat(),
        "product": "电动自行车蓄电池",
        "severity": "general",
        "summary": "蓄电池起火致一人受伤",
    }


# (URL name, item, factor code)
TRIGGERS = {
    "revoked licence": ("intake-licences", licence, "licence_revoked_c"),
    "unlicensed production": ("intake-unlicensed", unlicensed, "unlicensed_production_c"),
    "quality accident": ("intake-accidents", accident, "quality_accidents_c"),
}


def factor(firm: Enterprise, code: str) -> dict[str, Any]:
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    return next(f for f in grade.factors if f["code"] == code)


@pytest.mark.parametrize("trigger", list(TRIGGERS))
@pytest.mark.parametrize(
    ("today", "expected"),
    [(LAST_DAY_IN - DAY, "C"), (LAST_DAY_IN, "C"), (LAST_DAY_IN + DAY, "B")],
    ids=["day-before-the-end", "last-day-in", "day-after"],
)
def test_a_record_sent_by_a_department_grades_the_firm_c_within_its_window(
    api: APIClient, firm: Enterprise, time_machine: Any, trigger: str, today: dt.date, expected: str
) -> None:
    time_machine.move_to(noon(today), tick=False)
    url_name, item, code = TRIGGERS[trigger]
    response = api.post(reverse(url_name), item(firm.uscc, EVENT), format="json")
    assert response.status_code == 201, response.json()
    assert GradeRecomputeRequest.objects.filter(enterprise=firm).exists()
    assert grades_drain() == 1
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    assert grade.grade == expected
    assert factor(firm, code) == {
        "code": code,
        "value": 1 if expected == "C" else 0,
        "effect": "C" if expected == "C" else "ok",
    }
    change = GradeChange.objects.get(enterprise=firm)
    assert change.new_grade == expected
    assert (code in change.reason) is (expected == "C")
    assert change.trigger["source_ref"] == item(firm.uscc, EVENT)["source_ref"]
    if expected == "C":
        assert (grade.supervision_mode, grade.interview_due) == ("strict", True)


def test_a_cancelled_licence_is_no_c_trigger_unless_the_policy_lists_it(
    api: APIClient, firm: Enterprise, time_machine: Any
) -> None:
    time_machine.move_to(noon(dt.date(2026, 11, 26)), tick=False)
    cancelled = licence(firm.uscc, dt.date(2026, 6, 1)) | {"status": "cancelled"}
    assert api.post(reverse("intake-licences"), cancelled, format="json").status_code == 201
    grades_drain()
    assert factor(firm, "licence_revoked_c")["effect"] == "ok"
    v1 = grading_policy_active()
    rules = asdict(rules_from(v1.rules)) | {"c_licence_ended_statuses": ["revoked", "cancelled"]}
    grading_policy_publish(rules=rules, matrix=v1.matrix, note="注销也计", actor=None)
    enterprise_grade_recompute(enterprise_ids=[firm.pk])  # what publishing sends for all
    assert EnterpriseGrade.objects.get(enterprise=firm).grade == "C"


@pytest.mark.parametrize(
    ("kind", "years_field", "years", "expected"),
    [
        ("unlicensed production", "c_unlicensed_years", 1, "B"),
        ("unlicensed production", "c_unlicensed_years", 4, "C"),
        ("quality accident", "c_accident_years", 1, "B"),
        ("quality accident", "c_accident_years", 4, "C"),
    ],
)
def test_each_window_is_the_policys(
    api: APIClient,
    firm: Enterprise,
    time_machine: Any,
    kind: str,
    years_field: str,
    years: int,
    expected: str,
) -> None:
    """Two years after the event: outside a 1-year window, inside a 4-year one."""
    time_machine.move_to(noon(period_end(EVENT, years=2)), tick=False)
    v1 = grading_policy_active()
    rules = asdict(rules_from(v1.rules)) | {years_field: years}
    grading_policy_publish(rules=rules, matrix=v1.matrix, note="窗口", actor=None)
    url_name, item, _code = TRIGGERS[kind]
    assert api.post(reverse(url_name), item(firm.uscc, EVENT), format="json").status_code == 201
    grades_drain()
    assert EnterpriseGrade.objects.get(enterprise=firm).grade == expected
