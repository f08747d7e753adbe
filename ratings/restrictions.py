"""The grade in force as the restriction answers read it (lists.grade_source): registered at
RatingsConfig.ready(), as the lists below may not import grading."""

from __future__ import annotations

from collections.abc import Collection

from lists.grade_source import GradeBasis
from ratings.models import EnterpriseGrade


def restriction_grade_bases(*, enterprise_ids: Collection[int]) -> dict[int, GradeBasis]:
    """The firms' grade rows (one indexed read with their policy versions); ungraded ones
    are absent."""
    rows = EnterpriseGrade.objects.filter(enterprise_id__in=list(enterprise_ids)).values(
        "enterprise_id", "grade", "grade_since", "computed_on", "policy__version", "override_id"
    )
    return {
        row["enterprise_id"]: GradeBasis(
            grade=row["grade"],
            since=row["grade_since"],
            computed_on=row["computed_on"],
            policy_version=row["policy__version"],
            overridden=row["override_id"] is not None,
        )
        for row in rows
    }
