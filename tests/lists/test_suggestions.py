from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from lists.models import BlacklistEntry
from lists.policy import list_policy_publish
from lists.suggestions import blacklist_suggestions
from tests.factories import (
    EnterpriseFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
EDGE = dt.date(2023, 11, 26)


@pytest.fixture(autouse=True)
def _in_chinese() -> Any:
    """Reasons are written in the language in force; earlier tests may leave English active."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def officer() -> Any:
    return RegulatorFactory(role="list_officer", jurisdiction="3408")


def suggested(officer: Any) -> dict[int, list[str]]:
    return {s.enterprise.pk: s.reasons for s in blacklist_suggestions(user=officer, today=TODAY)}


@pytest.mark.parametrize(
    ("kind", "aggravated", "on", "expected"),
    [
        ("closure", False, EDGE, True),
        ("closure", False, EDGE - dt.timedelta(days=1), False),
        ("fine", True, TODAY, True),
        ("fine", False, TODAY, False),
        ("licence_suspended", False, TODAY, False),
        ("licence_revoked", False, TODAY, True),
    ],
)
def test_heavier_penalties_within_three_years_are_suggested(
    officer: Any, kind: str, aggravated: bool, on: dt.date, expected: bool
) -> None:
    firm = EnterpriseFactory(region_id="340802")
    PenaltyFactory(enterprise=firm, kind=kind, aggravated=aggravated, decided_on=on)
    assert (firm.pk in suggested(officer)) is expected


def _serious(
    firm: Any, on: dt.date, level: str = "national", result: str = "fail", severity: str = "serious"
) -> None:
    InspectionFactory(
        enterprise=firm,
        inspected_on=on,
        level=level,
        result=result,
        defect_severity=severity if result == "fail" else "",
    )


def test_two_serious_national_or_provincial_failures_are_suggested(officer: Any) -> None:
    two = EnterpriseFactory(region_id="340802")
    _serious(two, dt.date(2025, 1, 1))
    _serious(two, dt.date(2026, 1, 1), level="provincial")
    municipal = EnterpriseFactory(region_id="340802")
    _serious(municipal, dt.date(2025, 1, 1), level="municipal")
    _serious(municipal, dt.date(2026, 1, 1), level="municipal")
    apart = EnterpriseFactory(region_id="340802")
    _serious(apart, dt.date(2025, 1, 1), level="municipal")
    _serious(apart, dt.date(2025, 6, 1), level="county", result="pass")
    _serious(apart, dt.date(2026, 1, 1), level="municipal")
    result = suggested(officer)
    assert two.pk in result
    assert result[municipal.pk] == ["连续 2 次监督抽查严重不合格"]
    assert apart.pk not in result  # two municipal failures, not in a row


def test_listed_or_proposed_firms_and_other_jurisdictions_are_not_suggested(
    officer: Any,
) -> None:
    listed = EnterpriseFactory(region_id="340802")
    PenaltyFactory(enterprise=listed, kind="closure", decided_on=TODAY)
    BlacklistEntry.objects.create(
        enterprise=listed,
        department=listed.penaltyrecords.get().source_department,
        status="proposed",
        grounds="g",
        legal_basis="b",
        created_by=officer,
    )
    elsewhere = EnterpriseFactory(region_id="440305")
    PenaltyFactory(enterprise=elsewhere, kind="closure", decided_on=TODAY)
    assert suggested(officer) == {}


def test_the_count_and_the_window_are_the_list_policy_s(officer: Any) -> None:
    firm = EnterpriseFactory(region_id="340802")
    _serious(firm, dt.date(2022, 6, 1))  # outside 3 years, inside 5
    _serious(firm, dt.date(2026, 1, 1), level="provincial")
    assert firm.pk not in suggested(officer)
    list_policy_publish(rules={"suggestion_window_years": 5}, note="省局：五年", actor=None)
    assert suggested(officer)[firm.pk] == [
        "5 年内国家或省级监督抽查严重不合格 2 次",
        "连续 2 次监督抽查严重不合格",  # the two are also consecutive
    ]
    list_policy_publish(
        rules={"suggestion_window_years": 5, "suggestion_serious_failures": 3},
        note="省局：三次",
        actor=None,
    )
    assert suggested(officer)[firm.pk] == ["连续 2 次监督抽查严重不合格"]
