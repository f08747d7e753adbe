"""The supervision plan: required inspections by grade x product risk against the year's
inspections, with the CSV of under-inspected firms and the C firms to interview (约谈)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import regulator_required
from accounts.models import User
from accounts.requests import SignedInRequest
from accounts.roles import Action, regulator_can
from console.interviews import interviews_due
from disclosure.exports import csv_stream
from enterprises.models import Enterprise
from enterprises.models.region import region_prefix_clean
from inspections.forms import SupervisionFilterForm
from inspections.supervision import supervision_plan_rows, supervision_plan_summary
from ratings.services.policy import grading_policy_active

PAGE_SIZE = 25
INTERVIEWS_SHOWN = 10  # the longest waiting; the rest on the interviews queue's pages


@dataclass(frozen=True)
class _Filters:
    region: str
    year: int
    under: bool
    unknown: bool


def _filters(request: SignedInRequest, form: SupervisionFilterForm) -> _Filters | None:
    """The parsed filters, or None with the form's errors set (a 400); outside the user's
    jurisdiction is a 403."""
    user: User = request.user
    if not form.is_valid():
        return None
    d = form.cleaned_data
    region = user.jurisdiction
    if d["region"]:
        try:
            region = region_prefix_clean(d["region"])
        except ValidationError as exc:
            form.add_error("region", exc.messages)
            return None
        if not region.startswith(user.jurisdiction):
            raise PermissionDenied(_("The region is outside your jurisdiction."))
    return _Filters(region, d["year"] or timezone.localdate().year, d["under"], d["unknown"])


def _may_plan(user: User) -> None:
    if not regulator_can(user, Action.INSPECTION_PLAN):
        raise PermissionDenied(_("Supervision plans are for the roles that plan inspections."))


@regulator_required
def supervision_plan(request: SignedInRequest) -> HttpResponse:
    _may_plan(request.user)
    form = SupervisionFilterForm(request.GET)
    f = _filters(request, form)
    context: dict[str, Any] = {"form": form}
    if f is None:
        return render(request, "console/supervision.html", context, status=400)
    matrix = grading_policy_active().matrix
    rows = supervision_plan_rows(
        region=f.region,
        year=f.year,
        matrix=matrix,
        under_only=f.under,
        risk_unknown_only=f.unknown,
    )
    query = request.GET.copy()
    query.pop("page", None)
    interviews = interviews_due(region=f.region)
    context.update(
        filters=f,
        summary=supervision_plan_summary(region=f.region, year=f.year, matrix=matrix),
        page=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        interviews=interviews[:INTERVIEWS_SHOWN],
        interviews_count=interviews.count(),  # the whole list; the work queue pages it
        query=query.urlencode(),
    )
    return render(request, "console/supervision.html", context)


def _csv_header() -> list[str]:
    return [
        _("Unified social credit code"),
        _("Name"),
        _("Region"),
        _("Grade"),
        _("Product risk category"),
        _("Planned as class"),
        _("Year"),
        _("Inspections required"),
        _("Inspections had"),
        _("Shortfall"),
    ]


def _csv_rows(rows: Any, year: int, header: list[str], not_set: str) -> Any:
    # Texts arrive translated: the stream is read after the request's language is reset.
    yield header
    firm: Enterprise
    for firm in rows.iterator(chunk_size=2000):
        grade = getattr(firm, "grade", None)
        yield [
            firm.uscc,
            firm.name,
            firm.region_id,
            grade.grade if grade else "",
            firm.product_risk or not_set,
            firm.planned_risk,  # type: ignore[attr-defined]  # annotated by the selector
            year,
            firm.required,  # type: ignore[attr-defined]
            firm.done,  # type: ignore[attr-defined]
            firm.shortfall,  # type: ignore[attr-defined]
        ]


@login_required  # the role check below also refuses anyone but a regulator
def supervision_plan_csv(request: SignedInRequest) -> HttpResponseBase:
    """The under-inspected firms of the filtered region and year, largest shortfall first."""
    _may_plan(request.user)
    form = SupervisionFilterForm(request.GET)
    f = _filters(request, form)
    if f is None:
        text = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    rows = supervision_plan_rows(
        region=f.region,
        year=f.year,
        matrix=grading_policy_active().matrix,
        under_only=True,
        risk_unknown_only=f.unknown,
    )
    response = StreamingHttpResponse(
        csv_stream(_csv_rows(rows, f.year, _csv_header(), _("not set"))),
        content_type="text/csv; charset=utf-8",
    )
    name = f"under-inspected-{f.region or 'all'}-{f.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
