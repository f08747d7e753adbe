"""Random inspection planning: the draw follows the policy weights, a seed reproduces a plan,
conflicts of interest are excluded, and results flow back into the credit files."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from enterprises.models import GradeRecomputeRequest, InspectionRecord
from inspections.models import InspectionItem, InspectionPlan, Inspector, PlanTarget
from inspections.sampling import Drawn, PoolFirm, firms_draw, inspectors_draw
from inspections.services import enterprise_pool, plan_draw, plan_publish, plan_result_record
from ratings.models import EnterpriseGrade
from ratings.policy import DEFAULT_MATRIX
from tests.disclosure.test_lists_and_api import graded
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory, uscc_for

RATIOS = {"AA": 0.02, "A": 0.03, "B": 0.05, "C": 0.20}


def pool(per_grade: int) -> list[PoolFirm]:
    return [
        PoolFirm(pk=g * 100_000 + i, uscc=f"{g:02d}{i:016d}", grade=grade, risk="II", ratio=ratio)
        for g, (grade, ratio) in enumerate(RATIOS.items())
        for i in range(per_grade)
    ]


def test_the_sample_follows_the_policy_weights() -> None:
    """4,000 firms per grade: each grade's share within 4 standard deviations of its ratio."""
    n = 4000
    drawn = firms_draw(pool(n), seed="published-seed-2026")
    for grade, ratio in RATIOS.items():
        got = sum(1 for d in drawn if d.firm.grade == grade)
        sigma = math.sqrt(n * ratio * (1 - ratio))
        assert abs(got - n * ratio) <= 4 * sigma, (grade, got)
    by = {g: sum(1 for d in drawn if d.firm.grade == g) for g in RATIOS}
    assert by["C"] > by["B"] > by["AA"]  # C firms inspected most, AA least


def test_the_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    firms = pool(500)
    first = firms_draw(firms, seed="abc")
    again = firms_draw(list(reversed(firms)), seed="abc")  # order-free
    other = firms_draw(firms, seed="abd")
    assert [d.firm.pk for d in first] == [d.firm.pk for d in again]
    assert [d.firm.pk for d in first] != [d.firm.pk for d in other]


def test_inspectors_with_a_conflict_are_never_drawn() -> None:
    firms = [Drawn(PoolFirm(i, f"{i:018d}", "B", "II", 0.05), 0.05) for i in range(200)]
    officers = [(k, f"B{k:03d}") for k in range(1, 6)]
    excluded = {i: {1, 2} for i in range(0, 200, 2)}  # inspectors 1 and 2 know the even firms
    chosen = inspectors_draw(firms, seed="s", inspectors=officers, excluded=excluded)
    assert all(len(v) == 2 and len(set(v)) == 2 for v in chosen.values())
    assert all(not ({1, 2} & set(chosen[i])) for i in range(0, 200, 2))
    assert any({1, 2} & set(chosen[i]) for i in range(1, 200, 2))
    assert inspectors_draw(firms, seed="s", inspectors=officers, excluded=excluded) == chosen


@pytest.fixture
def setting(db: Any) -> dict[str, Any]:
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    grader = RegulatorFactory(role="grader", jurisdiction="3408", department=dept)
    clerk = RegulatorFactory(role="clerk", jurisdiction="3408", department=dept)
    item = InspectionItem.objects.create(
        code="AQ-01",
        name="产品质量监督抽查",
        method="抽样检验",
        legal_basis="《产品质量法》第十五条",
    )
    today = timezone.localdate()
    firms = []
    for i in range(60):
        firm = EnterpriseFactory(uscc=uscc_for(1000 + i))
        graded(firm, "C", red=False, since=today, ratio=0.20)  # about a dozen drawn
        firms.append(firm)
    officers = [
        Inspector.objects.create(name=f"检查员{k}", badge_no=f"AQ{k:03d}", department=dept)
        for k in range(4)
    ]
    officers[0].conflicts.add(*firms)  # declared a conflict with every firm
    return {
        "dept": dept,
        "grader": grader,
        "clerk": clerk,
        "item": item,
        "firms": firms,
        "officers": officers,
    }


def draw(s: dict[str, Any], seed: str = "fixed-seed") -> InspectionPlan:
    today = timezone.localdate()
    return plan_draw(
        actor=s["grader"],
        title="2026年第四季度产品质量抽查",
        region="3408",
        industry="",
        period_start=today - dt.timedelta(days=10),
        period_end=today + dt.timedelta(days=30),
        items=[s["item"]],
        seed=seed,
    )


