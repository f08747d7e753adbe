"""One reading of "within N years / months" (core.dates; Civil Code arts. 200–204, DOMAIN.md
"Counting periods"), driven through every consumer at the day before, of and after the
anniversary, and at a 29 February: a record dated D is within 3 years through D + 3 years.

Each consumer answers "is the record dated D still inside its window on `today`?" in its own
terms (a C grade, a suggestion, a public row, a restriction, a blocked repair) and must say
exactly what `within` says, so on no day is a firm C for a penalty the public no longer sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from core.dates import period_end, period_over_from, window_start, within
from dueprocess.models import RepairApplication
from dueprocess.repair import repair_problems
from enterprises.models import PenaltyRecord, QualityAccidentRecord, UnlicensedProductionRecord
from lists.abnormal_escalation import abnormal_escalations_due
from lists.models import AbnormalListing, BlacklistEntry
from lists.restrictions import restriction_check_enterprise
from lists.rules import RULES as LIST_RULES
from lists.rules import entry_in_force, listing_ends_on, repair_possible_from
from lists.suggestions import blacklist_suggestions
from publicity.rules import RULES as PUBLICITY
from publicity.rules import early_stop_allowed, penalty_public, publicity_end
from ratings import engine
from ratings.bulk_sql import grades_recompute_range
from ratings.models import EnterpriseGrade
from ratings.policy import PolicyRules
from ratings.services.policy import grading_policy_active
from ratings.services.recompute import enterprise_grade_recompute
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    LicenceFactory,
    PenaltyFactory,
    RegulatorFactory,
)

DAY = dt.timedelta(days=1)
GRADING = PolicyRules()
LEAP_TODAY = dt.date(2028, 2, 29)


def days(record: dt.date, *, years: int = 0, months: int = 0) -> list[tuple[dt.date, dt.date]]:
    """(record, today) pairs: the day before, of and after the anniversary of `record`, and a
    29 February `today` against the first date still within and the day before it."""
    end = period_end(record, years=years, months=months)
    first = window_start(LEAP_TODAY, years=years, months=months)
    return [
        (record, end - DAY),
        (record, end),
        (record, end + DAY),
        (first - DAY, LEAP_TODAY),
        (first, LEAP_TODAY),
    ]


# An ordinary date and 29 February (29 Feb 2024 + 3 years = 28 Feb 2027).
RECORDS = [dt.date(2023, 11, 26), dt.date(2024, 2, 29)]


def test_the_helpers_agree_on_every_day() -> None:
    """within, window_start, period_end and period_over_from are one reading."""
    for record in [*RECORDS, dt.date(2025, 11, 30), dt.date(2026, 1, 31)]:
        for period in ({"years": 3}, {"years": 1}, {"months": 3}, {"months": 6}, {"months": 1}):
            end = period_end(record, **period)
            assert within(record, today=record, **period)
            assert within(record, today=end, **period)
            assert not within(record, today=end + DAY, **period)
            assert period_over_from(record, **period) == end + DAY
            for today in (end - DAY, end, end + DAY, LEAP_TODAY):
                start = window_start(today, **period)
                assert within(start, today=today, **period)
                assert not within(start - DAY, today=today, **period)


def test_the_civil_code_examples() -> None:
    assert period_end(dt.date(2024, 2, 29), years=3) == dt.date(2027, 2, 28)
    assert period_end(dt.date(2025, 11, 30), months=3) == dt.date(2026, 2, 28)
    # On 29 Feb 2028 a record of 28 Feb 2025 ended yesterday (28 Feb 2028); 1 Mar 2025 is in.
    assert window_start(LEAP_TODAY, years=3) == dt.date(2025, 3, 1)
    assert not within(dt.date(2025, 2, 28), today=LEAP_TODAY, years=3)


# --- the consumers: each returns True when it treats the record as inside its window --------


def _graded_c_pure(record: dt.date, today: dt.date) -> bool:
    """ratings.engine: a heavier penalty within c_window_years makes C."""
    signals = engine.Signals(
        inspections=[engine.Inspection(on=today, failed=False, serious=False)],
        penalties=[
            engine.Penalty(
                on=record,
                kind="licence_revoked",
                aggravated=False,
                amount=None,
                procedure="ordinary",
                revoked=False,
            )
        ],
    )
    outcome = engine.grade_compute(signals, GRADING, today, low_fine_threshold=Decimal("50000"))
    return outcome.grade == "C"


def _heavy_penalty(record: dt.date) -> PenaltyRecord:
    firm = EnterpriseFactory(region_id="340802")
    InspectionFactory(enterprise=firm, inspected_on=record, result="pass")
    return PenaltyFactory(enterprise=firm, kind="licence_revoked", amount=None, decided_on=record)


def _graded_c_db(record: dt.date, today: dt.date) -> bool:
    """ratings.services.recompute (ratings.inputs loads the window, the engine grades)."""
    firm = _heavy_penalty(record).enterprise
    enterprise_grade_recompute(enterprise_ids=[firm.pk], today=today)
    return EnterpriseGrade.objects.get(enterprise=firm).computed_grade == "C"


def _graded_c_sql(record: dt.date, today: dt.date) -> bool:
    """ratings.bulk_sql: the cut-off dates are window_start, passed as parameters."""
    firm = _heavy_penalty(record).enterprise
    grades_recompute_range(lo=firm.pk, hi=firm.pk, policy=grading_policy_active(), today=today)
    return EnterpriseGrade.objects.get(enterprise=firm).computed_grade == "C"


def _suggested(record: dt.date, today: dt.date) -> bool:
    """lists.suggestions: a heavier penalty within 3 years is suggested for the blacklist."""
    firm = _heavy_penalty(record).enterprise
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408")
    return firm.pk in {s.enterprise.pk for s in blacklist_suggestions(user=officer, today=today)}


def _profile_penalty(record: dt.date, today: dt.date) -> bool:
    """publicity.rules (Python and query forms) and the public profile's penalty list."""
    from disclosure.profiles import public_profile

    penalty = _heavy_penalty(record)
    shown = [p.pk for p in public_profile(enterprise=penalty.enterprise, today=today).penalties]
    python = penalty_public(penalty, today=today)
    assert (penalty.pk in shown) is python
    assert python is (today < publicity_end(penalty, PUBLICITY))  # type: ignore[operator]
    return python


