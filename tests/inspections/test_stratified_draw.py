"""Random-inspection plans drawn by class: each grade x planned-risk class of the pool draws
ceil(ratio x its size) firms, at least one, reproducibly from the published seed."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections.models import InspectionItem, PlanStratum
from inspections.sampling import PoolFirm, firms_draw, firms_draw_stratified, stratum_quota
from inspections.services import plan_draw, plan_publish
from tests.disclosure.test_lists_and_api import graded
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory, uscc_for

# Anqing's graded firms (DOMAIN.md section 4) at the default ratios.
ANQING = {"AA": (7, 0.02), "A": (36, 0.03), "B": (76, 0.05), "C": (6, 0.20)}


def anqing_pool(risk: str = "II") -> list[PoolFirm]:
    return [
        PoolFirm(pk=g * 1000 + i, uscc=f"9134080{g}{i:010d}X", grade=grade, risk=risk, ratio=ratio)
        for g, (grade, (n, ratio)) in enumerate(ANQING.items())
        for i in range(n)
    ]


def test_1000_seeded_plans_each_draw_every_class() -> None:
    pool = anqing_pool()
    for n in range(1000):
        drawn, strata = firms_draw_stratified(pool, seed=f"anqing-{n}")
        by_grade = Counter(d.firm.grade for d in drawn)
        # ceil: AA 0.14 -> 1, A 1.08 -> 2, B 3.8 -> 4, C 1.2 -> 2
        assert by_grade == {"AA": 1, "A": 2, "B": 4, "C": 2}, n
        assert [(s.grade, s.pool_size, s.drawn) for s in strata] == [
            ("AA", 7, 1),
            ("A", 36, 2),
            ("B", 76, 4),
            ("C", 6, 2),
        ]


def test_independent_draws_leave_classes_out_where_the_stratified_draw_does_not() -> None:
    """Why the draw changed: at these ratios most independent plans miss the AA class."""
    pool = anqing_pool()
    missed = sum(
        1
        for n in range(200)
        if not any(d.firm.grade == "AA" for d in firms_draw(pool, seed=f"anqing-{n}"))
    )
    assert missed > 100


def test_the_same_seed_and_pool_give_the_same_plan() -> None:
    pool = anqing_pool()
    shuffled = pool[:]
    random.Random(7).shuffle(shuffled)  # noqa: S311 (a fixed shuffle, not a secret)
    first, strata = firms_draw_stratified(pool, seed="2026-Q4")
    again, strata_again = firms_draw_stratified(shuffled, seed="2026-Q4")
    assert [d.firm.pk for d in first] == [d.firm.pk for d in again]
    assert strata == strata_again
    assert [d.firm.uscc for d in first] == sorted(d.firm.uscc for d in first)
    others = {
        tuple(d.firm.pk for d in firms_draw_stratified(pool, seed=f"other-{n}")[0])
        for n in range(5)
    }
    assert len(others | {tuple(d.firm.pk for d in first)}) > 1


def test_a_class_s_draw_does_not_move_when_another_class_grows() -> None:
    pool = anqing_pool()
    bigger = [*pool, PoolFirm(99_999, "9134080999999999X", "B", "II", 0.05)]
    aa = [d.firm.pk for d in firms_draw_stratified(pool, seed="s")[0] if d.firm.grade == "AA"]
    aa2 = [d.firm.pk for d in firms_draw_stratified(bigger, seed="s")[0] if d.firm.grade == "AA"]
    assert aa == aa2


@pytest.mark.parametrize(
    ("pool_size", "ratio", "quota"),
    [
        (0, 0.2, 0),  # an empty class draws nothing
        (1, 0.02, 1),  # at least one
        (7, 0.02, 1),
        (49, 0.02, 1),  # 0.98
        (50, 0.02, 1),  # exactly 1
        (51, 0.02, 2),  # 1.02
        (100, 0.07, 7),  # exactly 7, although 0.07 * 100 is 7.000000000000001 in floats
        (101, 0.07, 8),
        (20, 0.05, 1),
        (21, 0.05, 2),
        (6, 1.0, 6),  # every firm
        (3, 0.5, 2),  # 1.5
    ],
)
def test_the_quota_rounds_up_at_its_boundaries(pool_size: int, ratio: float, quota: int) -> None:
    assert stratum_quota(pool_size=pool_size, ratio=ratio) == quota


def test_classes_are_grade_by_planned_risk_and_ungraded_firms_draw_with_b() -> None:
    pool = [
        PoolFirm(1, "000000000000000001", "C", "I", 0.2),
        PoolFirm(2, "000000000000000002", "C", "III", 0.2),
        PoolFirm(3, "000000000000000003", "", "I", 0.05),  # not graded yet: B's ratio
        PoolFirm(4, "000000000000000004", "B", "I", 0.05),
    ]
    drawn, strata = firms_draw_stratified(pool, seed="x")
    assert [(s.grade, s.risk, s.pool_size, s.drawn) for s in strata] == [
        ("B", "I", 2, 1),
        ("C", "I", 1, 1),
        ("C", "III", 1, 1),
    ]
    assert len(drawn) == 3
    assert {d.probability for d in drawn} == {0.5, 1.0}


@pytest.fixture
def anqing_file(db: Any) -> dict[str, Any]:
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    grader = RegulatorFactory(role="grader", jurisdiction="3408", department=dept)
    item = InspectionItem.objects.create(
        code="AQ-01", name="产品质量监督抽查", method="抽样检验", legal_basis="《产品质量法》"
    )
    today = timezone.localdate()
    n = 0
    for grade, (count, ratio) in ANQING.items():
        for _i in range(count):
            n += 1
            firm = EnterpriseFactory(uscc=uscc_for(3000 + n), product_risk="II")
            graded(firm, grade, red=False, since=today, ratio=ratio)
    unknown = EnterpriseFactory(uscc=uscc_for(2999), product_risk="")  # not graded, risk unset
    return {"dept": dept, "grader": grader, "item": item, "unknown": unknown}


def test_a_drawn_plan_stores_and_shows_each_class(anqing_file: dict[str, Any]) -> None:
    today = timezone.localdate()
    plan = plan_draw(
        actor=anqing_file["grader"],
        title="2026年安庆双随机抽查",
        region="3408",
        industry="",
        period_start=today,
        period_end=today + dt.timedelta(days=30),
        items=[anqing_file["item"]],
        seed="published-2026",
    )
    rows = list(PlanStratum.objects.filter(plan=plan).order_by("id"))
    assert [(s.grade, s.risk, s.pool_size, s.ratio, s.drawn) for s in rows] == [
        ("AA", "II", 7, 0.02, 1),
        ("A", "II", 36, 0.03, 2),
        ("B", "I", 1, 0.05, 1),  # the firm of unknown risk, planned as I, sampled as B
        ("B", "II", 76, 0.05, 4),
        ("C", "II", 6, 0.2, 2),
    ]
    assert plan.targets.count() == 10
    assert plan.targets.filter(enterprise=anqing_file["unknown"]).exists()
    client = Client()
    client.force_login(anqing_file["grader"])
    page = client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert '<th scope="row">AA</th><td>II</td><td>7</td><td>2 %</td><td>1</td>' in page
    plan_publish(actor=anqing_file["grader"], plan=plan)
    public = Client().get(reverse("inspections:public_plan", args=[plan.pk])).content.decode()
    assert '<th scope="row">C</th><td>II</td><td>6</td><td>20 %</td><td>2</td>' in public
