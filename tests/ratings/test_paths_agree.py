"""The pure path and the set-based SQL path give the same grades on random files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.dates import years_before
from enterprises.models import (
    Complaint,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    PenaltyRecord,
    QualityReport,
)
from lists.models import BlacklistEntry
from ratings.bulk_sql import grades_recompute_range
from ratings.models import EnterpriseGrade, GradeChange, GradeOverride
from ratings.services.policy import grading_policy_active
from ratings.services.recompute import COMPARED, enterprise_grade_recompute
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the set-based path runs on PostgreSQL"
    ),
]

TODAY = dt.date(2026, 11, 26)
EDGES = sorted(
    {
        0,
        1,
        30,
        *[(TODAY - years_before(TODAY, y)).days + d for y in (2, 3) for d in (-1, 0, 1)],
        1500,
    }
)
days_ago = st.sampled_from(EDGES)
ahead = st.sampled_from([None, -1, 0, 1, 400])  # validity ends, relative to today


def on(offset: int) -> dt.date:
    return TODAY - dt.timedelta(days=offset)


inspection = st.tuples(days_ago, st.sampled_from(["pass", "fail"]), st.booleans())
penalty = st.tuples(
    days_ago,
    st.sampled_from(
        ["warning", "criticism", "fine", "confiscation", "licence_revoked", "suspension"]
    ),
    st.booleans(),
    st.sampled_from([None, "5000", "50000", "50000.01", "200000"]),
    st.sampled_from(["ordinary", "simplified"]),
    st.booleans(),
)
licence = st.tuples(st.sampled_from(["valid", "revoked", "suspended"]), ahead)
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
        # Half the firms start from a file that meets every AA condition, so the rarer branches
        # (AA, the A-held route, report age) are reached, then random records pull them down.
        "good": st.booleans(),
        "listed": st.sampled_from([None, "listed", "removed"]),
        "withdrawn": st.booleans(),  # the first record of each kind withdrawn after an objection
        "commitment": st.one_of(st.none(), st.tuples(st.booleans(), ahead.filter(bool))),
        "report": st.one_of(
            st.none(), st.tuples(days_ago, st.sampled_from(["published", "draft"]))
        ),
        "prior": prior,
        "override": st.one_of(st.none(), st.tuples(st.sampled_from(["AA", "C"]), st.booleans())),
        "risk": st.sampled_from(["I", "II", "III"]),
    }
)


def build(files: list[dict[str, Any]], dep: Any, officer: Any) -> list[int]:
    ids = []
    for n, f in enumerate(files):
        firm = EnterpriseFactory(product_risk=f["risk"])
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
            )
            for k, (status, end) in enumerate(f["licences"])
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
            for model in (InspectionRecord, PenaltyRecord, LicenceRecord, HonourRecord, Complaint):
                first = model.objects.filter(enterprise=firm).order_by("id").first()
                if first is not None:
                    model.objects.filter(pk=first.pk).update(withdrawn_on=TODAY)
        if f["listed"]:
            BlacklistEntry.objects.create(
                enterprise=firm,
                department=dep,
                status=f["listed"],
                grounds="g",
                legal_basis="b",
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
        GradeChange.objects.values_list("enterprise_id", "old_grade", "new_grade", "reason")
    )
    return grades, changes


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=st.lists(firm_file, min_size=1, max_size=4))
def test_both_paths_agree_on_random_files(files: list[dict[str, Any]]) -> None:
    dep = DepartmentFactory(code="prop")
    officer = get_user_model().objects.create(
        username=f"o{id(files)}", kind="regulator", role="grader", jurisdiction="34"
    )
    policy = grading_policy_active()
    try:
        ids = build(files, dep, officer)
        set_prior(files, ids, policy)
        changed_python = enterprise_grade_recompute(
            enterprise_ids=ids, today=TODAY, triggers={i: {"kind": "sweep"} for i in ids}
        )
        python = snapshot()
        set_prior(files, ids, policy)
        changed_sql = grades_recompute_range(lo=min(ids), hi=max(ids), policy=policy, today=TODAY)
        sql = snapshot()
        for values in python[0].values():
            event(f"grade {values[0]}")  # --hypothesis-show-statistics: which branches ran
        assert changed_sql == changed_python
        assert sql == python
        # A second pass finds nothing to rewrite.
        assert grades_recompute_range(lo=min(ids), hi=max(ids), policy=policy, today=TODAY) == 0
    finally:
        for model in (
            BlacklistEntry,
            GradeChange,
            EnterpriseGrade,
            GradeOverride,
            InspectionRecord,
            PenaltyRecord,
            LicenceRecord,
            HonourRecord,
            Complaint,
            IntegrityCommitment,
            QualityReport,
            Enterprise,
        ):
            model.objects.all().delete()
        officer.delete()
