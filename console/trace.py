"""Console reads for tracing products and recalls (issue 19): a GTIN's inspections at every
firm that made it, and a recall's progress, both within the regulator's jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.roles import in_jurisdiction, jurisdiction_q
from enterprises.models import InspectionRecord, Product, RecallRecord
from ratings.models import EnterpriseGrade
from ratings.policy import rules_from
from ratings.recalls import ordered_recall_blocks_through
from ratings.services.policy import grading_policy_active

AREA = "enterprise__region__code"


@dataclass(frozen=True)
class ProductTrace:
    gtin: str  # stored, 14 digits
    product: Product | None  # the product on file, wherever its maker is
    maker_in_area: bool  # whether the maker's file is the user's to open
    inspections: QuerySet[InspectionRecord]


def product_trace(*, user: Any, gtin: str) -> ProductTrace | None:
    """Inspections of the stored `gtin` at every firm of the user's area (a contract maker's
    batches too), newest first, withdrawn ones included and marked by the page; None when
    neither the product's maker nor any inspection of it is in the area (no probing)."""
    product = Product.objects.select_related("enterprise").filter(gtin=gtin).first()
    inspections = (
        InspectionRecord.objects.filter(jurisdiction_q(user, field=AREA), gtin=gtin)
        .select_related("enterprise", "source_department")
        .order_by("-inspected_on", "-pk")
    )
    maker_in_area = product is not None and in_jurisdiction(user, product.enterprise.region_id)
    if not maker_in_area and not inspections.exists():
        return None
    return ProductTrace(gtin, product, maker_in_area, inspections)


def recalls_of_area(*, user: Any, status: str = "", mode: str = "") -> QuerySet[RecallRecord]:
    """Recalls about firms of the user's area, newest first, optionally of one status and one
    mode (voluntary or ordered)."""
    qs = RecallRecord.objects.filter(jurisdiction_q(user, field=AREA)).select_related(
        "enterprise", "source_department"
    )
    if status:
        qs = qs.filter(status=status)
    if mode:
        qs = qs.filter(mode=mode)
    return qs.order_by("-recalled_on", "-pk")


def recall_of_area(*, user: Any, pk: int) -> RecallRecord | None:
    return (
        RecallRecord.objects.filter(jurisdiction_q(user, field=AREA), pk=pk)
        .select_related("enterprise__grade", "source_department")
        .first()
    )


@dataclass(frozen=True)
class StatusStep:
    at: dt.datetime
    status: str
    label: str
    withdrawn_on: dt.date | None
    first: bool  # the record as first received


@dataclass(frozen=True)
class RecallEffect:
    counts_today: bool  # keeps the firm's grade at B or below today
    blocks_through: dt.date | None  # the last day it does (None: a voluntary recall)
    years: int  # the policy's a_ordered_recall_years
    grade: EnterpriseGrade | None
    factor: dict[str, Any] | None  # the grade's ordered-recall factor, as stored


def recall_status_steps(*, recall: RecallRecord) -> list[StatusStep]:
    """The recall's status over time from its field history: the record as received, then
    each saved version whose status or withdrawal differs from the one before, oldest first."""
    steps: list[StatusStep] = []
    for row in recall.history.order_by("history_date", "history_id"):
        previous = steps[-1] if steps else None
        if previous and (row.status, row.withdrawn_on) == (
            previous.status,
            previous.withdrawn_on,
        ):
            continue
        steps.append(
            StatusStep(
                at=row.history_date,
                status=row.status,
                label=row.get_status_display(),
                withdrawn_on=row.withdrawn_on,
                first=previous is None,
            )
        )
    return steps


def recall_effect(*, recall: RecallRecord, today: dt.date | None = None) -> RecallEffect:
    """What the recall does to its firm's grade under the policy in force (ratings.recalls):
    an ordered one blocks A for the policy's years, a voluntary or withdrawn one nothing."""
    today = today or timezone.localdate()
    years = rules_from(grading_policy_active().rules).a_ordered_recall_years
    through = ordered_recall_blocks_through(
        mode=recall.mode, recalled_on=recall.recalled_on, years=years
    )
    if recall.withdrawn_on is not None:
        through = None
    grade = getattr(recall.enterprise, "grade", None)
    factor = None
    if grade is not None:
        factor = next((f for f in grade.factors if f.get("code") == "ordered_recalls_a"), None)
    return RecallEffect(
        counts_today=through is not None and recall.recalled_on <= today <= through,
        blocks_through=through,
        years=years,
        grade=grade,
        factor=factor,
    )