def _profile_inspection(record: dt.date, today: dt.date) -> bool:
    """disclosure.profiles: inspections of the last 36 months."""
    from disclosure.profiles import public_profile

    firm = EnterpriseFactory(region_id="340802")
    inspection = InspectionFactory(enterprise=firm, inspected_on=record)
    shown = public_profile(enterprise=firm, today=today).inspections
    return inspection.pk in [i.pk for i in shown]


def _listing(listed_on: dt.date) -> BlacklistEntry:
    firm = EnterpriseFactory(region_id="340802")
    dept = DepartmentFactory(jurisdiction="3408")
    return BlacklistEntry.objects.create(
        enterprise=firm,
        department=dept,
        status="listed",
        grounds="g",
        legal_basis="总局令第44号",
        listed_on=listed_on,
        ends_on=listing_ends_on(listed_on),
        created_by=RegulatorFactory(role="list_officer", department=dept),
    )


def _blacklisted(record: dt.date, today: dt.date, time_machine: Any) -> bool:
    """lists.rules.entry_in_force (and its query) through the public blacklist and the
    restriction answer, for an entry listed on `record` for the policy's 3 years."""
    from disclosure.lists import public_blacklist

    entry = _listing(record)
    time_machine.move_to(noon(today), tick=False)
    public = public_blacklist().filter(pk=entry.pk).exists()
    reply = restriction_check_enterprise(
        department=entry.department, uscc=entry.enterprise.uscc, action="procurement"
    )
    assert reply.status == 200
    assert public is reply.body["restricted"] is entry_in_force(entry, today=today)
    return public


def _repair_blocked(record: dt.date, today: dt.date, time_machine: Any) -> bool:
    """dueprocess.repair and lists.entries: no credit repair while within repair_min_years."""
    entry = _listing(record)
    time_machine.move_to(noon(today), tick=False)
    application = RepairApplication(
        enterprise=entry.enterprise,
        target="blacklist",
        entry=entry,
        obligations_met=True,
        harm_remedied=True,
        commitment_signed=True,
        statement="s",
    )
    with translation.override("en"):
        problems = [str(p) for p in repair_problems(application)]
    blocked = any("Repair is possible after" in p for p in problems)
    assert blocked is (today < repair_possible_from(record))
    return blocked


def _early_stop_blocked(record: dt.date, today: dt.date) -> bool:
    """publicity.rules.early_stop_allowed: not while within the early-stop months."""
    penalty = PenaltyRecord(decided_on=record, kind="fine", amount=Decimal("80000"))
    return not early_stop_allowed(penalty, on=today)


def _short_publicity(record: dt.date, today: dt.date) -> bool:
    """publicity.rules: a low fine is public within 3 months (Python and query forms)."""
    from publicity.rules import public_penalties

    penalty = PenaltyFactory(decided_on=record, kind="fine", amount=Decimal("50000"))
    python = penalty_public(penalty, today=today)
    assert public_penalties(today=today).filter(pk=penalty.pk).exists() is python
    return python


def _abnormal_not_due(record: dt.date, today: dt.date) -> bool:
    """lists.abnormal: escalation only once 3 years on the list are over."""
    firm = EnterpriseFactory(region_id="340802")
    listing = AbnormalListing.objects.create(
        enterprise=firm,
        department=DepartmentFactory(jurisdiction="3408"),
        ground="unreachable",
        listed_on=record,
        escalation_warned_on=record,
        created_by=RegulatorFactory(role="list_officer"),
    )
    return not abnormal_escalations_due(today=today).filter(pk=listing.pk).exists()


