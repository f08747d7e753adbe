"""A firm's sampling ratio is read from its grade row (B's ratio for its risk class while it is
not graded): the Python form and the query form agree on the same firms."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from enterprises.models import Enterprise
from ratings.policy import DEFAULT_MATRIX
from ratings.sampling import sampling_ratio, sampling_ratio_expr
from tests.disclosure.test_lists_and_api import graded
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("b_ratios", [None, {"I": 0.09, "II": 0.07, "III": 0.06}])
def test_the_grade_row_and_the_query_give_the_same_ratio(b_ratios: dict | None) -> None:
    matrix = copy.deepcopy(DEFAULT_MATRIX)
    for risk, ratio in (b_ratios or {}).items():
        matrix["B"][risk]["sampling_ratio"] = ratio
    today = dt.date(2026, 11, 26)
    firms = []
    for n, risk in enumerate(["I", "II", "III"]):
        firms.append(EnterpriseFactory(product_risk=risk))  # not graded
        graded_firm = EnterpriseFactory(product_risk=risk)
        # A ratio the matrix in force would not give: the row's is what the firm was given.
        graded(graded_firm, "C", red=False, since=today, ratio=0.5 + n / 10)
        firms.append(graded_firm)
    rows = Enterprise.objects.filter(pk__in=[f.pk for f in firms]).select_related("grade")
    python = {
        f.pk: sampling_ratio(
            graded_ratio=f.grade.sampling_ratio if hasattr(f, "grade") else None,
            risk=f.product_risk,
            matrix=matrix,
        )
        for f in rows
    }
    query = dict(
        Enterprise.objects.filter(pk__in=python)
        .annotate(ratio=sampling_ratio_expr(matrix=matrix))
        .values_list("pk", "ratio")
    )
    assert query == pytest.approx(python)
    ungraded, graded_firms = firms[::2], firms[1::2]
    assert [python[f.pk] for f in ungraded] == [
        matrix["B"][r]["sampling_ratio"] for r in ("I", "II", "III")
    ]
    assert [python[f.pk] for f in graded_firms] == pytest.approx([0.5, 0.6, 0.7])
