"""The grade in force as the restriction answers read it (lists.grade_source): registered at
RatingsConfig.ready(), as the lists below may not import grading."""

from __future__ import annotations

from lists.grade_source import GradeBasis
from ratings.models import EnterpriseGrade


def restriction_grade_basis(*, enterprise_id: int) -> GradeBasis | None:
    """The firm's grade row (one indexed read with its policy version), or None if ungraded."""
    row = (
        EnterpriseGrade.objects.filter(enterprise_id=enterprise_id)
        .values("grade", "grade_since", "computed_on", "policy__version", "override_id")
        .first()
    )
    if row is None:
        return None
    return GradeBasis(
        grade=row["grade"],
        since=row["grade_since"],
        computed_on=row["computed_on"],
        policy_version=row["policy__version"],
        overridden=row["override_id"] is not None,
    )
