"""Supervision plans from the grade x product-risk table (DOMAIN.md section 4).

For a region and a year: each active firm's required inspections, the inspections it has had
that year and the shortfall. What counts as an inspection, and what a firm requires, are each
written once here, as a query and as a Python function (tests hold them together):

- counted: every inspection record of the file, supervisory sampling (监督抽查) and random
  inspection (双随机) alike, at any level, dated (`inspected_on`) within the calendar year, and
  not withdrawn after an upheld objection (withdrawn records count for nothing anywhere);
- required: the lower figure of the firm's row of the table (`inspections_min`, 0 for "as
  needed"), as written on its grade row with the grade (override included, for the risk class
  it is planned as); a firm not graded yet is planned as B, the grade of a firm with no signal,
  under the policy in force; a firm whose product risk was never set as class I (ratings.risk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from enterprises.models import Enterprise, EnterpriseStatus, InspectionRecord
from ratings.policy import RISKS
from ratings.risk import planned_as_q, planning_risk, planning_risk_expr, risk_unknown_q
from ratings.sampling import UNGRADED


class _Inspection(Protocol):
    @property
    def inspected_on(self) -> dt.date: ...
    @property
    def withdrawn_on(self) -> dt.date | None: ...


def inspection_counted_q(*, year: int, prefix: str = "") -> Q:
    """Inspection records that count towards `year`'s plan."""
    return Q(
        **{
            f"{prefix}inspected_on__gte": dt.date(year, 1, 1),
            f"{prefix}inspected_on__lte": dt.date(year, 12, 31),
            f"{prefix}withdrawn_on__isnull": True,
        }
    )


def inspection_counted(record: _Inspection, *, year: int) -> bool:
    return record.inspected_on.year == year and record.withdrawn_on is None


def required_inspections(*, graded_min: int | None, risk: str, matrix: dict[str, Any]) -> int:
    """`graded_min`: the grade row's inspections_min, None for a firm not graded yet;
    `risk`: the firm's product risk, "" when never set."""
    if graded_min is not None:
        return graded_min
    return int(matrix[UNGRADED][planning_risk(risk)]["inspections_min"])


def required_inspections_expr(*, matrix: dict[str, Any]) -> Coalesce:
    """The same over Enterprise rows."""
    ungraded = Case(
        *(
            When(planned_as_q(risk), then=Value(int(matrix[UNGRADED][risk]["inspections_min"])))
            for risk in RISKS
        ),
        output_field=IntegerField(),
    )
    return Coalesce(F("grade__inspections_min"), ungraded, output_field=IntegerField())


def _done_expr(*, year: int) -> Coalesce:
    counted = (
        InspectionRecord.objects.filter(inspection_counted_q(year=year), enterprise=OuterRef("pk"))
        .order_by()
        .values("enterprise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def supervision_plan_rows(
    *,
    region: str,
    year: int,
    matrix: dict[str, Any],
    under_only: bool = False,
    risk_unknown_only: bool = False,
) -> QuerySet[Enterprise]:
    """Active firms of the region (code prefix), annotated with `required`, `done`,
    `shortfall` and `planned_risk`, the largest shortfall first: one statement per page."""
    qs = (
        Enterprise.objects.filter(region__code__startswith=region, status=EnterpriseStatus.ACTIVE)
        .annotate(
            required=required_inspections_expr(matrix=matrix),
            done=_done_expr(year=year),
            planned_risk=planning_risk_expr(),
        )
        .annotate(shortfall=Greatest(F("required") - F("done"), Value(0)))
    )
    if under_only:
        qs = qs.filter(shortfall__gt=0)
    if risk_unknown_only:
        qs = qs.filter(risk_unknown_q())
    return qs.select_related("grade", "region").order_by("-shortfall", "uscc")


@dataclass(frozen=True)
class PlanSummary:
    firms: int
    under_inspected: int
    shortfall: int  # inspections missing, summed over the firms
    risk_unknown: int  # firms whose product risk was never set (a data gap)


def supervision_plan_summary(*, region: str, year: int, matrix: dict[str, Any]) -> PlanSummary:
    """The counts of the whole region and year, in one statement."""
    totals = supervision_plan_rows(region=region, year=year, matrix=matrix).aggregate(
        firms=Count("pk"),
        under=Count("pk", filter=Q(shortfall__gt=0)),
        missing=Coalesce(Sum("shortfall"), Value(0)),
        unknown=Count("pk", filter=risk_unknown_q()),
    )
    return PlanSummary(totals["firms"], totals["under"], totals["missing"], totals["unknown"])
