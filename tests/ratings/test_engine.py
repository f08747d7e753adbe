"""Each default rule of DOMAIN.md section 4 at its boundary dates; no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lists.rules import RULES as LIST_RULES
from ratings.engine import (
    Complaint,
    Honour,
    Inspection,
    Licence,
    Outcome,
    Penalty,
    Signals,
    grade_compute,
)
from ratings.policy import PolicyRules
from ratings.red_list import on_red_list

TODAY = dt.date(2026, 11, 26)
RULES = PolicyRules()
LOW_FINE = Decimal(LIST_RULES.publicity_low_fine_threshold)  # the list policy's, by default
THREE_YEARS_AGO = dt.date(2023, 11, 26)  # the first day inside the 3-year window
TWO_YEARS_AGO = dt.date(2024, 11, 26)
DAY = dt.timedelta(days=1)


def passed(on: dt.date = TODAY - 30 * DAY, i: int = 0) -> Inspection:
    return Inspection(on=on, failed=False, serious=False, id=i)


def failed(on: dt.date, serious: bool = False, i: int = 0) -> Inspection:
    return Inspection(on=on, failed=True, serious=serious, id=i)


def penalty(
    on: dt.date,
    kind: str = "fine",
    amount: str | None = "100000",
    *,
    aggravated: bool = False,
    procedure: str = "ordinary",
    revoked: bool = False,
) -> Penalty:
    return Penalty(
        on=on,
        kind=kind,
        aggravated=aggravated,
        amount=Decimal(amount) if amount else None,
        procedure=procedure,
        revoked=revoked,
    )


def aa_signals(**changes: object) -> Signals:
    """A firm that meets every AA condition; tests take one condition away."""
    base = Signals(
        inspections=[passed()],
        honours=[Honour(kind="quality_award", current=True)],
        commitment_current=True,
        last_report_on=TODAY - 100 * DAY,
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def grade(signals: Signals, rules: PolicyRules = RULES, today: dt.date = TODAY) -> str:
    return grade_compute(signals, rules, today, low_fine_threshold=LOW_FINE).grade


def red(outcome: Outcome) -> bool:
    return on_red_list(
        grade=outcome.grade,
        computed_grade=outcome.grade,
        honour=outcome.red_honour,
        clean=outcome.red_clean,
    )


def effects(signals: Signals) -> dict[str, str]:
    return {
        f["code"]: f["effect"]
        for f in grade_compute(signals, RULES, TODAY, low_fine_threshold=LOW_FINE).factors
    }


def test_a_firm_with_no_records_is_b() -> None:
    outcome = grade_compute(Signals(), RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert outcome.grade == "B"
    assert [f["code"] for f in outcome.factors if f["effect"] == "blocks_A"] == [
        "passed_samplings_a"
    ]


def test_every_factor_is_recorded_with_value_and_effect() -> None:
    outcome = grade_compute(aa_signals(), RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert outcome.grade == "AA"
    assert len(outcome.factors) == 19
    assert all(set(f) == {"code", "value", "effect"} for f in outcome.factors)
    assert all(f["effect"] == "ok" for f in outcome.factors)


# C: 2 or more failed samplings within 3 years.
@pytest.mark.parametrize(
    ("second_failure", "expected"),
    [(THREE_YEARS_AGO, "C"), (THREE_YEARS_AGO - DAY, "B"), (THREE_YEARS_AGO + DAY, "C")],
)
def test_two_failures_within_three_years_make_c(second_failure: dt.date, expected: str) -> None:
    signals = Signals(
        inspections=[
            failed(TODAY - 10 * DAY, i=2),
            failed(second_failure, i=1),
            passed(TODAY - 200 * DAY, i=3),
        ]
    )
    # one failure in 2 years blocks A in any case, so the other grade is B
    assert grade(signals) == expected


# C: one seriously failed sampling within 3 years (a failure 3 years and 1 day ago no longer
# counts).
@pytest.mark.parametrize(
    ("on", "expected"),
    [(THREE_YEARS_AGO + DAY, "C"), (THREE_YEARS_AGO, "C"), (THREE_YEARS_AGO - DAY, "A")],
)
def test_one_serious_failure_within_three_years_makes_c(on: dt.date, expected: str) -> None:
    signals = Signals(inspections=[failed(on, serious=True), passed()])
    assert grade(signals) == expected


def test_a_single_general_failure_only_blocks_a() -> None:
    signals = Signals(inspections=[failed(TODAY - 400 * DAY), passed()])
    assert grade(signals) == "B"
    assert effects(signals)["failed_samplings_a"] == "blocks_A"


def test_two_consecutive_failures_make_c_when_the_count_rule_is_looser() -> None:
    loose = PolicyRules(c_failed_samplings=3)
    in_a_row = Signals(
        inspections=[
            failed(TODAY - 90 * DAY, i=1),
            failed(TODAY - 60 * DAY, i=2),
            passed(TODAY - 30 * DAY, i=3),
        ]
    )
    apart = Signals(
        inspections=[
            failed(TODAY - 90 * DAY, i=1),
            passed(TODAY - 60 * DAY, i=2),
            failed(TODAY - 30 * DAY, i=3),
        ]
    )
    assert grade(in_a_row, loose) == "C"
    assert grade(apart, loose) == "B"


def test_same_day_samplings_are_ordered_by_id() -> None:
    loose = PolicyRules(c_failed_samplings=3)
    day = TODAY - 10 * DAY
    split = Signals(inspections=[failed(day, i=1), passed(day, i=2), failed(day, i=3)])
    assert grade(split, loose) == "B"


@pytest.mark.parametrize(
    "kind",
    [
        "licence_revoked",
        "qualification_lowered",
        "suspension",
        "closure",
        "restriction",
        "practice_ban",
    ],
)
def test_a_heavier_penalty_within_three_years_makes_c(kind: str) -> None:
    assert (
        grade(Signals(inspections=[passed()], penalties=[penalty(THREE_YEARS_AGO, kind, None)]))
        == "C"
    )
    assert (
        grade(
            Signals(inspections=[passed()], penalties=[penalty(THREE_YEARS_AGO - DAY, kind, None)])
        )
        == "A"
    )


@pytest.mark.parametrize(("kind", "expected"), [("licence_suspended", "B"), ("confiscation", "B")])
def test_lighter_penalties_are_not_heavier(kind: str, expected: str) -> None:
    signals = Signals(inspections=[passed()], penalties=[penalty(TODAY - 10 * DAY, kind, "100")])
    assert grade(signals) == expected


def test_an_aggravated_warning_is_not_a_heavier_penalty() -> None:
    signals = Signals(
        inspections=[passed()],
        penalties=[penalty(TODAY - 10 * DAY, "warning", None, aggravated=True)],
    )
    assert grade(signals) == "A"


def test_an_aggravated_fine_is_heavier() -> None:
    signals = Signals(
        inspections=[passed()],
        penalties=[penalty(TODAY - 10 * DAY, "fine", "3000", aggravated=True)],
    )
    assert grade(signals) == "C"
    assert effects(signals)["heavy_penalties_c"] == "C"


def test_a_revoked_decision_counts_for_nothing() -> None:
    signals = aa_signals(penalties=[penalty(TODAY - 10 * DAY, "closure", None, revoked=True)])
    assert grade(signals) == "AA"


# A: at least one passed sampling and no failed one in 2 years.
@pytest.mark.parametrize(
    ("on", "expected"), [(TWO_YEARS_AGO, "A"), (TWO_YEARS_AGO - DAY, "B"), (TODAY, "A")]
)
def test_a_needs_a_passed_sampling_within_two_years(on: dt.date, expected: str) -> None:
    assert grade(Signals(inspections=[passed(on)])) == expected


@pytest.mark.parametrize(
    ("penalties", "expected"),
    [
        ([penalty(TODAY - 5 * DAY, "warning", None)], "A"),
        ([penalty(TODAY - 5 * DAY, "fine", "50000")], "A"),  # low fine: at the threshold
        ([penalty(TODAY - 5 * DAY, "fine", "50000.01")], "B"),
        ([penalty(TODAY - 5 * DAY, "confiscation", "1000")], "B"),
        ([penalty(TODAY - 5 * DAY, "criticism", None)], "B"),
        ([penalty(TODAY - 5 * DAY, "fine", "80000", procedure="simplified")], "A"),  # not published
        ([penalty(TWO_YEARS_AGO, "fine", "80000")], "B"),
        ([penalty(TWO_YEARS_AGO - DAY, "fine", "80000")], "A"),
    ],
)
def test_published_penalties_block_a_except_warnings_and_low_fines(
    penalties: list[Penalty], expected: str
) -> None:
    assert grade(Signals(inspections=[passed()], penalties=penalties)) == expected


@pytest.mark.parametrize(
    ("licences", "expected"),
    [
        ([], "A"),
        ([Licence(valid=True)], "A"),
        ([Licence(valid=False)], "B"),
        ([Licence(valid=False), Licence(valid=True)], "A"),
    ],
)
def test_a_licence_must_be_valid_where_one_is_held(licences: list[Licence], expected: str) -> None:
    assert grade(Signals(inspections=[passed()], licences=licences)) == expected


@pytest.mark.parametrize(("upheld", "expected"), [(2, "A"), (3, "B")])
def test_an_upheld_complaint_cluster_blocks_a(upheld: int, expected: str) -> None:
    complaints = [Complaint(on=TODAY - 20 * DAY, upheld=True) for _ in range(upheld)]
    complaints.append(Complaint(on=TODAY - 20 * DAY, upheld=False))
    assert grade(Signals(inspections=[passed()], complaints=complaints)) == expected


def test_old_upheld_complaints_fall_out_of_the_two_year_window() -> None:
    complaints = [Complaint(on=TWO_YEARS_AGO - DAY, upheld=True) for _ in range(5)]
    assert grade(Signals(inspections=[passed()], complaints=complaints)) == "A"


# AA: all of A, zero failures and no penalty in 3 years, a commitment, a report, an honour or
# A held for 2 years.
@pytest.mark.parametrize(
    ("change", "blocker"),
    [
        ({"commitment_current": False}, "commitment_current"),
        ({"last_report_on": None}, "report_published"),
        ({"last_report_on": TODAY - 549 * DAY}, "report_published"),
        ({"honours": [Honour(kind="quality_award", current=False)]}, "honour_or_a_held"),
        ({"honours": [Honour(kind="benchmark", current=True)]}, "honour_or_a_held"),
        ({"inspections": [passed(), failed(THREE_YEARS_AGO)]}, "failed_samplings_aa"),
        ({"penalties": [penalty(THREE_YEARS_AGO, "warning", None)]}, "penalties_aa"),
    ],
)
def test_each_aa_condition_is_needed(change: dict[str, object], blocker: str) -> None:
    signals = aa_signals(**change)
    assert grade(signals) == "A"
    assert effects(signals)[blocker] == "blocks_AA"


def test_aa_conditions_at_their_edges() -> None:
    assert grade(aa_signals(last_report_on=TODAY - 548 * DAY)) == "AA"
    assert grade(aa_signals(inspections=[passed(), failed(THREE_YEARS_AGO - DAY)])) == "AA"
    assert grade(aa_signals(penalties=[penalty(THREE_YEARS_AGO - DAY, "fine")])) == "AA"


@pytest.mark.parametrize(
    ("since", "expected"),
    # Held 2 years once a_held_since is no longer within 2 years (from TWO_YEARS_AGO + 2 years
    # + 1 day): on the anniversary itself the second year has not ended.
    [(TWO_YEARS_AGO - DAY, "AA"), (TWO_YEARS_AGO, "A"), (None, "A")],
)
def test_grade_a_held_two_years_replaces_an_honour(since: dt.date | None, expected: str) -> None:
    assert grade(aa_signals(honours=[], a_held_since=since)) == expected


def test_a_famous_brand_counts_like_a_quality_award() -> None:
    assert grade(aa_signals(honours=[Honour(kind="famous_brand", current=True)])) == "AA"


def test_c_beats_everything_else() -> None:
    signals = aa_signals(inspections=[passed(), failed(TODAY - DAY, serious=True)])
    outcome = grade_compute(signals, RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert outcome.grade == "C"


def test_the_blacklist_makes_c() -> None:
    assert grade(aa_signals(on_blacklist=True)) == "C"


def test_leap_day_windows() -> None:
    leap = dt.date(2028, 2, 29)
    # 28 Feb 2025 + 3 years is 28 Feb 2028, outside on 29 Feb 2028 (Civil Code arts. 200-204);
    # the first date still within 3 years is 1 Mar 2025.
    on_edge = Signals(inspections=[failed(dt.date(2025, 3, 1), serious=True), passed(leap)])
    before = Signals(inspections=[failed(dt.date(2025, 2, 28), serious=True), passed(leap)])
    assert grade(on_edge, today=leap) == "C"
    assert grade(before, today=leap) == "A"


def test_aa_firms_are_on_the_red_list() -> None:
    outcome = grade_compute(aa_signals(), RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert red(outcome)


def test_an_honoured_clean_a_firm_is_on_the_red_list_and_leaves_when_it_falls() -> None:
    honoured = aa_signals(last_report_on=None)  # grade A: no report, but award and commitment
    outcome = grade_compute(honoured, RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert (
        outcome.grade,
        red(outcome),
    ) == ("A", True)
    fallen = aa_signals(last_report_on=None, penalties=[penalty(TODAY - 5 * DAY, "fine", "100000")])
    outcome = grade_compute(fallen, RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert (
        outcome.grade,
        red(outcome),
    ) == ("B", False)
    unhonoured = aa_signals(last_report_on=None, honours=[], a_held_since=TWO_YEARS_AGO)
    outcome = grade_compute(unhonoured, RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert red(outcome) is False
    no_commitment = aa_signals(commitment_current=False)
    outcome = grade_compute(no_commitment, RULES, TODAY, low_fine_threshold=LOW_FINE)
    assert red(outcome) is False
