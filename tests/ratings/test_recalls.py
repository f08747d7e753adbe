"""An ordered defect recall (责令召回) keeps the grade at B or below for the policy's years: sent
through the intake API and drained, at the day before, of and after the window's end; and the
rule's Python, query and SQL forms agree on the same rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from core.dates import period_end, window_start
from enterprises.models import Enterprise, RecallRecord
from ratings.models import EnterpriseGrade
from ratings.policy import PolicyRules, rules_from
from ratings.recalls import (
    ordered_recall_blocks_through,
    ordered_recall_counts,
    ordered_recall_q,
    ordered_recall_sql,
)
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import grades_drain
from tests.clock import noon
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

RECALLED = dt.date(2024, 3, 15)
DAY = dt.timedelta(days=1)
LAST_DAY_IN = period_end(RECALLED, years=PolicyRules().a_ordered_recall_years)  # 2026-03-15


@pytest.fixture
def maker(db: Any) -> Enterprise:
    # Information services: no production licence needed, so only the recall stands between
    # the firm and A.
    return EnterpriseFactory(industry="I")


def recall(uscc: str, *, mode: str = "ordered") -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "RC-1",
        "gtins": ["6901234567892"],
        "batches": ["20240301"],
        "recalled_on": RECALLED.isoformat(),
        "reason": "电池过热风险",
        "mode": mode,
    }


def passed_sampling(uscc: str, on: dt.date) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "INS-1",
        "product": "充电器",
        "gtin": "6901234567892",
        "inspected_on": on.isoformat(),
        "level": "provincial",
        "result": "pass",
    }


def factor(firm: Enterprise, code: str) -> dict[str, Any]:
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    return next(f for f in grade.factors if f["code"] == code)


@pytest.mark.parametrize(
    ("today", "expected"),
    [(LAST_DAY_IN - DAY, "B"), (LAST_DAY_IN, "B"), (LAST_DAY_IN + DAY, "A")],
    ids=["day-before-the-end", "last-day-in", "day-after"],
)
def test_an_ordered_recall_keeps_the_grade_at_b_within_its_window(
    api: APIClient, maker: Enterprise, time_machine: Any, today: dt.date, expected: str
) -> None:
    time_machine.move_to(noon(today), tick=False)
    ok = api.post(
        reverse("intake-inspections"), passed_sampling(maker.uscc, today - 30 * DAY), format="json"
    )
    assert ok.status_code == 201, ok.json()
    response = api.post(reverse("intake-recalls"), recall(maker.uscc), format="json")
    assert response.status_code == 201, response.json()
    grades_drain()
    assert EnterpriseGrade.objects.get(enterprise=maker).grade == expected
    blocked = expected == "B"
    assert factor(maker, "ordered_recalls_a") == {
        "code": "ordered_recalls_a",
        "value": 1 if blocked else 0,
        "effect": "blocks_A" if blocked else "ok",
    }


def test_a_voluntary_recall_does_not_block_a(
    api: APIClient, maker: Enterprise, time_machine: Any
) -> None:
    time_machine.move_to(noon(LAST_DAY_IN - DAY), tick=False)
    api.post(
        reverse("intake-inspections"),
        passed_sampling(maker.uscc, LAST_DAY_IN - 30 * DAY),
        format="json",
    )
    item = recall(maker.uscc, mode="voluntary")
    assert api.post(reverse("intake-recalls"), item, format="json").status_code == 201
    grades_drain()
    assert EnterpriseGrade.objects.get(enterprise=maker).grade == "A"
    assert factor(maker, "ordered_recalls_a")["effect"] == "ok"


@pytest.mark.parametrize(("years", "expected"), [(1, "A"), (3, "B")])
def test_the_window_is_the_policys(
    api: APIClient, maker: Enterprise, time_machine: Any, years: int, expected: str
) -> None:
    """A year and a half after the recall: outside a 1-year window, inside a 3-year one."""
    today = RECALLED + dt.timedelta(days=548)
    time_machine.move_to(noon(today), tick=False)
    v1 = grading_policy_active()
    rules = asdict(rules_from(v1.rules)) | {"a_ordered_recall_years": years}
    grading_policy_publish(rules=rules, matrix=v1.matrix, note="召回窗口", actor=None)
    api.post(
        reverse("intake-inspections"), passed_sampling(maker.uscc, today - 30 * DAY), format="json"
    )
    assert api.post(reverse("intake-recalls"), recall(maker.uscc), format="json").status_code == 201
    grades_drain()
    assert EnterpriseGrade.objects.get(enterprise=maker).grade == expected


def test_the_default_policy_blocks_a_for_two_years() -> None:
    assert PolicyRules().a_ordered_recall_years == 2
    assert rules_from(grading_policy_active().rules).a_ordered_recall_years == 2


@pytest.mark.parametrize("offset", [-1, 0, 1])
@pytest.mark.parametrize("mode", ["ordered", "voluntary"])
def test_the_python_query_and_sql_forms_agree(offset: int, mode: str) -> None:
    today = dt.date(2026, 3, 15)
    since = window_start(today, years=2)
    firm = EnterpriseFactory()
    row = RecallRecord.objects.create(
        enterprise=firm,
        source_department=DepartmentFactory(),
        source_ref="R",
        recalled_on=since + dt.timedelta(days=offset),
        mode=mode,
        reason="r",
        product="p",
    )
    python = ordered_recall_counts(mode=row.mode, recalled_on=row.recalled_on, since=since)
    query = RecallRecord.objects.filter(ordered_recall_q(since=since), pk=row.pk).exists()
    with connection.cursor() as cursor:
        sql = ordered_recall_sql("r").replace("%(recall_since)s", "%s")
        cursor.execute(
            f"SELECT {sql} FROM enterprises_recallrecord r WHERE r.id = %s",  # noqa: S608 (the rule's constant text)
            [since, row.pk],
        )
        (from_sql,) = cursor.fetchone()
    assert python is query is bool(from_sql)
    assert python is (mode == "ordered" and offset >= 0)


@pytest.mark.parametrize("today", [LAST_DAY_IN - DAY, LAST_DAY_IN, LAST_DAY_IN + DAY])
@pytest.mark.parametrize("mode", ["ordered", "voluntary"])
def test_the_last_day_blocked_is_the_reading_of_the_window(today: dt.date, mode: str) -> None:
    """The console's "keeps the grade at B or below through" date and grading's window say the
    same on the day before, of and after its end."""
    years = PolicyRules().a_ordered_recall_years
    through = ordered_recall_blocks_through(mode=mode, recalled_on=RECALLED, years=years)
    counts = ordered_recall_counts(
        mode=mode, recalled_on=RECALLED, since=window_start(today, years=years)
    )
    assert counts is (through is not None and today <= through)
    assert through == (LAST_DAY_IN if mode == "ordered" else None)
