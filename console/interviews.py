"""C firms whose interview (约谈) is due: one reading for the work queue and the supervision
plan. Due while the grade row says so (the policy's `interview` for the grade and risk class)
and no interview has been recorded since the firm got its grade."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from accounts.roles import covers_q
from console.models import Interview
from ratings.models import EnterpriseGrade


def interviews_due(*, region: str) -> QuerySet[EnterpriseGrade]:
    """Grade rows of firms of the region (code prefix; none: national) to interview, longest
    waiting first."""
    held = Interview.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), held_on__gte=OuterRef("grade_since")
    )
    return (
        EnterpriseGrade.objects.filter(
            covers_q(region, field="enterprise__region__code"), grade="C", interview_due=True
        )
        .exclude(Exists(held))
        .select_related("enterprise")
        .order_by("grade_since", "enterprise_id")
    )
