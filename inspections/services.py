"""Drawing, publishing and recording the results of random-inspection plans."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.dates import window_start
from core.errors import IllegalTransitionError
from enterprises.models import Enterprise, EnterpriseStatus, InspectionRecord, ProductCategory
from enterprises.models.region import region_prefix_clean
from enterprises.selectors_products import makers_of_category_q
from enterprises.services.intake import records_intake
from inspections.models import (
    InspectionItem,
    InspectionPlan,
    Inspector,
    PlanStatus,
    PlanStratum,
    PlanTarget,
)
from inspections.sampling import PoolFirm, firms_draw_stratified, inspectors_draw
from ratings.risk import planning_risk_expr
from ratings.sampling import sampling_ratio_expr
from ratings.services.policy import grading_policy_active

INSPECTORS_PER_FIRM = 2
RECENT_MONTHS = 12  # an inspector who inspected the firm this recently is not drawn again


def _region_prefix(code: str) -> str:
    try:
        return region_prefix_clean(code)
    except ValidationError as exc:
        raise ValidationError({"region": exc.messages}) from exc


def enterprise_pool(
    *, region: str, industry: str, matrix: dict[str, Any], product_category: str = ""
) -> list[PoolFirm]:
    """Active firms of the area (of the industry, and making products of the category, when
    given), each with the risk class it is planned as (unknown: I) and the sampling ratio of
    its grade row (`matrix`, the policy in force, only for firms not graded yet)."""
    qs = Enterprise.objects.filter(region__code__startswith=region, status=EnterpriseStatus.ACTIVE)
    if industry:
        qs = qs.filter(industry=industry)
    if product_category:
        qs = qs.filter(makers_of_category_q(category=product_category))
    return [
        PoolFirm(pk, uscc, grade or "", risk, ratio)
        for pk, uscc, risk, grade, ratio in qs.annotate(
            ratio=sampling_ratio_expr(matrix=matrix), planned_risk=planning_risk_expr()
        )
        .order_by("uscc")
        .values_list("pk", "uscc", "planned_risk", "grade__grade", "ratio")
    ]


def _excluded(
    firm_ids: Sequence[int], inspector_ids: Sequence[int], today: dt.date
) -> dict[int, set[int]]:
    """Per firm, inspectors with a declared conflict or a visit within RECENT_MONTHS."""
    excluded: dict[int, set[int]] = {}
    through = Inspector.conflicts.through
    for inspector_id, firm_id in through.objects.filter(
        enterprise_id__in=firm_ids, inspector_id__in=inspector_ids
    ).values_list("inspector_id", "enterprise_id"):
        excluded.setdefault(firm_id, set()).add(inspector_id)
    # Visits of published plans only: a draft that was dropped visits nobody, and redrawing
    # with the same seed must give the same plan.
    recent = PlanTarget.inspectors.through.objects.filter(
        plantarget__enterprise_id__in=firm_ids,
        plantarget__plan__status=PlanStatus.PUBLISHED,
        plantarget__plan__period_start__lte=today,
        plantarget__plan__period_end__gte=window_start(today, months=RECENT_MONTHS),
    ).values_list("inspector_id", "plantarget__enterprise_id")
    for inspector_id, firm_id in recent:
        excluded.setdefault(firm_id, set()).add(inspector_id)
    return excluded


@transaction.atomic
def plan_draw(
    *,
    actor: User,
    title: str,
    region: str,
    industry: str,
    period_start: dt.date,
    period_end: dt.date,
    items: Sequence[InspectionItem],
    seed: str = "",
    product_category: str = "",
) -> InspectionPlan:
    """Draw a plan for the actor's department; nothing is written if any input is wrong. A
    product category narrows the pool to its makers; the draw stays stratified by grade."""
    if not regulator_can(actor, Action.INSPECTION_PLAN) or actor.department is None:
        raise PermissionDenied(_("Drawing plans needs the grader role and a department."))
    prefix = _region_prefix(region)
    if not in_jurisdiction(actor, prefix.ljust(6, "0")) or not prefix.startswith(
        actor.jurisdiction
    ):
        raise PermissionDenied(_("The region is outside your jurisdiction."))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if not items:
        raise ValidationError({"items": _("Choose at least one inspection item.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the plan a title.")})
    if product_category and product_category not in ProductCategory.values:
        raise ValidationError({"product_category": _("Choose a product category.")})
    policy = grading_policy_active()
    seed = seed.strip() or secrets.token_hex(16)
    pool = enterprise_pool(
        region=prefix, industry=industry, matrix=policy.matrix, product_category=product_category
    )
    drawn, strata = firms_draw_stratified(pool, seed=seed)
    department: Department = actor.department
    officers = list(
        Inspector.objects.filter(
            is_active=True, department__jurisdiction__startswith=department.jurisdiction
        ).values_list("pk", "badge_no")
    )
    today = timezone.localdate()
    firm_ids = [d.firm.pk for d in drawn]
    chosen = inspectors_draw(
        drawn,
        seed=seed,
        inspectors=officers,
        excluded=_excluded(firm_ids, [pk for pk, _b in officers], today),
        per_firm=INSPECTORS_PER_FIRM,
    )
    plan = InspectionPlan.objects.create(
        title=title.strip(),
        department=department,
        region=prefix,
        industry=industry,
        product_category=product_category,
        period_start=period_start,
        period_end=period_end,
        seed=seed,
        policy_version=policy.version,
        pool_size=len(pool),
        created_by=actor,
    )
    plan.items.set(items)
    PlanStratum.objects.bulk_create(
        [
            PlanStratum(
                plan=plan,
                grade=s.grade,
                risk=s.risk,
                pool_size=s.pool_size,
                ratio=s.ratio,
                drawn=s.drawn,
            )
            for s in strata
        ]
    )
    targets = PlanTarget.objects.bulk_create(
        [
            PlanTarget(
                plan=plan,
                enterprise_id=d.firm.pk,
                grade=d.firm.grade or "",
                probability=d.probability,
            )
            for d in drawn
        ]
    )
    through = PlanTarget.inspectors.through
    through.objects.bulk_create(
        [
            through(plantarget_id=t.pk, inspector_id=i)
            for t in targets
            for i in chosen.get(t.enterprise_id, [])
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.PLAN_DRAWN,
        enterprise=None,
        department=department,
        data={
            "plan": plan.pk,
            "seed": seed,
            "product_category": product_category,
            "pool": len(pool),
            "drawn": len(drawn),
            "classes": [[s.grade, s.risk, s.pool_size, s.ratio, s.drawn] for s in strata],
        },
    )
    return plan


@transaction.atomic
def plan_publish(*, actor: User, plan: InspectionPlan) -> InspectionPlan:
    if (
        not regulator_can(actor, Action.INSPECTION_PLAN)
        or actor.department_id != plan.department_id
    ):
        raise PermissionDenied(_("The organising department publishes its plan."))
    changed = InspectionPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.PUBLISHED, published_at=timezone.now()
    )
    if changed != 1:
        raise IllegalTransitionError(_("This plan is already published."))
    audit_record(
        actor=actor,
        action=AuditAction.PLAN_PUBLISHED,
        enterprise=None,
        department=plan.department,
        data={"plan": plan.pk},
    )
    plan.refresh_from_db()
    return plan


LEVEL_BY_PREFIX = {2: "provincial", 4: "municipal", 6: "county"}


@transaction.atomic
def plan_result_record(
    *,
    actor: User,
    target: PlanTarget,
    product: str,
    result: str,
    defect_severity: str,
    inspected_on: dt.date,
    lab: str = "",
) -> InspectionRecord:
    """The result of inspecting a drawn firm becomes an inspection record of its credit file
    (through intake, so it is validated, audited and regrades the firm)."""
    plan = target.plan
    if plan.status != PlanStatus.PUBLISHED:
        raise IllegalTransitionError(_("Results are recorded for published plans."))
    if not regulator_can(actor, Action.RECORD_WRITE) or not in_jurisdiction(
        actor, target.enterprise.region_id
    ):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this."))
    if not plan.period_start <= inspected_on <= min(plan.period_end, timezone.localdate()):
        raise ValidationError(
            {
                "inspected_on": _(
                    "The inspection date must fall within the plan's period, and not in the future."
                )
            }
        )
    ref = f"PLAN{plan.pk}-{target.pk}"
    level = LEVEL_BY_PREFIX.get(len(plan.department.jurisdiction), "national")
    records_intake(
        kind="inspections",
        department=plan.department,
        items=[
            {
                "uscc": target.enterprise.uscc,
                "source_ref": ref,
                "kind": "random",
                "product": product,
                "inspected_on": inspected_on.isoformat(),
                "level": level,
                "result": result,
                "defect_severity": defect_severity,
                "lab": lab,
            }
        ],
        actor=actor,
        channel="plan",
    )
    record = InspectionRecord.objects.get(source_department=plan.department, source_ref=ref)
    PlanTarget.objects.filter(pk=target.pk).update(record=record)
    return record


def drawn_counts(plan: InspectionPlan) -> dict[str, Any]:
    return dict(plan.targets.values_list("grade").annotate(n=Count("id")))
