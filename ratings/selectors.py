"""Reads of grades for regulator and firm pages, scoped like credit files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from enterprises.models import Enterprise, Region
from enterprises.selectors import enterprise_scope
from ratings.explain import effect_explain, factor_explain
from ratings.models import EnterpriseGrade, GradeChange, GradeOverride
from ratings.policy import GRADES, rules_from
from ratings.services.policy import grading_low_fine_threshold


@dataclass(frozen=True)
class ExplainedFactor:
    code: str
    text: str
    effect: str
    effect_text: str


def grade_explained(*, grade: EnterpriseGrade) -> list[ExplainedFactor]:
    """The factors of a grade in plain words, the decisive ones first."""
    rules = rules_from(grade.policy.rules)
    low_fine = grading_low_fine_threshold()
    rank = {"C": 0, "blocks_A": 1, "blocks_AA": 2, "ok": 3}
    factors = sorted(grade.factors, key=lambda f: rank.get(f["effect"], 3))
    return [
        ExplainedFactor(
            f["code"],
            factor_explain(f, rules, low_fine_threshold=low_fine),
            f["effect"],
            effect_explain(f["effect"]),
        )
        for f in factors
    ]


def grade_history(*, enterprise: Enterprise, limit: int = 20) -> QuerySet[GradeChange]:
    return GradeChange.objects.filter(enterprise=enterprise).select_related("policy")[:limit]


def grade_overrides(*, enterprise: Enterprise) -> QuerySet[GradeOverride]:
    return GradeOverride.objects.filter(enterprise=enterprise).select_related("created_by")


@dataclass(frozen=True)
class DistributionRow:
    code: str
    name: str
    counts: dict[str, int]  # grade -> firms
    not_graded: int
    total: int


def grade_distribution(*, user: Any) -> list[DistributionRow]:
    """Firms per grade in each sub-region of the user's jurisdiction (one grouped query)."""
    return distribution_by_region(base=enterprise_scope(user=user), prefix=user.jurisdiction)


def distribution_by_region(*, base: QuerySet[Enterprise], prefix: str) -> list[DistributionRow]:
    """Firms of `base` per grade in each sub-region one level below `prefix` ("" = provinces)."""
    width = {0: 2, 2: 4, 4: 6}.get(len(prefix), 6)
    rows = (
        base.annotate(sub=Substr("region_id", 1, width))
        .values("sub", "grade__grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["sub"], {})[row["grade__grade"] or ""] = row["n"]
    codes = {sub: sub.ljust(6, "0") for sub in table}
    names = dict(Region.objects.filter(code__in=codes.values()).values_list("code", "name"))
    return [
        DistributionRow(
            code=codes[sub],
            name=names.get(codes[sub], codes[sub]),
            counts={g: counts.get(g, 0) for g in GRADES},
            not_graded=counts.get("", 0),
            total=sum(counts.values()),
        )
        for sub, counts in sorted(table.items())
    ]


def grade_for(*, enterprise: Enterprise) -> EnterpriseGrade | None:
    return (
        EnterpriseGrade.objects.select_related("policy", "override__created_by")
        .filter(enterprise=enterprise)
        .first()
    )
