"""The red list as grading writes it (DOMAIN.md section 5): AA firms and quality-award winners,
with no negative record in the window (abnormal and ended blacklist listings included) and a
current commitment; an override never puts a firm on it; a famous brand counts only where the
policy says so."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pytest
from django.utils import timezone

from core.dates import window_start
from enterprises.models import Enterprise, HonourRecord, IntegrityCommitment, QualityReport
from lists.models import AbnormalListing, BlacklistEntry
from ratings.models import EnterpriseGrade
from ratings.policy import rules_from
from ratings.services.overrides import grade_override_create
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    LicenceFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)
SINCE = window_start(TODAY, years=3)  # the red-list window's first day, by default


def good_firm(*, honour: str | None = "quality_award", report: bool = True) -> Enterprise:
    """A licensed manufacturer with a recent passed sampling and a current commitment; with a
    recent report and an honour it meets every AA condition."""
    firm = EnterpriseFactory()
    LicenceFactory(enterprise=firm)
    sampling = InspectionFactory(enterprise=firm, inspected_on=TODAY - 20 * DAY)
    IntegrityCommitment.objects.create(
        enterprise=firm,
        text_version="1",
        signatory="王伟",
        signed_at=timezone.now(),
        valid_until=TODAY + 300 * DAY,
    )
    if report:
        QualityReport.objects.create(
            enterprise=firm, year=TODAY.year - 1, status="published", published_on=TODAY - 60 * DAY
        )
    if honour:
        HonourRecord.objects.create(
            enterprise=firm,
            source_department=sampling.source_department,
            source_ref=f"H-{firm.pk}",
            kind=honour,
            title="安庆市政府质量奖",
            level="municipal",
            awarded_on=TODAY - 90 * DAY,
        )
    return firm


def graded(firm: Enterprise) -> tuple[str, str, bool]:
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    g = EnterpriseGrade.objects.get(enterprise=firm)
    return g.grade, g.computed_grade, g.red_list


def abnormal(firm: Enterprise, *, listed_on: dt.date, removed_on: dt.date | None) -> None:
    AbnormalListing.objects.create(
        enterprise=firm,
        department=DepartmentFactory(),
        ground="no_annual_report",
        listed_on=listed_on,
        removed_on=removed_on,
        created_by=RegulatorFactory(),
    )


def test_an_aa_firm_is_on_the_red_list() -> None:
    assert graded(good_firm()) == ("AA", "AA", True)


def test_an_aa_firm_on_the_abnormal_list_is_not() -> None:
    firm = good_firm()
    abnormal(firm, listed_on=TODAY - 10 * DAY, removed_on=None)
    assert graded(firm) == ("AA", "AA", False)


@pytest.mark.parametrize(
    ("removed_on", "red"),
    [(SINCE - DAY, True), (SINCE, False), (SINCE + DAY, False)],
    ids=["removed-the-day-before-the-window", "removed-on-its-first-day", "the-day-after"],
)
def test_an_abnormal_listing_ended_within_the_window_keeps_the_firm_off(
    removed_on: dt.date, red: bool
) -> None:
    firm = good_firm()
    abnormal(firm, listed_on=SINCE - 200 * DAY, removed_on=removed_on)
    assert graded(firm) == ("AA", "AA", red)


@pytest.mark.parametrize(
    ("reason", "red"), [("expired", False), ("repaired", False), ("basis_revoked", True)]
)
def test_a_blacklisting_ended_within_the_window_keeps_the_firm_off_unless_void(
    reason: str, red: bool
) -> None:
    firm = good_firm()
    BlacklistEntry.objects.create(
        enterprise=firm,
        department=DepartmentFactory(),
        status="removed",
        grounds="g",
        legal_basis="b",
        listed_on=SINCE - 300 * DAY,
        ends_on=SINCE + 30 * DAY,
        removed_on=SINCE + 30 * DAY,
        removal_reason=reason,
        created_by=RegulatorFactory(),
    )
    assert graded(firm) == ("AA", "AA", red)


def test_an_award_winner_graded_a_is_on_it_and_one_without_the_award_is_not() -> None:
    assert graded(good_firm(report=False)) == ("A", "A", True)
    assert graded(good_firm(honour=None, report=False)) == ("A", "A", False)


def test_a_famous_brand_is_an_honour_for_the_red_list_only_where_the_policy_says_so() -> None:
    firm = good_firm(honour="famous_brand", report=False)
    assert graded(firm) == ("A", "A", False)
    v1 = grading_policy_active()
    rules = asdict(rules_from(v1.rules)) | {"red_list_famous_brand": True}
    grading_policy_publish(rules=rules, matrix=v1.matrix, note="名牌计入红榜", actor=None)
    assert graded(firm) == ("A", "A", True)


def test_an_override_to_aa_never_puts_a_firm_on_the_red_list() -> None:
    firm = good_firm(honour=None, report=False)  # computed A, no award
    grader = RegulatorFactory(role="grader")
    grade_override_create(
        actor=grader,
        enterprise=firm,
        grade="AA",
        reason="省级质量标杆企业，临时调整",
        expires_on=TODAY + 30 * DAY,
    )
    g = EnterpriseGrade.objects.get(enterprise=firm)
    assert (g.grade, g.computed_grade, g.red_list) == ("AA", "A", False)


def test_an_override_down_takes_a_firm_off_at_once() -> None:
    firm = good_firm()
    assert graded(firm) == ("AA", "AA", True)
    grade_override_create(
        actor=RegulatorFactory(role="grader"),
        enterprise=firm,
        grade="B",
        reason="现场检查发现质量管理缺陷",
        expires_on=TODAY + 30 * DAY,
    )
    g = EnterpriseGrade.objects.get(enterprise=firm)
    assert (g.grade, g.computed_grade, g.red_list) == ("B", "AA", False)
