"""Objections: the 15-day window for a failed sampling, answers in working days, and an upheld
objection withdrawing the record from grading and from public view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.errors import IllegalTransitionError
from dueprocess import objections as obj
from dueprocess.models import Objection
from dueprocess.rules import records_under_objection
from enterprises.models import GradeRecomputeRequest
from publicity.rules import penalty_public, public_penalties
from ratings.services.recompute import enterprise_grade_recompute
from tests.clock import noon
from tests.factories import (
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    LicenceFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
RECEIVED = dt.date(2026, 11, 2)  # a Monday


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802")


@pytest.fixture
def user(firm: Any) -> Any:
    return EnterpriseUserFactory(enterprise=firm)


@pytest.fixture
def failure(firm: Any) -> Any:
    record = InspectionFactory(
        enterprise=firm, inspected_on=RECEIVED, result="fail", defect_severity="serious"
    )
    received = timezone.make_aware(dt.datetime.combine(RECEIVED, dt.time(9)))
    type(record).objects.filter(pk=record.pk).update(received_at=received)
    record.refresh_from_db()
    return record


def on(time_machine: Any, day: dt.date) -> None:
    time_machine.move_to(noon(day), tick=False)


@pytest.mark.parametrize(
    ("day", "allowed"), [(dt.date(2026, 11, 17), True), (dt.date(2026, 11, 18), False)]
)
def test_a_failed_sampling_may_be_objected_to_within_15_days(
    time_machine: Any, user: Any, failure: Any, day: dt.date, allowed: bool
) -> None:
    on(time_machine, day)
    if allowed:
        objection = obj.objection_raise(
            actor=user,
            record_kind="inspections",
            record_id=failure.pk,
            grounds="检验样品非本企业生产",
        )
        assert objection.answer_due == dt.date(2026, 11, 20)  # 3 working days after Tue 17th
    else:
        with pytest.raises(IllegalTransitionError, match="2026-11-17"):
            obj.objection_raise(
                actor=user,
                record_kind="inspections",
                record_id=failure.pk,
                grounds="检验样品非本企业生产",
            )
        assert not Objection.objects.exists()


def test_only_the_firm_objects_once_per_record(
    time_machine: Any, user: Any, failure: Any, firm: Any
) -> None:
    on(time_machine, RECEIVED)
    other = EnterpriseUserFactory(enterprise=EnterpriseFactory(region_id="340802"))
    with pytest.raises(PermissionDenied):
        obj.objection_raise(
            actor=other, record_kind="inspections", record_id=failure.pk, grounds="x"
        )
    obj.objection_raise(
        actor=user, record_kind="inspections", record_id=failure.pk, grounds="样品非本企业生产"
    )
    with pytest.raises(IllegalTransitionError):
        obj.objection_raise(
            actor=user, record_kind="inspections", record_id=failure.pk, grounds="再次提出"
        )
    assert records_under_objection(enterprise_id=firm.pk) == {("inspections", failure.pk)}


@pytest.mark.parametrize(
    ("kind", "record_id", "grounds"),
    [
        ("rumours", 1, "x"),
        ("inspections", 999_999, "x"),
        ("inspections", None, ""),
    ],
)
def test_bad_objections_write_nothing(
    time_machine: Any, user: Any, failure: Any, kind: str, record_id: int | None, grounds: str
) -> None:
    on(time_machine, RECEIVED)
    with pytest.raises(ValidationError):
        obj.objection_raise(
            actor=user, record_kind=kind, record_id=record_id or failure.pk, grounds=grounds
        )
    assert not Objection.objects.exists()


def test_an_upheld_objection_withdraws_the_failure_and_the_firm_is_regraded(
    time_machine: Any, user: Any, failure: Any, firm: Any
) -> None:
    on(time_machine, RECEIVED)
    InspectionFactory(enterprise=firm, inspected_on=RECEIVED - dt.timedelta(days=40))
    LicenceFactory(enterprise=firm)  # a manufacturer needs a valid licence to be A
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    assert firm.grade.grade == "C"
    objection = obj.objection_raise(
        actor=user, record_kind="inspections", record_id=failure.pk, grounds="复检合格，原检验有误"
    )
    for refused in (
        RegulatorFactory(role="clerk", jurisdiction="3408"),
        RegulatorFactory(role="list_officer", jurisdiction="44"),
    ):
        with pytest.raises(PermissionDenied):
            obj.objection_decide(actor=refused, objection=objection, uphold=True, reason="x")
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408")
    decided = obj.objection_decide(
        actor=officer, objection=objection, uphold=True, reason="另一检验机构复检合格"
    )
    assert decided.status == "upheld"
    failure.refresh_from_db()
    assert failure.withdrawn_on is not None
    assert GradeRecomputeRequest.objects.filter(enterprise=firm).exists()
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    firm.grade.refresh_from_db()
    assert firm.grade.grade == "A"
    with pytest.raises(IllegalTransitionError):
        obj.objection_decide(actor=officer, objection=objection, uphold=False, reason="x")


def test_a_rejected_objection_needs_reasons_and_keeps_the_record(
    time_machine: Any, user: Any, failure: Any
) -> None:
    on(time_machine, RECEIVED)
    objection = obj.objection_raise(
        actor=user, record_kind="inspections", record_id=failure.pk, grounds="不认可"
    )
    officer = RegulatorFactory(role="approver", jurisdiction="34")
    with pytest.raises(ValidationError):
        obj.objection_decide(actor=officer, objection=objection, uphold=False, reason=" ")
    obj.objection_decide(
        actor=officer, objection=objection, uphold=False, reason="复检仍不合格，维持原结论"
    )
    failure.refresh_from_db()
    assert failure.withdrawn_on is None


def test_a_withdrawn_penalty_leaves_public_view(time_machine: Any, user: Any, firm: Any) -> None:
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2026, 10, 1), kind="fine", amount=Decimal("90000")
    )
    on(time_machine, RECEIVED)
    objection = obj.objection_raise(
        actor=user,
        record_kind="penalties",
        record_id=penalty.pk,
        grounds="处罚决定已被复议机关撤销",
    )
    assert objection.answer_due == dt.date(2026, 11, 23)  # 15 working days
    obj.objection_decide(
        actor=RegulatorFactory(role="list_officer", jurisdiction="3408"),
        objection=objection,
        uphold=True,
        reason="核实无误",
    )
    penalty.refresh_from_db()
    assert not penalty_public(penalty, today=RECEIVED)
    assert not public_penalties(today=RECEIVED).filter(pk=penalty.pk).exists()


# Re-tests (复检): another laboratory, dated between the original test and today; a pass
# withdraws the failure as an upheld objection does.


@pytest.fixture
def objected(time_machine: Any, user: Any, failure: Any) -> Objection:
    type(failure).objects.filter(pk=failure.pk).update(lab="省产品质量监督检验研究院")
    on(time_machine, RECEIVED + dt.timedelta(days=3))
    return obj.objection_raise(
        actor=user, record_kind="inspections", record_id=failure.pk, grounds="申请复检"
    )


OFFICER = {"role": "list_officer", "jurisdiction": "3408"}


@pytest.mark.parametrize(
    ("lab", "tested_on", "field"),
    [
        (" 省产品质量监督检验研究院 ", RECEIVED, "lab"),  # the same lab, spaces aside
        ("ＡＢＣ Lab", RECEIVED, None),  # differs; full width read as ASCII
        ("", RECEIVED, "lab"),
        ("市质检所", RECEIVED - dt.timedelta(days=1), "tested_on"),  # before the original
        ("市质检所", RECEIVED + dt.timedelta(days=3), None),  # today
        ("市质检所", RECEIVED + dt.timedelta(days=4), "tested_on"),  # the future
    ],
)
def test_a_retest_goes_to_another_lab_between_the_test_and_today(
    objected: Objection, failure: Any, lab: str, tested_on: dt.date, field: str | None
) -> None:
    officer = RegulatorFactory(**OFFICER)
    if field is None:
        done = obj.objection_retest_record(
            actor=officer, objection=objected, lab=lab, tested_on=tested_on, result="fail"
        )
        assert (done.retest_lab, done.retest_on, done.retest_result) == (lab, tested_on, "fail")
        assert done.status == "open"
    else:
        with pytest.raises(ValidationError) as exc:
            obj.objection_retest_record(
                actor=officer, objection=objected, lab=lab, tested_on=tested_on, result="fail"
            )
        assert field in exc.value.message_dict
        objected.refresh_from_db()
        assert objected.retest_on is None
    failure.refresh_from_db()
    assert failure.withdrawn_on is None


def test_the_same_lab_is_refused_with_400_in_the_console(
    client: Any, objected: Objection, failure: Any
) -> None:
    client.force_login(RegulatorFactory(**OFFICER))
    url = f"/console/objections/{objected.pk}/retest/"
    same = {"lab": "省产品质量监督检验研究院", "tested_on": RECEIVED.isoformat(), "result": "pass"}
    assert client.post(url, same).status_code == 400
    other = {**same, "lab": "市质检所"}
    assert client.post(url, other).status_code == 302
    failure.refresh_from_db()
    assert failure.withdrawn_on == RECEIVED + dt.timedelta(days=3)


def test_a_passed_retest_withdraws_the_failure_and_regrades(
    objected: Objection, failure: Any, firm: Any
) -> None:
    for refused in (
        RegulatorFactory(role="clerk", jurisdiction="3408"),
        RegulatorFactory(role="list_officer", jurisdiction="44"),
    ):
        with pytest.raises(PermissionDenied):
            obj.objection_retest_record(
                actor=refused, objection=objected, lab="市质检所", tested_on=RECEIVED, result="pass"
            )
    obj.objection_retest_record(
        actor=RegulatorFactory(**OFFICER),
        objection=objected,
        lab="市质检所",
        tested_on=RECEIVED,
        result="pass",
    )
    failure.refresh_from_db()
    assert failure.withdrawn_on == RECEIVED + dt.timedelta(days=3)
    assert GradeRecomputeRequest.objects.filter(enterprise=firm).exists()


def test_a_retest_on_an_upheld_objection_is_recorded_once_withdrawn(
    objected: Objection, failure: Any
) -> None:
    officer = RegulatorFactory(**OFFICER)
    obj.objection_decide(actor=officer, objection=objected, uphold=True, reason="样品有误")
    GradeRecomputeRequest.objects.all().delete()
    done = obj.objection_retest_record(
        actor=officer, objection=objected, lab="市质检所", tested_on=RECEIVED, result="pass"
    )
    assert done.retest_result == "pass"
    assert not GradeRecomputeRequest.objects.exists()  # withdrawn once, not twice


def test_no_retest_on_a_rejected_objection_or_another_record(
    time_machine: Any, objected: Objection, user: Any, firm: Any
) -> None:
    officer = RegulatorFactory(**OFFICER)
    obj.objection_decide(actor=officer, objection=objected, uphold=False, reason="维持")
    with pytest.raises(IllegalTransitionError):
        obj.objection_retest_record(
            actor=officer, objection=objected, lab="市质检所", tested_on=RECEIVED, result="pass"
        )
    penalty = PenaltyFactory(enterprise=firm, decided_on=RECEIVED, kind="fine")
    other = obj.objection_raise(
        actor=user, record_kind="penalties", record_id=penalty.pk, grounds="处罚有误"
    )
    with pytest.raises(IllegalTransitionError):
        obj.objection_retest_record(
            actor=officer, objection=other, lab="市质检所", tested_on=RECEIVED, result="pass"
        )
