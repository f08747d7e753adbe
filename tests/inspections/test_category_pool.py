"""A plan narrowed to a product category draws only firms with a confirmed product of it, and
still draws each grade class of the narrowed pool apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.actions import AuditAction
from core.models import AuditEntry
from enterprises.models import Enterprise, Product, ProductCategory
from enterprises.rules import product_in_category, product_in_category_q
from inspections.models import InspectionItem, InspectionPlan
from inspections.services import enterprise_pool, plan_draw
from ratings.policy import DEFAULT_MATRIX
from tests.disclosure.test_lists_and_api import graded
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    ProductFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
CABLES = ProductCategory.CABLES


@pytest.fixture
def area() -> dict[str, Any]:
    """In 3408: 10 C and 10 B cable makers, firms making other things, a firm whose cable
    product is only seen on a record (unconfirmed) and a firm of another area making cables."""
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    grader = RegulatorFactory(role="grader", jurisdiction="3408", department=dept)
    item = InspectionItem.objects.create(
        code="AQ-01", name="电线电缆抽查", method="抽样检验", legal_basis="《产品质量法》"
    )
    today = timezone.localdate()
    makers: list[Enterprise] = []
    for i in range(20):
        firm = EnterpriseFactory(uscc=uscc_for(3000 + i), product_risk="I")
        graded(firm, "C" if i < 10 else "B", red=False, since=today, ratio=0.2 if i < 10 else 0.1)
        ProductFactory(enterprise=firm, category=CABLES)
        makers.append(firm)
    others = []
    for i in range(15):
        firm = EnterpriseFactory(uscc=uscc_for(4000 + i), product_risk="I")
        graded(firm, "C", red=False, since=today, ratio=0.2)
        ProductFactory(enterprise=firm, category=ProductCategory.BUILDING)
        others.append(firm)
    unconfirmed = EnterpriseFactory(uscc=uscc_for(5000), product_risk="I")
    ProductFactory(enterprise=unconfirmed, category=CABLES, confirmed=False)
    far = EnterpriseFactory(uscc=uscc_for(6000, "440305"), region_id="440305")
    ProductFactory(enterprise=far, category=CABLES)
    return {
        "grader": grader,
        "item": item,
        "makers": makers,
        "others": others,
        "unconfirmed": unconfirmed,
        "far": far,
    }


def _draw(a: dict[str, Any], category: str, seed: str = "cable-seed") -> InspectionPlan:
    today = timezone.localdate()
    return plan_draw(
        actor=a["grader"],
        title="电线电缆专项抽查",
        region="3408",
        industry="",
        period_start=today,
        period_end=today + dt.timedelta(days=30),
        items=[a["item"]],
        seed=seed,
        product_category=category,
    )


def test_the_rule_reads_confirmed_products_of_the_category_in_both_forms(
    area: dict[str, Any],
) -> None:
    for product in Product.objects.all():
        in_q = Product.objects.filter(product_in_category_q(category=CABLES), pk=product.pk)
        assert in_q.exists() is product_in_category(product, category=CABLES)


def test_the_pool_holds_only_the_categorys_makers(area: dict[str, Any]) -> None:
    pool = enterprise_pool(
        region="3408", industry="", matrix=DEFAULT_MATRIX, product_category=CABLES
    )
    assert {f.pk for f in pool} == {f.pk for f in area["makers"]}
    everyone = enterprise_pool(region="3408", industry="", matrix=DEFAULT_MATRIX)
    assert len(everyone) == 20 + 15 + 1


def test_only_makers_of_the_category_are_drawn_class_by_class(area: dict[str, Any]) -> None:
    for seed in ("a", "b", "c", "d"):
        plan = _draw(area, CABLES, seed=seed)
        drawn = set(plan.targets.values_list("enterprise_id", flat=True))
        assert drawn <= {f.pk for f in area["makers"]}
        assert plan.pool_size == 20
        strata = {(s.grade, s.pool_size, s.drawn) for s in plan.strata.all()}
        # ceil(0.2 x 10) = 2 C makers, ceil(0.1 x 10) = 1 B maker: each class drawn apart.
        assert strata == {("C", 10, 2), ("B", 10, 1)}
        assert plan.targets.filter(grade="C").count() == 2
        assert plan.targets.filter(grade="B").count() == 1
    assert plan.product_category == CABLES
    entry = AuditEntry.objects.filter(action=AuditAction.PLAN_DRAWN).latest("created_at")
    assert entry.data["product_category"] == CABLES


def test_a_category_nobody_makes_draws_an_empty_plan(area: dict[str, Any]) -> None:
    plan = _draw(area, ProductCategory.TEXTILES)
    assert plan.pool_size == 0
    assert plan.targets.count() == 0


def test_an_unknown_category_is_refused_and_nothing_is_written(area: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        _draw(area, "rockets")
    assert "product_category" in exc.value.message_dict
    assert InspectionPlan.objects.count() == 0


def test_the_planner_page_draws_a_narrowed_plan_and_shows_the_category(
    area: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(area["grader"])
    today = timezone.localdate()
    form = {
        "title": "电线电缆专项抽查",
        "region": "3408",
        "industry": "",
        "product_category": CABLES,
        "period_start": today.isoformat(),
        "period_end": (today + dt.timedelta(days=30)).isoformat(),
        "items": [area["item"].pk],
        "seed": "page-seed",
    }
    r = client.post(reverse("inspections:plans"), form)
    assert r.status_code == 302
    plan = InspectionPlan.objects.get()
    assert plan.product_category == CABLES
    assert set(plan.targets.values_list("enterprise_id", flat=True)) <= {
        f.pk for f in area["makers"]
    }
    client.cookies["django_language"] = "en"
    body = client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert "Wires and cables" in body
    bad = client.post(reverse("inspections:plans"), {**form, "product_category": "rockets"})
    assert bad.status_code == 400
    assert InspectionPlan.objects.count() == 1
