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
from ratings.licences import licence_ended_within, licence_ok, licence_required
from ratings.policy import PolicyRules
from ratings.recalls import ordered_recall_counts
from ratings.red_list import (
    abnormal_negative,
    blacklisting_negative,
    red_honour_kinds,
    red_list_clean,
)

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
    valid: bool  # status valid and not expired on the day of grading (ratings.licences)
    status: str = "valid"
    revoked_on: dt.date | None = None  # the day it was revoked or cancelled


@dataclass(frozen=True)
class Honour:
    kind: str
    current: bool  # not withdrawn and not expired


@dataclass(frozen=True)
class Complaint:
    on: dt.date
    upheld: bool


@dataclass(frozen=True)
class AbnormalListing:
    listed_on: dt.date
    removed_on: dt.date | None


@dataclass(frozen=True)
class Blacklisting:
    status: str
    listed_on: dt.date | None
    ends_on: dt.date | None
    removed_on: dt.date | None
    removal_reason: str


@dataclass
class Signals:
    inspections: list[Inspection] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    unlicensed_on: list[dt.date] = field(default_factory=list)  # 无证生产 found on
    accidents_on: list[dt.date] = field(default_factory=list)  # 质量安全事故 occurred on
    # Defect recalls (缺陷产品召回): (mode, started on).
    recalls: list[tuple[str, dt.date]] = field(default_factory=list)
    abnormal: list[AbnormalListing] = field(default_factory=list)
    # Blacklist listings the red-list window can see, in force or ended.
    blacklistings: list[Blacklisting] = field(default_factory=list)
    industry: str = ""  # GB/T 4754 section: whether a production licence is required
    on_blacklist: bool = False
    commitment_current: bool = False
    last_report_on: dt.date | None = None
    a_held_since: dt.date | None = None  # start of the current unbroken run of A or AA


@dataclass(frozen=True)
class Outcome:
    grade: str
    factors: list[dict[str, Any]]
    # The red list's conditions other than the grade (ratings.red_list.on_red_list): a
    # red-list honour, and no negative record in its window with a current commitment.
    red_honour: bool = False
    red_clean: bool = False


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
    red_since = window_start(today, years=rules.red_list_window_years)
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
    ended_c = sum(
        1
        for lic in signals.licences
        if licence_ended_within(
            status=lic.status,
            revoked_on=lic.revoked_on,
            statuses=rules.c_licence_ended_statuses,
            since=c_since,
        )
    )
    unlicensed_since = window_start(today, years=rules.c_unlicensed_years)
    unlicensed_c = sum(1 for d in signals.unlicensed_on if d >= unlicensed_since)
    accident_since = window_start(today, years=rules.c_accident_years)
    accidents_c = sum(1 for d in signals.accidents_on if d >= accident_since)
    passed_a = sum(1 for i in ins if i.on >= a_since and not i.failed)
    failed_a = sum(1 for i in ins if i.on >= a_since and i.failed)
    published_a = sum(
        1
        for p in live
        if p.on >= a_since
        and penalty_publishable(p)
        and not low_fine(p, threshold=low_fine_threshold)
    )
    licence_fine = licence_ok(
        enforced=rules.a_requires_valid_licence,
        required=licence_required(industry=signals.industry, industries=rules.a_licence_industries),
        held=len(signals.licences),
        valid=sum(1 for lic in signals.licences if lic.valid),
    )
    upheld_a = sum(1 for c in signals.complaints if c.on >= a_since and c.upheld)
    recall_since = window_start(today, years=rules.a_ordered_recall_years)
    recalls_a = sum(
        1
        for mode, on in signals.recalls
        if ordered_recall_counts(mode=mode, recalled_on=on, since=recall_since)
    )
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
        _factor("licence_revoked_c", ended_c, C if ended_c > 0 else OK),
        _factor("unlicensed_production_c", unlicensed_c, C if unlicensed_c > 0 else OK),
        _factor("quality_accidents_c", accidents_c, C if accidents_c > 0 else OK),
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
        _factor("licence_valid", licence_fine, OK if licence_fine else BLOCKS_A),
        _factor(
            "upheld_complaints_a",
            upheld_a,
            BLOCKS_A if upheld_a >= rules.a_complaint_cluster else OK,
        ),
        _factor("ordered_recalls_a", recalls_a, BLOCKS_A if recalls_a > 0 else OK),
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
    red_kinds = red_honour_kinds(rules)
    clean = red_list_clean(
        failed=sum(1 for i in ins if i.on >= red_since and i.failed),
        penalties=sum(1 for p in live if p.on >= red_since),
        abnormal=sum(
            1
            for a in signals.abnormal
            if abnormal_negative(
                listed_on=a.listed_on, removed_on=a.removed_on, since=red_since, today=today
            )
        ),
        blacklisted=sum(
            1
            for b in signals.blacklistings
            if blacklisting_negative(
                status=b.status,
                listed_on=b.listed_on,
                ends_on=b.ends_on,
                removed_on=b.removed_on,
                removal_reason=b.removal_reason,
                since=red_since,
                today=today,
            )
        ),
        commitment=signals.commitment_current,
    )
    return Outcome(
        grade=grade_from_factors(factors),
        factors=factors,
        red_honour=any(h.current and h.kind in red_kinds for h in signals.honours),
        red_clean=clean,
    )


def grade_from_factors(factors: list[dict[str, Any]]) -> str:
    effects = {f["effect"] for f in factors}
    if C in effects:
        return "C"
    if BLOCKS_A in effects:
        return "B"
    if BLOCKS_AA in effects:
        return "A"
    return "AA"
