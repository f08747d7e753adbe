"""The grade of one firm from its signals: a pure function, no database.

Each factor records its value and its effect; the grade follows from the effects alone:
any "C" -> C; else any "blocks_A" -> B; else any "blocks_AA" -> A; else AA.
The bulk SQL path (ratings/bulk_sql.py) must give the same factors and grade.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.dates import window_start, within
from enterprises.rules import penalty_live
from publicity.rules import low_fine, penalty_publishable
from ratings.policy import PolicyRules
from ratings.red_list import honoured_and_clean

C, BLOCKS_A, BLOCKS_AA, OK = "C", "blocks_A", "blocks_AA", "ok"


@dataclass(frozen=True)
class Inspection:
    on: dt.date
    failed: bool
    serious: bool
    id: int = 0  # ties on the same day are ordered by id, as in SQL


@dataclass(frozen=True)
class Penalty:
    on: dt.date
    kind: str
    aggravated: bool
    amount: Decimal | None
    procedure: str  # only the ordinary procedure (普通程序) is published
    revoked: bool
    withdrawn_on: dt.date | None = None  # withdrawn after an upheld objection


@dataclass(frozen=True)
class Licence:
    valid: bool  # status valid and not expired on the day of grading


@dataclass(frozen=True)
class Honour:
    kind: str
    current: bool  # not withdrawn and not expired


@dataclass(frozen=True)
class Complaint:
    on: dt.date
    upheld: bool


@dataclass
class Signals:
    inspections: list[Inspection] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    on_blacklist: bool = False
    commitment_current: bool = False
    last_report_on: dt.date | None = None
    a_held_since: dt.date | None = None  # start of the current unbroken run of A or AA


@dataclass(frozen=True)
class Outcome:
    grade: str
    factors: list[dict[str, Any]]
    # A quality-award or famous-brand holder with a current commitment and no negative record
    # in the AA window: on the red list with grade A as well as AA (DOMAIN.md section 5).
    honoured_and_clean: bool = False


def _factor(code: str, value: Any, effect: str) -> dict[str, Any]:
    return {"code": code, "value": value, "effect": effect}


def _consecutive_failures(inspections: list[Inspection], since: dt.date) -> int:
    """The longest run of failed samplings in a row, among those on or after `since`."""
    longest = run = 0
    for ins in sorted((i for i in inspections if i.on >= since), key=lambda i: (i.on, i.id)):
        run = run + 1 if ins.failed else 0
        longest = max(longest, run)
    return longest


def grade_compute(
    signals: Signals, rules: PolicyRules, today: dt.date, *, low_fine_threshold: Decimal
) -> Outcome:
    """Grade a firm on `today` under `rules`; every window is core.dates' one reading (a record
    dated D is within N years through D + N years, Civil Code arts. 200–204).

    `low_fine_threshold` is the list policy's (publicity.rules.PublicityRules): one number for
    Order 45 publicity and for grading's A condition.
    """
    c_since = window_start(today, years=rules.c_window_years)
    a_since = window_start(today, years=rules.a_window_years)
    aa_since = window_start(today, years=rules.aa_window_years)
    ins, pens = signals.inspections, signals.penalties
    live = [p for p in pens if penalty_live(p)]

    failed_c = sum(1 for i in ins if i.on >= c_since and i.failed)
    serious_c = sum(1 for i in ins if i.on >= c_since and i.failed and i.serious)
    run_c = _consecutive_failures(ins, c_since)
    heavy_c = sum(
        1
        for p in live
        if p.on >= c_since
        and (
            p.kind in rules.c_heavy_penalty_kinds
            or (rules.c_aggravated_fine_is_heavy and p.aggravated and p.kind == "fine")
        )
    )
    passed_a = sum(1 for i in ins if i.on >= a_since and not i.failed)
    failed_a = sum(1 for i in ins if i.on >= a_since and i.failed)
    published_a = sum(
        1
        for p in live
        if p.on >= a_since
        and penalty_publishable(p)
        and not low_fine(p, threshold=low_fine_threshold)
    )
    licence_ok = (
        not rules.a_requires_valid_licence
        or not signals.licences
        or any(lic.valid for lic in signals.licences)
    )
    upheld_a = sum(1 for c in signals.complaints if c.on >= a_since and c.upheld)
    failed_aa = sum(1 for i in ins if i.on >= aa_since and i.failed)
    penalties_aa = sum(1 for p in live if p.on >= aa_since)
    report_ok = (
        signals.last_report_on is not None
        and (today - signals.last_report_on).days <= rules.aa_report_max_age_days
    )
    honour_ok = any(h.current and h.kind in rules.aa_honour_kinds for h in signals.honours)
    # Held A for N years: the N-year period from a_held_since is over (no longer within it).
    held_ok = signals.a_held_since is not None and not within(
        signals.a_held_since, today=today, years=rules.aa_a_held_years
    )

    factors = [
        _factor("on_blacklist", signals.on_blacklist, C if signals.on_blacklist else OK),
        _factor("failed_samplings_c", failed_c, C if failed_c >= rules.c_failed_samplings else OK),
        _factor(
            "serious_failures_c", serious_c, C if serious_c >= rules.c_serious_failures else OK
        ),
        _factor(
            "consecutive_failures_c", run_c, C if run_c >= rules.c_consecutive_failures else OK
        ),
        _factor("heavy_penalties_c", heavy_c, C if heavy_c > 0 else OK),
        _factor(
            "passed_samplings_a",
            passed_a,
            BLOCKS_A if passed_a < rules.a_min_passed_samplings else OK,
        ),
        _factor(
            "failed_samplings_a",
            failed_a,
            BLOCKS_A if failed_a > rules.a_max_failed_samplings else OK,
        ),
        _factor("published_penalties_a", published_a, BLOCKS_A if published_a > 0 else OK),
        _factor("licence_valid", licence_ok, OK if licence_ok else BLOCKS_A),
        _factor(
            "upheld_complaints_a",
            upheld_a,
            BLOCKS_A if upheld_a >= rules.a_complaint_cluster else OK,
        ),
        _factor("failed_samplings_aa", failed_aa, BLOCKS_AA if failed_aa > 0 else OK),
        _factor("penalties_aa", penalties_aa, BLOCKS_AA if penalties_aa > 0 else OK),
        _factor(
            "commitment_current",
            signals.commitment_current,
            OK if signals.commitment_current else BLOCKS_AA,
        ),
        _factor("report_published", report_ok, OK if report_ok else BLOCKS_AA),
        _factor(
            "honour_or_a_held", honour_ok or held_ok, OK if honour_ok or held_ok else BLOCKS_AA
        ),
    ]
    clean = honoured_and_clean(
        honour=honour_ok,
        failed_aa=failed_aa,
        penalties_aa=penalties_aa,
        commitment=signals.commitment_current,
        on_blacklist=signals.on_blacklist,
    )
    return Outcome(grade=grade_from_factors(factors), factors=factors, honoured_and_clean=clean)


def grade_from_factors(factors: list[dict[str, Any]]) -> str:
    effects = {f["effect"] for f in factors}
    if C in effects:
        return "C"
    if BLOCKS_A in effects:
        return "B"
    if BLOCKS_AA in effects:
        return "A"
    return "AA"
