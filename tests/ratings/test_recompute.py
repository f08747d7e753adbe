from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from enterprises.models import GradeRecomputeRequest
from enterprises.services.outbox import grades_request
from ratings.models import EnterpriseGrade, GradeChange, GradeOverride
from ratings.services.recompute import (
    enterprise_grade_recompute,
    grades_drain,
    grades_recompute_all,
)
from tests.factories import (
    EnterpriseFactory,
    InspectionFactory,
    LicenceFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_new_firm_gets_a_grade_with_its_treatment() -> None:
    firm = EnterpriseFactory(product_risk="I")
    InspectionFactory(
        enterprise=firm,
        inspected_on=TODAY - dt.timedelta(days=3),
        result="fail",
        defect_severity="serious",
    )
    assert enterprise_grade_recompute(enterprise_ids=[firm.pk]) == 1
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    # C x risk I: strict supervision, 3-4 inspections a year, interview, 20 % sampling.
    assert (
        grade.grade,
        grade.supervision_mode,
        grade.inspections_min,
        grade.inspections_max,
        grade.interview_due,
        grade.sampling_ratio,
    ) == ("C", "strict", 3, 4, True, 0.2)
    assert grade.policy.version == 1
    change = GradeChange.objects.get(enterprise=firm)
    assert (change.old_grade, change.new_grade) == ("", "C")
    assert change.reason == [
        "serious_failures_c",
        "passed_samplings_a",
        "failed_samplings_a",
        "licence_valid",  # a manufacturer (industry C) needs a valid production licence
        "failed_samplings_aa",
        "commitment_current",
        "report_published",
        "honour_or_a_held",
    ]


def test_recomputing_unchanged_files_rewrites_nothing(django_assert_num_queries: Any) -> None:
    firms = EnterpriseFactory.create_batch(5)
    enterprise_grade_recompute(enterprise_ids=[f.pk for f in firms])
    before = dict(EnterpriseGrade.objects.values_list("enterprise_id", "computed_at"))
    assert enterprise_grade_recompute(enterprise_ids=[f.pk for f in firms]) == 0
    after = dict(EnterpriseGrade.objects.values_list("enterprise_id", "computed_at"))
    assert before == after
    assert GradeChange.objects.count() == 5


def test_batch_recompute_runs_constant_queries(django_assert_max_num_queries: Any) -> None:
    firms = EnterpriseFactory.create_batch(40)
    for firm in firms:
        InspectionFactory(enterprise=firm, inspected_on=TODAY - dt.timedelta(days=9))
        PenaltyFactory(enterprise=firm, decided_on=TODAY - dt.timedelta(days=9))
    enterprise_grade_recompute(enterprise_ids=[firms[0].pk])  # creates policy v1
    # 22 (a query per record kind and list), and the list policy's low-fine threshold.
    with django_assert_max_num_queries(23):
        enterprise_grade_recompute(enterprise_ids=[f.pk for f in firms])


def test_a_grade_change_is_recorded_with_its_trigger() -> None:
    firm = EnterpriseFactory()
    LicenceFactory(enterprise=firm)
    InspectionFactory(enterprise=firm, inspected_on=TODAY - dt.timedelta(days=30))
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    assert EnterpriseGrade.objects.get(enterprise=firm).grade == "A"
    record = InspectionFactory(
        enterprise=firm, inspected_on=TODAY, result="fail", defect_severity="general"
    )
    trigger = {"kind": "inspections", "record_id": record.pk}
    enterprise_grade_recompute(enterprise_ids=[firm.pk], triggers={firm.pk: trigger})
    change = GradeChange.objects.filter(enterprise=firm).first()
    assert (change.old_grade, change.new_grade, change.trigger) == ("A", "B", trigger)
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    assert grade.grade_since == TODAY
    assert grade.a_held_since is None


def test_a_held_since_survives_recomputes_while_the_grade_stays_good() -> None:
    firm = EnterpriseFactory()
    LicenceFactory(enterprise=firm)
    InspectionFactory(enterprise=firm, inspected_on=TODAY - dt.timedelta(days=30))
    enterprise_grade_recompute(enterprise_ids=[firm.pk], today=TODAY - dt.timedelta(days=10))
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    assert EnterpriseGrade.objects.get(enterprise=firm).a_held_since == TODAY - dt.timedelta(
        days=10
    )


def test_an_active_override_sets_the_grade_and_an_expired_one_does_not() -> None:
    firm = EnterpriseFactory()
    officer = RegulatorFactory(role="grader")
    GradeOverride.objects.create(
        enterprise=firm,
        grade="C",
        reason="现场检查发现重大隐患",
        created_by=officer,
        expires_on=TODAY,
    )
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    assert (grade.grade, grade.computed_grade, grade.override.reason) == (
        "C",
        "B",
        "现场检查发现重大隐患",
    )
    assert GradeChange.objects.get(enterprise=firm).reason[0] == "override"
    enterprise_grade_recompute(enterprise_ids=[firm.pk], today=TODAY + dt.timedelta(days=1))
    assert EnterpriseGrade.objects.get(enterprise=firm).grade == "B"


def test_requests_coalesce_per_firm_and_drain_in_batches() -> None:
    firms = EnterpriseFactory.create_batch(7)
    for n in range(3):  # a burst: three records for each firm
        grades_request(triggers={f.pk: {"kind": "inspections", "record_id": n} for f in firms})
    assert GradeRecomputeRequest.objects.count() == 7
    assert GradeRecomputeRequest.objects.get(enterprise=firms[0]).trigger["record_id"] == 2
    assert grades_drain(batch=3, max_batches=2) == 6
    assert GradeRecomputeRequest.objects.count() == 1
    assert grades_drain(batch=3) == 1
    assert EnterpriseGrade.objects.count() == 7
    assert grades_drain() == 0


def test_recompute_all_grades_every_firm_once() -> None:
    EnterpriseFactory.create_batch(12)
    assert grades_recompute_all() == 12
    assert grades_recompute_all() == 0
    assert EnterpriseGrade.objects.count() == 12


def test_records_sent_through_intake_queue_their_firms(api: Any, firm: Any) -> None:
    api.post(
        "/api/v1/penalties/",
        [
            {
                "uscc": firm.uscc,
                "source_ref": f"P{i}",
                "decision_no": f"D{i}",
                "decided_on": "2026-01-01",
                "kind": "warning",
                "legal_basis": "x",
            }
            for i in range(5)
        ],
        format="json",
    )
    request = GradeRecomputeRequest.objects.get()
    assert request.enterprise_id == firm.pk
    assert request.trigger["kind"] == "penalties"


def test_a_resend_that_changes_nothing_queues_nothing(api: Any, firm: Any) -> None:
    item = {
        "uscc": firm.uscc,
        "source_ref": "P1",
        "decision_no": "D1",
        "decided_on": "2026-01-01",
        "kind": "warning",
        "legal_basis": "x",
    }
    api.post("/api/v1/penalties/", item, format="json")
    GradeRecomputeRequest.objects.all().delete()
    api.post("/api/v1/penalties/", item, format="json")
    assert not GradeRecomputeRequest.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based path is PostgreSQL")
def test_the_sql_path_matches_the_pure_path_on_a_sample() -> None:
    from ratings.bulk_sql import grades_recompute_range
    from ratings.services.policy import grading_policy_active

    firms = EnterpriseFactory.create_batch(3)
    InspectionFactory(enterprise=firms[0], inspected_on=TODAY - dt.timedelta(days=5))
    InspectionFactory(
        enterprise=firms[1], inspected_on=TODAY, result="fail", defect_severity="serious"
    )
    policy = grading_policy_active()
    ids = [f.pk for f in firms]
    assert grades_recompute_range(lo=min(ids), hi=max(ids), policy=policy, today=TODAY) == 3
    by_sql = {g.enterprise_id: (g.grade, g.factors) for g in EnterpriseGrade.objects.all()}
    assert grades_recompute_range(lo=min(ids), hi=max(ids), policy=policy, today=TODAY) == 0
    EnterpriseGrade.objects.all().delete()
    enterprise_grade_recompute(enterprise_ids=ids)
    by_python = {g.enterprise_id: (g.grade, g.factors) for g in EnterpriseGrade.objects.all()}
    assert by_sql.keys() == by_python.keys()
    for eid, (grade, factors) in by_sql.items():
        assert grade == by_python[eid][0]
        for from_sql, from_python in zip(factors, by_python[eid][1], strict=True):
            assert from_sql == from_python


def test_a_firm_leaves_the_red_list_in_the_recompute_where_its_grade_falls() -> None:
    from disclosure.lists import public_red_list
    from enterprises.models import HonourRecord, IntegrityCommitment

    firm = EnterpriseFactory()
    LicenceFactory(enterprise=firm)
    InspectionFactory(enterprise=firm, inspected_on=TODAY - dt.timedelta(days=20))
    dep = firm.inspectionrecords.get().source_department
    HonourRecord.objects.create(
        enterprise=firm,
        source_department=dep,
        source_ref="H1",
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
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    assert list(public_red_list()) == [firm]
    InspectionFactory(enterprise=firm, inspected_on=TODAY, result="fail", defect_severity="serious")
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    grade = EnterpriseGrade.objects.get(enterprise=firm)
    assert (grade.grade, grade.red_list) == ("C", False)
    assert list(public_red_list()) == []
