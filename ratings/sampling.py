"""A firm's random-inspection sampling ratio (双随机, DOMAIN.md section 4), read in one way.

The ratio is written on the grade row with the grade (the treatment of the grade in force,
an override's included, for the firm's product-risk class); a firm not graded yet gets the
ratio of B, the grade of a firm with no signal, for the class it is planned as (a firm whose
product risk was never set is sampled as class I, ratings.risk). The planner reads it through
these, never recomputing it from the matrix of a graded firm.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, FloatField, Value, When
from django.db.models.functions import Coalesce

from ratings.policy import RISKS
from ratings.risk import planned_as_q, planning_risk

UNGRADED = "B"


def sampling_ratio(*, graded_ratio: float | None, risk: str, matrix: dict[str, Any]) -> float:
    """`graded_ratio`: the grade row's sampling_ratio, None for a firm without a grade row;
    `risk`: the firm's product risk, "" when never set."""
    if graded_ratio is not None:
        return float(graded_ratio)
    return float(matrix[UNGRADED][planning_risk(risk)]["sampling_ratio"])


def sampling_ratio_expr(*, matrix: dict[str, Any]) -> Coalesce:
    """The same over Enterprise rows: the grade row's ratio, else B's for the firm's risk."""
    ungraded = Case(
        *(
            When(planned_as_q(risk), then=Value(float(matrix[UNGRADED][risk]["sampling_ratio"])))
            for risk in RISKS
        ),
        output_field=FloatField(),
    )
    return Coalesce(F("grade__sampling_ratio"), ungraded, output_field=FloatField())
