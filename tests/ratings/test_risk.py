"""Unknown product risk: stored as unknown, planned as class I (the strictest) until set, read
through one rule whose Python, query and SQL forms agree; grading and sampling follow it."""

from __future__ import annotations

import copy

import pytest
from django.db import IntegrityError

from enterprises.models import Enterprise, ProductRisk
from enterprises.services.register import enterprise_register, enterprise_update
from ratings.models import EnterpriseGrade
from ratings.policy import DEFAULT_MATRIX, RISKS
from ratings.risk import (
    planned_as_q,
    planning_risk,
    planning_risk_expr,
    planning_risk_sql,
    risk_unknown_q,
)
from ratings.sampling import sampling_ratio, sampling_ratio_expr
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import EnterpriseFactory
from tests.sql import ids_where

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms() -> dict[str, Enterprise]:
    return {risk: EnterpriseFactory(product_risk=risk) for risk in ["", "I", "II", "III"]}


def test_the_python_query_and_sql_forms_agree(firms: dict[str, Enterprise]) -> None:
    rows = list(Enterprise.objects.filter(pk__in=[f.pk for f in firms.values()]))
    python = {f.pk: planning_risk(f.product_risk) for f in rows}
    expr = dict(
        Enterprise.objects.filter(pk__in=python)
        .annotate(r=planning_risk_expr())
        .values_list("pk", "r")
    )
    assert python == expr
    for risk in RISKS:
        by_python = {pk for pk, r in python.items() if r == risk}
        by_q = set(
            Enterprise.objects.filter(planned_as_q(risk), pk__in=python).values_list(
                "pk", flat=True
            )
        )
        by_sql = ids_where(
            "enterprises_enterprise", "e", f"{planning_risk_sql('e.product_risk')} = '{risk}'"
        )
        assert by_python == by_q == by_sql, risk
    assert python[firms[""].pk] == "I"  # the strictest class, not the laxest
    assert [python[firms[r].pk] for r in RISKS] == list(RISKS)  # a set risk is kept
    unknown = set(Enterprise.objects.filter(risk_unknown_q()).values_list("pk", flat=True))
    assert unknown == {firms[""].pk}


def test_a_firm_registered_without_a_risk_is_unknown_not_low() -> None:
    firm = enterprise_register(
        actor=None,
        uscc="914403001922038216",
        name="深圳未分类公司",
        legal_representative="李四",
        region_id="440305",
        industry="C",
    )
    assert firm.product_risk == ProductRisk.UNKNOWN
    assert firm.get_product_risk_display() == "Not yet classified"


def test_the_database_still_refuses_an_unknown_code() -> None:
    with pytest.raises(IntegrityError):
        EnterpriseFactory(product_risk="IV")


def test_grading_treats_an_unknown_risk_as_class_i_until_it_is_set() -> None:
    firm = EnterpriseFactory(product_risk="")
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    row = EnterpriseGrade.objects.get(enterprise=firm)
    strict = DEFAULT_MATRIX["B"]["I"]
    assert row.grade == "B"
    assert (row.inspections_min, row.inspections_max, row.sampling_ratio) == (
        strict["inspections_min"],
        strict["inspections_max"],
        strict["sampling_ratio"],
    )
    enterprise_update(actor=None, enterprise=firm, changes={"product_risk": "III"})
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    row.refresh_from_db()
    assert (row.inspections_min, row.inspections_max) == (1, 1)  # B x III


def test_an_ungraded_firm_of_unknown_risk_is_sampled_at_class_is_ratio() -> None:
    matrix = copy.deepcopy(DEFAULT_MATRIX)
    matrix["B"]["I"]["sampling_ratio"] = 0.11
    matrix["B"]["III"]["sampling_ratio"] = 0.01
    firm = EnterpriseFactory(product_risk="")
    query = Enterprise.objects.annotate(r=sampling_ratio_expr(matrix=matrix)).get(pk=firm.pk).r
    python = sampling_ratio(graded_ratio=None, risk=firm.product_risk, matrix=matrix)
    assert query == python == 0.11
