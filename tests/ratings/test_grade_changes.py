"""A GradeChange is written whenever a grade's letter, red-list membership or supervision mode
moves, by the per-firm path and by the set-based SQL alike, and never by an unchanged regrade;
the Python and SQL forms of what a change announces agree."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone, translation

from enterprises.models import Enterprise, HonourRecord, IntegrityCommitment
from ratings.bulk_sql import grades_recompute_range
from ratings.grade_changes import (
    letter_changed,
    letter_changed_sql,
    public_changed,
    public_changed_sql,
    red_list_changed,
    red_list_changed_sql,
    supervision_changed,
    supervision_changed_sql,
)
from ratings.models import EnterpriseGrade, GradeChange
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import EnterpriseFactory, InspectionFactory, LicenceFactory
from tests.sql import ids_where

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based path runs on PostgreSQL"
)


def _per_firm(firm: Enterprise) -> int:
    return enterprise_grade_recompute(enterprise_ids=[firm.pk], today=TODAY)


def _set_based(firm: Enterprise) -> int:
    policy = grading_policy_active()
    return grades_recompute_range(lo=firm.pk, hi=firm.pk, policy=policy, today=TODAY)


PATHS = [
    pytest.param(_per_firm, id="per-firm"),
    pytest.param(_set_based, id="set-based", marks=on_postgresql),
]


def a_firm() -> Enterprise:
    """An A firm: a passed sampling, nothing negative, no commitment or report for AA."""
    firm = EnterpriseFactory()
    InspectionFactory(enterprise=firm, inspected_on=TODAY - dt.timedelta(days=20))
    LicenceFactory(enterprise=firm)  # a manufacturer needs a valid licence to be A
    return firm


def honour_and_commit(firm: Enterprise) -> None:
    """What puts an A firm on the red list without making it AA (no published report)."""
    HonourRecord.objects.create(
        enterprise=firm,
        source_department=firm.inspectionrecords.get().source_department,
        source_ref=f"H-{firm.pk}",
        kind="quality_award",
        title="安庆市政府质量奖",
        level="municipal",
        awarded_on=TODAY - dt.timedelta(days=90),
    )
    IntegrityCommitment.objects.create(
        enterprise=firm,
        text_version="1",
        signatory="王伟",
        signed_at=timezone.now(),
        valid_until=TODAY + dt.timedelta(days=300),
    )


def facts(change: GradeChange) -> tuple[Any, ...]:
    return (
        change.old_grade,
        change.new_grade,
        change.old_red_list,
        change.new_red_list,
        change.old_supervision_mode,
        change.new_supervision_mode,
    )


@pytest.mark.parametrize("regrade", PATHS)
def test_an_a_firm_joining_the_red_list_is_a_change(regrade: Callable[[Enterprise], int]) -> None:
    firm = a_firm()
    assert regrade(firm) == 1
    first = GradeChange.objects.get(enterprise=firm)
    assert facts(first) == ("", "A", None, False, "", "responsibility")
    honour_and_commit(firm)
    assert regrade(firm) == 1
    joined = GradeChange.objects.filter(enterprise=firm).exclude(pk=first.pk).get()
    assert facts(joined) == ("A", "A", False, True, "responsibility", "responsibility")
    assert (joined.letter_changed, joined.red_list_changed, joined.supervision_changed) == (
        False,
        True,
        False,
    )
    assert EnterpriseGrade.objects.get(enterprise=firm).red_list is True


@pytest.mark.parametrize("regrade", PATHS)
def test_a_supervision_mode_change_is_a_change(regrade: Callable[[Enterprise], int]) -> None:
    firm = a_firm()
    regrade(firm)
    matrix = copy.deepcopy(grading_policy_active().matrix)
    matrix["A"][firm.product_risk]["mode"] = "routine"  # a province supervises A firms routinely
    policy = grading_policy_active()
    grading_policy_publish(
        rules=policy.rules, matrix=matrix, note="A 类常态监管", actor=None, recompute=False
    )
    assert regrade(firm) == 1
    change = GradeChange.objects.filter(enterprise=firm).first()
    assert change is not None
    assert facts(change) == ("A", "A", False, False, "responsibility", "routine")
    assert (change.letter_changed, change.red_list_changed, change.supervision_changed) == (
        False,
        False,
        True,
    )


@pytest.mark.parametrize("regrade", PATHS)
def test_an_unchanged_regrade_writes_no_change(regrade: Callable[[Enterprise], int]) -> None:
    firm = a_firm()
    honour_and_commit(firm)
    regrade(firm)
    before = list(GradeChange.objects.values_list("id", flat=True))
    assert regrade(firm) == 0
    assert regrade(firm) == 0
    assert list(GradeChange.objects.values_list("id", flat=True)) == before == before[:1]


@pytest.mark.parametrize("regrade", PATHS)
def test_a_letter_change_records_what_else_moved_with_it(
    regrade: Callable[[Enterprise], int],
) -> None:
    firm = a_firm()
    honour_and_commit(firm)
    regrade(firm)
    InspectionFactory(enterprise=firm, inspected_on=TODAY, result="fail", defect_severity="serious")
    assert regrade(firm) == 1
    fall = GradeChange.objects.filter(enterprise=firm).first()
    assert fall is not None
    assert facts(fall) == ("A", "C", True, False, "responsibility", "strict")
    with translation.override("en"):
        assert fall.summary() == (
            "A → C; left the red list; supervision: Responsibility supervision (责任监管) → "
            "Strict supervision (加严监管)"
        )


def test_the_history_shows_a_red_list_change_without_a_letter_change(
    client_as: Callable[..., Any],
) -> None:
    firm = a_firm()
    _per_firm(firm)
    honour_and_commit(firm)
    _per_firm(firm)
    client = client_as("grader")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/console/files/{firm.uscc}/").content.decode()
    assert "<td>joined the red list</td>" in page
    timeline = client.get(f"/console/firms/{firm.uscc}/timeline/").content.decode()
    assert "joined the red list" in timeline


# The Python and SQL forms of what a change announces, on every combination.


def _row(grade: str, red: bool, mode: str) -> Any:
    return type("Row", (), {"grade": grade, "red_list": red, "supervision_mode": mode})()


def test_public_changed_agrees_with_its_sql() -> None:
    values = list(itertools.product(["A", "AA"], [True, False], ["credit", "routine"]))
    expression = public_changed_sql(old="o", new="n")
    seen = set()
    for old, new in itertools.product([None, *values], values):
        columns = [
            "CAST(%s AS varchar(2)) AS grade",
            "CAST(%s AS boolean) AS red_list",
            "CAST(%s AS varchar(16)) AS supervision_mode",
        ]
        sql = (
            f"SELECT {expression} FROM (SELECT {', '.join(columns)}) n "  # noqa: S608
            f"LEFT JOIN (SELECT {', '.join(columns)}) o ON %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*new, *(old or (None, None, None)), old is not None])
            got = bool(cursor.fetchone()[0])
        expected = public_changed(_row(*old) if old else None, _row(*new))
        assert got == expected, (old, new)
        seen.add(expected)
    assert seen == {True, False}


def test_what_a_change_announces_agrees_with_the_feed_sql() -> None:
    firm = EnterpriseFactory()
    policy = grading_policy_active()
    rows = [
        GradeChange.objects.create(
            enterprise=firm,
            old_grade=og,
            new_grade=ng,
            old_red_list=orl,
            new_red_list=nrl,
            old_supervision_mode=om,
            new_supervision_mode=nm,
            policy=policy,
            changed_at=timezone.now(),
        )
        for og, ng in (("", "A"), ("A", "A"), ("A", "B"))
        for orl, nrl in ((None, False), (None, True), (False, True), (True, True), (True, False))
        for om, nm in (("", ""), ("", "routine"), ("routine", "routine"), ("routine", "strict"))
    ]
    for python, sql in (
        (letter_changed, letter_changed_sql),
        (red_list_changed, red_list_changed_sql),
        (supervision_changed, supervision_changed_sql),
    ):
        expected = {c.pk for c in rows if python(c)}
        assert ids_where("ratings_gradechange", "x", sql("x")) == expected
        assert 0 < len(expected) < len(rows)
