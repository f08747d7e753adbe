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
