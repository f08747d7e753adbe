"""The pure path and the set-based SQL path give the same grades on random files, under the
default policy and under policies that move every window, threshold and count (grading
policy, supervision matrix, and the list policy's low-fine threshold both paths read)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from core.dates import window_start
from enterprises.models import (
    Complaint,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    PenaltyRecord,
    QualityAccidentRecord,
    QualityReport,
    RecallRecord,
    UnlicensedProductionRecord,
)
from lists.models import AbnormalListing, BlacklistEntry
from lists.policy import list_policy_publish
from lists.rules import ListRules
from ratings.bulk_sql import grades_recompute_range
from ratings.models import EnterpriseGrade, GradeChange, GradeOverride
from ratings.policy import rules_from
from ratings.services.policy import (
    grading_low_fine_threshold,
    grading_policy_active,
    grading_policy_publish,
)
from ratings.services.recompute import COMPARED, enterprise_grade_recompute
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the set-based path runs on PostgreSQL"
    ),
]

TODAY = dt.date(2026, 11, 26)
# Each window's first day, the day before and after, for the default windows (2 and 3 years)
# and the moved ones (1 and 4 years), and the report-age limits (548 and 365 days).
EDGES = sorted(
    {
        0,
        1,
        30,
        *[
            (TODAY - window_start(TODAY, years=y)).days + d
            for y in (1, 2, 3, 4)
            for d in (-1, 0, 1)
        ],
        *[n + d for n in (365, 548) for d in (0, 1)],
        1500,
    }
)
days_ago = st.sampled_from(EDGES)
ahead = st.sampled_from([None, -1, 0, 1, 400])  # validity ends, relative to today

# name -> (grading rule changes, supervision matrix changes, list policy changes, examples)
POLICIES: dict[str, tuple[dict[str, Any], dict[str, float], dict[str, Any], int]] = {
    "default": ({}, {}, {}, 100),
    "moved windows": (
        {
            "c_window_years": 4,
            "a_window_years": 1,
            "aa_window_years": 2,
            "aa_a_held_years": 1,
            "aa_report_max_age_days": 365,
            "c_unlicensed_years": 1,
            "c_accident_years": 4,
            "a_ordered_recall_years": 3,
            "red_list_window_years": 2,
            "a_licence_industries": ["C", "F"],
        },
        {},
        {},
        60,
    ),
    "other thresholds and counts": (
        {
            "c_failed_samplings": 3,
            "c_serious_failures": 2,
            "c_consecutive_failures": 3,
            "c_heavy_penalty_kinds": ["licence_revoked", "closure"],
            "c_aggravated_fine_is_heavy": False,
            "a_min_passed_samplings": 2,
            "a_max_failed_samplings": 1,
            "a_complaint_cluster": 2,
            "a_requires_valid_licence": False,
            "aa_honour_kinds": ["benchmark", "quality_award"],
            "c_licence_ended_statuses": ["revoked", "cancelled"],
            "red_list_famous_brand": True,
        },
        {"AA": 0.01, "A": 0.04, "B": 0.1, "C": 0.5},
        # Hubei's low-fine threshold: grading reads it from the list policy.
        {"publicity_low_fine_threshold": 100_000},
        60,
    ),
}


def on(offset: int) -> dt.date:
    return TODAY - dt.timedelta(days=offset)


inspection = st.tuples(days_ago, st.sampled_from(["pass", "fail"]), st.booleans())
penalty = st.tuples(
    days_ago,
    st.sampled_from(
        ["warning", "criticism", "fine", "confiscation", "licence_revoked", "suspension"]
    ),
    st.booleans(),
    st.sampled_from([None, "5000", "50000", "50000.01", "100000", "100000.01", "200000"]),
    st.sampled_from(["ordinary", "simplified"]),
    st.booleans(),
)
# Status, validity end, and for an ended licence the day it was revoked or cancelled.
licence = st.tuples(
    st.sampled_from(["valid", "revoked", "suspended", "cancelled"]), ahead, days_ago
)
honour = st.tuples(
    st.sampled_from(["quality_award", "famous_brand", "benchmark"]), st.booleans(), ahead
)
complaint = st.tuples(days_ago, st.sampled_from(["upheld", "upheld", "rejected"]))
prior = st.one_of(st.none(), st.tuples(st.sampled_from(["AA", "A", "B", "C"]), days_ago))
firm_file = st.fixed_dictionaries(
    {
        "inspections": st.lists(inspection, max_size=5),
        "penalties": st.lists(penalty, max_size=3),
        "licences": st.lists(licence, max_size=2),
        "honours": st.lists(honour, max_size=2),
        "complaints": st.lists(complaint, max_size=5),
        "unlicensed": st.lists(days_ago, max_size=2),
        "accidents": st.lists(days_ago, max_size=2),
        # Defect recalls: ordered or voluntary, started days ago.
        "recalls": st.lists(
            st.tuples(st.sampled_from(["ordered", "voluntary"]), days_ago), max_size=2
        ),
        # Listed and removed (None: still on the list), days ago.
        "abnormal": st.lists(st.tuples(days_ago, st.one_of(st.none(), days_ago)), max_size=2),
        "industry": st.sampled_from(["C", "F", "I"]),
        # Half the firms start from a file that meets every AA condition, so the rarer branches
        # (AA, the A-held route, report age) are reached, then random records pull them down.
        "good": st.booleans(),
        # Status and end date relative to today (in force until the day before it ends).
        # Status, end relative to today, and for a removed entry why and how long ago.
        "listed": st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["listed", "removed"]),
                ahead,
                st.sampled_from(["expired", "repaired", "revoked", "basis_revoked"]),
                days_ago,
            ),
        ),
        "withdrawn": st.booleans(),  # the first record of each kind withdrawn after an objection
        "commitment": st.one_of(st.none(), st.tuples(st.booleans(), st.sampled_from([-1, 0, 1]))),
        "report": st.one_of(
            st.none(), st.tuples(days_ago, st.sampled_from(["published", "draft"]))
        ),
        "prior": prior,
        "override": st.one_of(st.none(), st.tuples(st.sampled_from(["AA", "C"]), st.booleans())),
        "risk": st.sampled_from(["", "I", "II", "III"]),  # "": never set, graded as I
    }
)


def build(files: list[dict[str, Any]], dep: Any, officer: Any) -> list[int]:
    ids = []
    for n, f in enumerate(files):
        firm = EnterpriseFactory(product_risk=f["risk"], industry=f["industry"])
        ids.append(firm.pk)
        if f["good"]:
            InspectionRecord.objects.create(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-good",
                product="p",
                inspected_on=on(30),
                level="provincial",
                result="pass",
            )
            IntegrityCommitment.objects.create(
                enterprise=firm,
                text_version="1",
                signatory="李",
                signed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                valid_until=TODAY + dt.timedelta(days=30),
            )
            QualityReport.objects.create(
                enterprise=firm, year=2024, status="published", published_on=on(30)
            )
        InspectionRecord.objects.bulk_create(
            InspectionRecord(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-i{k}",
                product="p",
                inspected_on=on(d),
                level="provincial",
                result=r,
                defect_severity=("serious" if s else "general") if r == "fail" else "",
            )
            for k, (d, r, s) in enumerate(f["inspections"])
        )
        PenaltyRecord.objects.bulk_create(
            PenaltyRecord(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-p{k}",
                decision_no="d",
                decided_on=on(d),
                kind=kind,
                aggravated=agg,
                amount=Decimal(a) if a else None,
                procedure=proc,
                legal_basis="b",
                revoked=rev,
                revoked_on=on(d) if rev else None,
            )
            for k, (d, kind, agg, a, proc, rev) in enumerate(f["penalties"])
        )
        LicenceRecord.objects.bulk_create(
            LicenceRecord(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-l{k}",
                licence_no="x",
                title="t",
                issued_on=on(1500),
                status=status,
                valid_until=None if end is None else TODAY + dt.timedelta(days=end),
                revoked_on=on(d) if status in ("revoked", "cancelled") else None,
            )
            for k, (status, end, d) in enumerate(f["licences"])
        )
        UnlicensedProductionRecord.objects.bulk_create(
            UnlicensedProductionRecord(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-u{k}",
                found_on=on(d),
                product="p",
            )
            for k, d in enumerate(f["unlicensed"])
        )
        QualityAccidentRecord.objects.bulk_create(
            QualityAccidentRecord(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-a{k}",
                occurred_on=on(d),
                severity="general",
                summary="s",
            )
            for k, d in enumerate(f["accidents"])
        )
        RecallRecord.objects.bulk_create(
            RecallRecord(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-r{k}",
                recalled_on=on(d),
                mode=mode,
                product="p",
                reason="r",
            )
            for k, (mode, d) in enumerate(f["recalls"])
        )
        AbnormalListing.objects.bulk_create(
            AbnormalListing(
                enterprise=firm,
                department=dep,
                ground="unreachable",
                listed_on=on(max(d, r or 0)),
                removed_on=None if r is None else on(r),
                created_by=officer,
            )
            for d, r in f["abnormal"]
        )
        HonourRecord.objects.bulk_create(
            HonourRecord(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-h{k}",
                kind=kind,
                title="t",
                level="provincial",
                awarded_on=on(300),
                withdrawn=w,
                valid_until=None if end is None else TODAY + dt.timedelta(days=end),
            )
            for k, (kind, w, end) in enumerate(f["honours"])
        )
        Complaint.objects.bulk_create(
            Complaint(
                enterprise=firm,
                source_department=dep,
                source_ref=f"{n}-c{k}",
                received_on=on(d),
                subject="s",
                status=status,
            )
            for k, (d, status) in enumerate(f["complaints"])
        )
        if f["commitment"]:
            withdrawn, end = f["commitment"]
            IntegrityCommitment.objects.create(
                enterprise=firm,
                text_version="1",
                signatory="王",
                signed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                valid_until=TODAY + dt.timedelta(days=end),
                withdrawn_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC) if withdrawn else None,
            )
        if f["report"]:
            d, status = f["report"]
            QualityReport.objects.create(
                enterprise=firm, year=2025, status=status, published_on=on(d)
            )
        if f["withdrawn"]:
            for model in (
                InspectionRecord,
                PenaltyRecord,
                LicenceRecord,
                HonourRecord,
                Complaint,
                UnlicensedProductionRecord,
                QualityAccidentRecord,
                RecallRecord,
            ):
                first = model.objects.filter(enterprise=firm).order_by("id").first()
                if first is not None:
                    model.objects.filter(pk=first.pk).update(withdrawn_on=TODAY)
        if f["listed"]:
            status, ends, reason, removed = f["listed"]
            BlacklistEntry.objects.create(
                enterprise=firm,
                department=dep,
                status=status,
                grounds="g",
                legal_basis="b",
                listed_on=on(max(400, removed)),
                ends_on=None if ends is None else TODAY + dt.timedelta(days=ends),
                removed_on=on(removed) if status == "removed" else None,
                removal_reason=reason if status == "removed" else "",
                created_by=officer,
            )
        if f["override"]:
            grade, active = f["override"]
            GradeOverride.objects.create(
                enterprise=firm,
                grade=grade,
                reason="r",
                created_by=officer,
                expires_on=TODAY + dt.timedelta(days=1 if active else -1),
            )
    return ids


def set_prior(files: list[dict[str, Any]], ids: list[int], policy: Any) -> None:
    EnterpriseGrade.objects.all().delete()
    GradeChange.objects.all().delete()
    for eid, f in zip(ids, files, strict=True):
        if f["prior"]:
            grade, held = f["prior"]
            EnterpriseGrade.objects.create(
                enterprise_id=eid,
                grade=grade,
                computed_grade=grade,
                supervision_mode="routine",
                inspections_min=1,
                inspections_max=1,
                interview_due=False,
                sampling_ratio=0.05,
                factors=[],
                policy=policy,
                computed_on=on(400),
                computed_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                grade_since=on(held),
                a_held_since=on(held) if grade in ("A", "AA") else None,
            )


def snapshot() -> tuple[dict[int, tuple[Any, ...]], list[tuple[Any, ...]]]:
    grades = {
        g.enterprise_id: tuple(getattr(g, f) for f in COMPARED)
        for g in EnterpriseGrade.objects.all()
    }
    changes = sorted(
        GradeChange.objects.values_list(
            "enterprise_id",
            "old_grade",
            "new_grade",
            "old_red_list",
            "new_red_list",
            "old_supervision_mode",
            "new_supervision_mode",
            "reason",
        )
    )
    return grades, changes


def plain(**changes: Any) -> dict[str, Any]:
    """A file that meets every AA condition but the honour, with `changes`."""
    base: dict[str, Any] = {
        "inspections": [(30, "pass", False), (40, "pass", False)],
        "penalties": [],
        "licences": [],
        "honours": [],
        "complaints": [],
        "unlicensed": [],
        "accidents": [],
        "recalls": [],
        "abnormal": [],
        "industry": "I",
        "good": True,
        "listed": None,
        "withdrawn": False,
        "commitment": None,
        "report": None,
        "prior": None,
        "override": None,
        "risk": "II",
    }
    return base | changes


def fine(amount: str, days: int = 30) -> tuple[Any, ...]:
    return (days, "fine", False, amount, "ordinary", False)


def window_edges(years: tuple[int, ...]) -> list[int]:
    return [(TODAY - window_start(TODAY, years=y)).days + d for y in years for d in (-1, 0, 1)]


# Files that reach every moved boundary whatever the random draw: fines on both sides of each
# low-fine threshold, penalties and failures at each window edge, listings and commitments
# ending the day before, of and after today.
EXAMPLES = [
    [plain(penalties=[fine(a)]) for a in ("50000", "50000.01", "100000", "100000.01")],
    [plain(penalties=[fine("200000", d)]) for d in window_edges((1, 2, 3, 4))],
    [
        plain(inspections=[(d, "fail", True), (30, "pass", False)])
        for d in window_edges((1, 2, 3, 4))
    ],
    [
        plain(
            good=False,
            listed=("listed", d, "expired", 0),
            commitment=(False, 400 if d is None else d),
            report=(30, "published"),
            honours=[("quality_award", False, None)],
        )
        for d in (-1, 0, 1, None)
    ],
    [
        plain(honours=[("benchmark", False, None)], report=(d, "published"))
        for d in (364, 365, 366, 548, 549)
    ],
    # The new C triggers and the red list's negative records at each window edge.
    [
        plain(
            licences=[("revoked", None, d)],
            unlicensed=[d],
            honours=[("quality_award", False, None)],
        )
        for d in window_edges((1, 3))
    ],
    [
        plain(accidents=[d], abnormal=[(d + 30, d)], honours=[("famous_brand", False, None)])
        for d in window_edges((2, 3, 4))
    ],
    # An ordered recall at the edges of the default (2) and moved (3) recall windows.
    [
        plain(recalls=[("ordered", d), ("voluntary", 30)], honours=[("quality_award", False, None)])
        for d in window_edges((2, 3))
    ],
    [
        plain(
            listed=("removed", -d, reason, d),
            commitment=(False, 30),
            honours=[("quality_award", False, None)],
            industry=industry,
        )
        for d, reason, industry in zip(
            window_edges((2, 3)),
            ["expired", "repaired", "revoked", "basis_revoked", "expired", "repaired"],
            ["C", "F", "I", "C", "F", "I"],
            strict=True,
        )
    ],
]


def policy_publish(name: str) -> Any:
    """Publish the named policies (as a system job) and return the grading policy in force."""
    rules, ratios, list_changes, _examples = POLICIES[name]
    v1 = grading_policy_active()
    matrix = copy.deepcopy(v1.matrix)
    for grade, ratio in ratios.items():
        for cell in matrix[grade].values():
            cell["sampling_ratio"] = ratio
    if list_changes:
        list_policy_publish(rules=list_changes, note=name, actor=None)
    if rules or ratios:
        return grading_policy_publish(
            rules=dict(asdict(rules_from(v1.rules)), **rules),
            matrix=matrix,
            note=name,
            actor=None,
            recompute=False,
        )
    return v1


@pytest.mark.parametrize("name", list(POLICIES))
def test_both_paths_agree_on_random_files(name: str) -> None:
    policy = policy_publish(name)
    assert grading_low_fine_threshold() == POLICIES[name][2].get(
        "publicity_low_fine_threshold", ListRules().publicity_low_fine_threshold
    )
    dep = DepartmentFactory(code="prop")
    officer = get_user_model().objects.create(
        username="prop-officer", kind="regulator", role="grader", jurisdiction="34"
    )

    @settings(
        max_examples=POLICIES[name][3],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(files=st.lists(firm_file, min_size=1, max_size=4))
    @example(files=EXAMPLES[0])
    @example(files=EXAMPLES[1])
    @example(files=EXAMPLES[2])
    @example(files=EXAMPLES[3])
    @example(files=EXAMPLES[4])
    @example(files=EXAMPLES[5])
    @example(files=EXAMPLES[6])
    @example(files=EXAMPLES[7])
    def paths_agree(files: list[dict[str, Any]]) -> None:
        try:
            ids = build(files, dep, officer)
            set_prior(files, ids, policy)
            changed_python = enterprise_grade_recompute(
                enterprise_ids=ids, today=TODAY, triggers={i: {"kind": "sweep"} for i in ids}
            )
            python = snapshot()
            set_prior(files, ids, policy)
            changed_sql = grades_recompute_range(
                lo=min(ids), hi=max(ids), policy=policy, today=TODAY
            )
            sql = snapshot()
            for values in python[0].values():
                event(f"grade {values[0]}")  # --hypothesis-show-statistics: which branches ran
            assert changed_sql == changed_python
            assert sql == python
            # A second pass finds nothing to rewrite.
            assert grades_recompute_range(lo=min(ids), hi=max(ids), policy=policy, today=TODAY) == 0
        finally:
            for model in (
                AbnormalListing,
                BlacklistEntry,
                GradeChange,
                EnterpriseGrade,
                GradeOverride,
                InspectionRecord,
                PenaltyRecord,
                LicenceRecord,
                HonourRecord,
                Complaint,
                UnlicensedProductionRecord,
                QualityAccidentRecord,
                RecallRecord,
                IntegrityCommitment,
                QualityReport,
                Enterprise,
            ):
                model.objects.all().delete()

    paths_agree()