def _trigger(make: Callable[[Any, dt.date], object]) -> Callable[[dt.date, dt.date], bool]:
    """A C trigger sent as a record dated `record`: graded C by ratings.inputs and the engine,
    and on PostgreSQL by the set-based SQL too, which must say the same."""

    def graded_c(record: dt.date, today: dt.date) -> bool:
        firm = EnterpriseFactory(region_id="340802")
        InspectionFactory(enterprise=firm, inspected_on=record, result="pass")
        make(firm, record)
        enterprise_grade_recompute(enterprise_ids=[firm.pk], today=today)
        python = EnterpriseGrade.objects.get(enterprise=firm).computed_grade == "C"
        if connection.vendor == "postgresql":
            EnterpriseGrade.objects.filter(enterprise=firm).delete()
            policy = grading_policy_active()
            grades_recompute_range(lo=firm.pk, hi=firm.pk, policy=policy, today=today)
            assert (EnterpriseGrade.objects.get(enterprise=firm).computed_grade == "C") is python
        return python

    return graded_c


def _revoked(firm: Any, on: dt.date) -> None:
    LicenceFactory(enterprise=firm, issued_on=on - 400 * DAY, status="revoked", revoked_on=on)


def _unlicensed(firm: Any, on: dt.date) -> None:
    UnlicensedProductionRecord.objects.create(
        enterprise=firm,
        source_department=DepartmentFactory(),
        source_ref=f"U-{firm.pk}",
        found_on=on,
        product="桶装饮用水",
    )


def _accident(firm: Any, on: dt.date) -> None:
    QualityAccidentRecord.objects.create(
        enterprise=firm,
        source_department=DepartmentFactory(),
        source_ref=f"A-{firm.pk}",
        occurred_on=on,
        severity="general",
        summary="起火",
    )


def _red_list_kept_off(record: dt.date, today: dt.date) -> bool:
    """ratings.red_list: an abnormal listing removed on `record` keeps an AA firm off the red
    list while within the red-list window."""
    signals = engine.Signals(
        inspections=[engine.Inspection(on=today, failed=False, serious=False)],
        honours=[engine.Honour(kind="quality_award", current=True)],
        commitment_current=True,
        last_report_on=today,
        abnormal=[engine.AbnormalListing(listed_on=record - 400 * DAY, removed_on=record)],
    )
    outcome = engine.grade_compute(signals, GRADING, today, low_fine_threshold=Decimal("50000"))
    assert outcome.grade == "AA"
    return not outcome.red_clean


Consumer = Callable[..., bool]
THREE_YEARS: dict[str, Consumer] = {
    "grade, licence revoked": _trigger(_revoked),
    "grade, unlicensed production": _trigger(_unlicensed),
    "grade, quality accident": _trigger(_accident),
    "red list, abnormal listing": _red_list_kept_off,
    "grade, pure": _graded_c_pure,
    "grade, recompute": _graded_c_db,
    "blacklist suggestion": _suggested,
    "profile penalties": _profile_penalty,
    "profile inspections": _profile_inspection,
    "abnormal escalation": _abnormal_not_due,
}
NEEDS_CLOCK: dict[str, Consumer] = {
    "public blacklist and restriction": _blacklisted,
}
CASES = [pair for r in RECORDS for pair in days(r, years=3)]


@pytest.mark.django_db
@pytest.mark.parametrize(("record", "today"), CASES)
def test_every_three_year_window_agrees_with_within(
    record: dt.date, today: dt.date, time_machine: Any
) -> None:
    expected = within(record, today=today, years=3)
    answers = {name: consumer(record, today) for name, consumer in THREE_YEARS.items()}
    answers |= {name: c(record, today, time_machine) for name, c in NEEDS_CLOCK.items()}
    if connection.vendor == "postgresql":
        answers["grade, set-based SQL"] = _graded_c_sql(record, today)
    assert answers == dict.fromkeys(answers, expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("record", "today"), [pair for r in RECORDS for pair in days(r, years=1)]
)
def test_the_repair_minimum_agrees_with_within(
    record: dt.date, today: dt.date, time_machine: Any
) -> None:
    assert LIST_RULES.repair_min_years == 1
    blocked = _repair_blocked(record, today, time_machine)
    assert blocked is within(record, today=today, years=1)


@pytest.mark.parametrize(
    ("record", "today"),
    [pair for r in [*RECORDS, dt.date(2025, 8, 31)] for pair in days(r, months=6)],
)
def test_the_early_stop_minimum_agrees_with_within(record: dt.date, today: dt.date) -> None:
    assert _early_stop_blocked(record, today) is within(record, today=today, months=6)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("record", "today"),
    [pair for r in [*RECORDS, dt.date(2025, 11, 30)] for pair in days(r, months=3)],
)
def test_the_short_publicity_window_agrees_with_within(record: dt.date, today: dt.date) -> None:
    assert _short_publicity(record, today) is within(record, today=today, months=3)


def test_the_grade_and_the_public_see_the_same_penalty_on_the_anniversary() -> None:
    """The finding: graded C on the day the penalty left the public profile. No longer."""
    record = dt.date(2023, 11, 26)
    for today in (dt.date(2026, 11, 25), dt.date(2026, 11, 26), dt.date(2026, 11, 27)):
        penalty = PenaltyRecord(
            decided_on=record, kind="licence_revoked", procedure="ordinary", revoked=False
        )
        assert _graded_c_pure(record, today) is penalty_public(penalty, today=today)
