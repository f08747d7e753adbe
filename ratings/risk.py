"""The product-risk class a firm is planned and sampled as, read in one way.

A firm whose product risk was never set (ProductRisk.UNKNOWN, shown to regulators as a data
gap) is treated as class I, the strictest, until a regulator sets it: an unknown risk must
never buy a firm the laxest supervision. Grading (the treatment written on the grade row, both
paths), the sampling ratio of a firm not graded yet and the supervision plan all read it here;
tests/ratings/test_risk.py holds the forms together.
"""

from __future__ import annotations

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf

from enterprises.models import ProductRisk

UNKNOWN_PLANNED_AS = ProductRisk.HIGH.value  # the strictest class


def planning_risk(risk: str) -> str:
    """The class a firm with product risk `risk` ("" when never set) is planned as."""
    return risk or UNKNOWN_PLANNED_AS


def planning_risk_expr(*, prefix: str = "") -> Coalesce:
    """The same over Enterprise rows (`prefix` like "enterprise__" from a related model)."""
    return Coalesce(
        NullIf(F(f"{prefix}product_risk"), Value(ProductRisk.UNKNOWN.value)),
        Value(UNKNOWN_PLANNED_AS),
    )


def planned_as_q(risk: str, *, prefix: str = "") -> Q:
    """Firms planned as class `risk`: those set to it, and for class I those with none set."""
    q = Q(**{f"{prefix}product_risk": risk})
    if risk == UNKNOWN_PLANNED_AS:
        q |= risk_unknown_q(prefix=prefix)
    return q


def planning_risk_sql(column: str) -> str:
    """The same in the set-based grading SQL, over a product_risk `column`."""
    return f"COALESCE(NULLIF({column}, ''), '{UNKNOWN_PLANNED_AS}')"


def risk_unknown_q(*, prefix: str = "") -> Q:
    """Firms whose product risk was never set: the data gap regulators are shown."""
    return Q(**{f"{prefix}product_risk": ProductRisk.UNKNOWN.value})