def test_the_draw_reads_each_classs_ratio_from_its_grade_rows(setting: dict[str, Any]) -> None:
    """Not a recomputation from the matrix (C 20 % would draw 12 of 60): the rows give the
    class 50 %, so 30 are drawn; a class whose rows disagree (a regrade under way) takes the
    highest, so no firm is sampled below its own row; an ungraded firm gets B's ratio."""
    firms = setting["firms"]
    EnterpriseGrade.objects.filter(enterprise__in=firms).update(sampling_ratio=0.5)
    plan = draw(setting, seed="rows")
    got = {t.enterprise_id: t.probability for t in plan.targets.all()}
    assert len(got) == 30
    assert set(got.values()) == {0.5}
    EnterpriseGrade.objects.filter(enterprise=firms[0]).update(sampling_ratio=0.9)
    plan = draw(setting, seed="rows")
    assert plan.targets.count() == 54  # ceil(0.9 x 60)
    stratum = plan.strata.get()
    assert (stratum.grade, stratum.risk, stratum.pool_size, stratum.ratio, stratum.drawn) == (
        "C",
        "I",
        60,
        0.9,
        54,
    )
    EnterpriseGrade.objects.filter(enterprise=firms[-1]).delete()
    ungraded = EnterpriseFactory(uscc=uscc_for(2000))
    risk = ungraded.product_risk
    b_ratio = DEFAULT_MATRIX["B"][risk]["sampling_ratio"]
    pool = {
        f.pk: f.ratio for f in enterprise_pool(region="3408", industry="", matrix=DEFAULT_MATRIX)
    }
    assert pool[ungraded.pk] == b_ratio
    assert pool[firms[-1].pk] == DEFAULT_MATRIX["B"][firms[-1].product_risk]["sampling_ratio"]


def test_a_plan_is_drawn_published_and_fed_back(setting: dict[str, Any]) -> None:
    plan = draw(setting)
    targets = list(plan.targets.prefetch_related("inspectors"))
    assert 3 <= len(targets) <= 25
    assert plan.pool_size == 60
    for t in targets:
        assert setting["officers"][0] not in t.inspectors.all()  # the declared conflict
        assert t.inspectors.count() == 2
    # The same seed redraws the same firms (the public can check it).
    again = draw(setting)
    assert [t.enterprise_id for t in again.targets.order_by("enterprise__uscc")] == [
        t.enterprise_id for t in plan.targets.order_by("enterprise__uscc")
    ]
    # Not public until published.
    assert Client().get(f"/random-inspections/{plan.pk}/").status_code == 404
    plan_publish(actor=setting["grader"], plan=plan)
    public = Client().get(f"/random-inspections/{plan.pk}/").content.decode()
    assert plan.seed in public
    assert targets[0].enterprise.name in public
    # A result becomes an inspection record of the file and regrades the firm.
    target = targets[0]
    record = plan_result_record(
        actor=setting["clerk"],
        target=target,
        product="电线电缆",
        result="fail",
        defect_severity="serious",
        inspected_on=timezone.localdate(),
    )
    assert record.kind == "random"
    assert record.enterprise == target.enterprise
    assert PlanTarget.objects.get(pk=target.pk).record == record
    assert GradeRecomputeRequest.objects.filter(enterprise=target.enterprise).exists()
    assert "不合格" in Client().get(f"/random-inspections/{plan.pk}/").content.decode()
    # An upheld objection withdraws the result: the plan page no longer shows it.
    InspectionRecord.objects.filter(pk=record.pk).update(
        withdrawn_on=timezone.localdate(), updated_at=timezone.now()
    )
    assert "不合格" not in Client().get(f"/random-inspections/{plan.pk}/").content.decode()


def test_recent_inspectors_are_left_out_next_time(setting: dict[str, Any]) -> None:
    first = draw(setting)
    plan_publish(actor=setting["grader"], plan=first)  # a draft visits nobody; this one does
    second = draw(setting)  # same firms drawn; the first plan's inspectors visited them
    for t in second.targets.prefetch_related("inspectors"):
        before = PlanTarget.objects.get(plan=first, enterprise=t.enterprise).inspectors.all()
        assert not set(before) & set(t.inspectors.all())


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"region": "99"}, ValidationError),
        ({"region": "44"}, PermissionDenied),
        ({"items": []}, ValidationError),
        ({"period_end": dt.date(2020, 1, 1)}, ValidationError),
    ],
)
def test_bad_plans_are_refused_and_write_nothing(
    setting: dict[str, Any], change: dict[str, Any], error: type
) -> None:
    today = timezone.localdate()
    args = {
        "actor": setting["grader"],
        "title": "计划",
        "region": "3408",
        "industry": "",
        "period_start": today,
        "period_end": today + dt.timedelta(days=5),
        "items": [setting["item"]],
    } | change
    with pytest.raises(error):
        plan_draw(**args)
    assert not InspectionPlan.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "list_officer", "approver"])
def test_only_graders_and_admins_draw_plans(setting: dict[str, Any], role: str) -> None:
    actor = RegulatorFactory(role=role, jurisdiction="3408", department=setting["dept"])
    with pytest.raises(PermissionDenied):
        plan_draw(
            actor=actor,
            title="x",
            region="3408",
            industry="",
            period_start=timezone.localdate(),
            period_end=timezone.localdate(),
            items=[setting["item"]],
        )


def test_results_need_a_published_plan_and_a_clerk(setting: dict[str, Any]) -> None:
    from core.errors import IllegalTransitionError

    plan = draw(setting)
    target = plan.targets.first()
    kw = {
        "product": "x",
        "result": "pass",
        "defect_severity": "",
        "inspected_on": timezone.localdate(),
    }
    with pytest.raises(IllegalTransitionError):
        plan_result_record(actor=setting["clerk"], target=target, **kw)
    plan_publish(actor=setting["grader"], plan=plan)
    with pytest.raises(PermissionDenied):
        plan_result_record(actor=setting["grader"], target=target, **kw)
    with pytest.raises(ValidationError):
        plan_result_record(
            actor=setting["clerk"],
            target=target,
            **(kw | {"inspected_on": timezone.localdate() + dt.timedelta(days=1)}),
        )
    assert not InspectionRecord.objects.exists()
