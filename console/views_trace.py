"""Tracing products and recalls in the console (issue 19): a barcode's inspection history at
every firm of the area that made it, the area's recalls and one recall's progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.requests import SignedInRequest
from accounts.roles import Action, regulator_can
from console.forms_trace import GtinSearchForm, RecallFilterForm
from console.trace import (
    product_trace,
    recall_effect,
    recall_of_area,
    recall_status_steps,
    recalls_of_area,
)
from enterprises import gtin as gtins

PAGE_SIZE = 50


def _viewer(request: SignedInRequest) -> None:
    if not regulator_can(request.user, Action.FILE_VIEW):
        raise PermissionDenied


@login_required
def product_search(request: SignedInRequest) -> HttpResponse:
    """The barcode box: a valid GTIN goes to its history, a bad one is a 400 with the check
    that failed."""
    _viewer(request)
    form = GtinSearchForm(request.GET or None)
    if form.is_valid():
        typed = form.cleaned_data["gtin"]
        error = gtins.gtin_error(typed)
        if error is None:
            return redirect("console:product_history", gtin=gtins.display(gtins.canonical(typed)))
        form.add_error("gtin", error.message)
    status = 400 if form.errors else 200
    return render(request, "console/product_search.html", {"form": form}, status=status)


@login_required
def product_history(request: SignedInRequest, gtin: str) -> HttpResponse:
    _viewer(request)
    error = gtins.gtin_error(gtin)
    if error is not None:
        form = GtinSearchForm({"gtin": gtin[:20]})
        form.is_valid()
        form.add_error("gtin", error.message)
        return render(request, "console/product_search.html", {"form": form}, status=400)
    trace = product_trace(user=request.user, gtin=gtins.canonical(gtin))
    if trace is None:
        raise Http404  # unknown, or nothing of it in the area: the same answer
    page = Paginator(trace.inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "console/product_history.html",
        {"trace": trace, "code": gtins.display(trace.gtin), "page": page},
    )


@login_required
def recall_list(request: SignedInRequest) -> HttpResponse:
    _viewer(request)
    form = RecallFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        recalls_of_area(
            user=request.user, status=filters.get("status", ""), mode=filters.get("mode", "")
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "console/recalls.html",
        {"form": form, "page": page, "query": params.urlencode()},
        status=400 if form.errors else 200,
    )


@login_required
def recall_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    _viewer(request)
    recall = recall_of_area(user=request.user, pk=pk)
    if recall is None:
        raise Http404  # outside the jurisdiction reads as not there
    today = timezone.localdate()
    return render(
        request,
        "console/recall.html",
        {
            "recall": recall,
            "steps": recall_status_steps(recall=recall),
            "effect": recall_effect(recall=recall, today=today),
            "today": today,
        },
    )
