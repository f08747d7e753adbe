"""Planner pages for regulators and the public pages of published plans (双随机一公开)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import regulator_required
from accounts.models import User
from accounts.requests import SignedInRequest
from accounts.roles import Action, jurisdiction_q, regulator_can
from core.errors import DomainError, IntakeValidationError, error_text
from disclosure.conditional import public_cached
from inspections.forms import PlanForm, ResultForm
from inspections.models import InspectionPlan, PlanStatus, PlanTarget
from inspections.services import drawn_counts, plan_draw, plan_publish, plan_result_record


def _area_plans(user: User) -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.filter(jurisdiction_q(user, field="region"))


@regulator_required
def plans(request: SignedInRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                plan = plan_draw(
                    actor=request.user,
                    title=d["title"],
                    region=d["region"],
                    industry=d["industry"],
                    period_start=d["period_start"],
                    period_end=d["period_end"],
                    items=list(d["items"]),
                    seed=d["seed"],
                    product_category=d["product_category"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("inspections:plan", pk=plan.pk)
    listing = Paginator(_area_plans(request.user).select_related("department"), 25).get_page(
        request.GET.get("page")
    )
    can_plan = regulator_can(request.user, Action.INSPECTION_PLAN)
    return render(
        request,
        "inspections/plans.html",
        {"form": form if can_plan else None, "page": listing},
        status=status,
    )


@regulator_required
def plan(request: SignedInRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_area_plans(request.user).select_related("department"), pk=pk)
    if request.method == "POST" and "publish" in request.POST:
        try:
            plan_publish(actor=request.user, plan=item)
            messages.success(request, _("The plan is published on the public site."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("inspections:plan", pk=pk)
    targets = (
        item.targets.select_related("enterprise", "record")
        .prefetch_related("inspectors")
        .order_by("enterprise__uscc")
    )
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": item,
            "targets": targets,
            "counts": drawn_counts(item),
            "strata": item.strata.all(),
            "result_form": ResultForm(),
            "can_record": regulator_can(request.user, Action.RECORD_WRITE),
        },
    )


@regulator_required
def result(request: SignedInRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        PlanTarget.objects.select_related("plan__department", "enterprise"),
        pk=pk,
        plan__in=_area_plans(request.user),
    )
    if request.method != "POST":
        return redirect("inspections:plan", pk=target.plan_id)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            plan_result_record(actor=request.user, target=target, **form.cleaned_data)
            messages.success(
                request, _("Result recorded in the credit file; the firm is regraded.")
            )
        except (ValidationError, DomainError, IntakeValidationError) as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("Fill in the product, the date and the result."))
    return redirect("inspections:plan", pk=target.plan_id)


@public_cached
def public_plans(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        InspectionPlan.objects.filter(status=PlanStatus.PUBLISHED)
        .select_related("department")
        .order_by("-published_at"),
        25,
    ).get_page(request.GET.get("page"))
    return render(request, "inspections/public_plans.html", {"page": page})


@public_cached
def public_plan(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        InspectionPlan.objects.filter(pk=pk, status=PlanStatus.PUBLISHED)
        .select_related("department")
        .first()
    )
    if item is None:
        raise Http404
    targets = item.targets.select_related("enterprise", "record").order_by("enterprise__uscc")
    return render(
        request,
        "inspections/public_plan.html",
        {
            "plan": item,
            "targets": targets,
            "counts": drawn_counts(item),
            "strata": item.strata.all(),
        },
    )
