"""No class is exempt: a policy whose sampling ratio is 0, negative or above 1 is refused with
a message naming the cell; 1 (every firm of the class) is allowed."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ratings.models import GradingPolicy
from ratings.policy import DEFAULT_MATRIX, matrix_problems, sampling_ratio_problem
from ratings.services.policy import grading_policy_active, grading_policy_publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The policy's problems are read here in English (the catalogue says them in Chinese)."""
    with translation.override("en"):
        yield


def _matrix(ratio: Any, grade: str = "AA", risk: str = "II") -> dict[str, Any]:
    matrix = copy.deepcopy(DEFAULT_MATRIX)
    matrix[grade][risk]["sampling_ratio"] = ratio
    return matrix


@pytest.mark.parametrize(
    ("ratio", "words"),
    [
        (0, "no class is exempt"),
        (0.0, "no class is exempt"),
        (-0.05, "no class is exempt"),
        (1.0001, "at most 1"),
        (2, "at most 1"),
        ("0.05", "a number"),
        (True, "a number"),
        (None, "a number"),
    ],
)
def test_it_refuses_a_ratio_outside_0_exclusive_to_1(
    make_user: Any, ratio: Any, words: str
) -> None:
    assert words in (sampling_ratio_problem(ratio) or "")
    problems = matrix_problems(_matrix(ratio))
    assert problems == [f"matrix AA/II {sampling_ratio_problem(ratio)}"]
    v1 = grading_policy_active()
    with pytest.raises(ValidationError, match=words):
        grading_policy_publish(
            rules=v1.rules,
            matrix=_matrix(ratio),
            note="试行",
            actor=make_user("admin", jurisdiction="34"),
            recompute=False,
        )
    assert GradingPolicy.objects.count() == 1


@pytest.mark.parametrize("ratio", [1, 1.0, 0.0001, 0.02])
def test_it_accepts_a_ratio_above_0_up_to_1(make_user: Any, ratio: float) -> None:
    assert sampling_ratio_problem(ratio) is None
    v1 = grading_policy_active()
    v2 = grading_policy_publish(
        rules=v1.rules,
        matrix=_matrix(ratio, grade="C", risk="I"),
        note="C类全检",
        actor=make_user("admin", jurisdiction="34"),
        recompute=False,
    )
    assert v2.matrix["C"]["I"]["sampling_ratio"] == ratio


def test_the_default_policy_exempts_no_class() -> None:
    assert matrix_problems(DEFAULT_MATRIX) == []
    assert matrix_problems(grading_policy_active().matrix) == []
