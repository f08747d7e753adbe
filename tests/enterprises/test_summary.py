from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from enterprises.dates import years_before
from enterprises.models import CreditFileSummary
from enterprises.services.summary import credit_file_summary_refresh
from tests.factories import EnterpriseFactory, InspectionFactory, PenaltyFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: Any) -> None:
    monkeypatch.setattr("enterprises.services.summary.timezone.localdate", lambda: TODAY)


def test_the_three_year_window_includes_its_first_day_only() -> None:
    firm = EnterpriseFactory()
    InspectionFactory(
        enterprise=firm,
        inspected_on=dt.date(2023, 11, 26),
        result="fail",
        defect_severity="serious",
    )  # exactly 3 years ago: counts
    InspectionFactory(
        enterprise=firm,
        inspected_on=dt.date(2023, 11, 25),
        result="fail",
        defect_severity="general",
    )  # 3 years and 1 day ago: does not count
    credit_file_summary_refresh(enterprise_ids=[firm.pk])
    summary = CreditFileSummary.objects.get(enterprise=firm)
    assert (summary.inspections_3y, summary.failed_inspections_3y, summary.serious_failures_3y) == (
        1,
        1,
        1,
    )


def test_warnings_and_revoked_decisions_are_not_counted_as_penalties() -> None:
    firm = EnterpriseFactory()
    PenaltyFactory(enterprise=firm, kind="warning", amount=None)
    PenaltyFactory(enterprise=firm, revoked=True, revoked_on=dt.date(2026, 3, 1))
    PenaltyFactory(enterprise=firm, decided_on=dt.date(2026, 5, 1))
    credit_file_summary_refresh(enterprise_ids=[firm.pk])
    summary = CreditFileSummary.objects.get(enterprise=firm)
    assert summary.penalties_3y == 1
    assert summary.last_record_on == dt.date(2026, 5, 1)


def test_it_is_idempotent_and_zeroes_a_file_whose_records_aged_out() -> None:
    firm = EnterpriseFactory()
    quiet = EnterpriseFactory()
    record = InspectionFactory(enterprise=firm, inspected_on=dt.date(2026, 1, 1))
    assert credit_file_summary_refresh(enterprise_ids=None) == 2
    assert credit_file_summary_refresh(enterprise_ids=None) == 2
    assert CreditFileSummary.objects.count() == 2
    assert CreditFileSummary.objects.get(enterprise=quiet).inspections_3y == 0
    record.inspected_on = dt.date(2020, 1, 1)
    record.save()
    credit_file_summary_refresh(enterprise_ids=[firm.pk])
    assert CreditFileSummary.objects.get(enterprise=firm).inspections_3y == 0


def test_unknown_ids_are_ignored() -> None:
    assert credit_file_summary_refresh(enterprise_ids=[999_999]) == 0


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2026, 11, 26), dt.date(2023, 11, 26)), (dt.date(2028, 2, 29), dt.date(2025, 2, 28))],
)
def test_years_before_handles_leap_days(day: dt.date, expected: dt.date) -> None:
    assert years_before(day, 3) == expected
