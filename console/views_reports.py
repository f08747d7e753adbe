"""Reviewing one quality-credit report (the reports to review are listed in the queues)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.requests import SignedInRequest
from accounts.roles import Action, regulator_can
from console.forms_reports import ReviewForm
from console.views_queues import back_to, queue_url
from core.errors import DomainError
from enterprises.models import QualityReport
from enterprises.report_sections import filled_sections
from enterprises.selectors import enterprise_scope
from selfservice.services.reports import report_review as report_review_record


@login_required
def report_review(request: SignedInRequest, pk: int) -> HttpResponse:
    if not regulator_can(request.user, Action.REPORT_REVIEW):
        raise PermissionDenied
    report = get_object_or_404(
        QualityReport.objects.select_related("enterprise"),
        pk=pk,
        enterprise__in=enterprise_scope(user=request.user),
    )
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                report_review_record(
                    actor=request.user,
                    report=report,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            except DomainError as exc:
                messages.error(request, exc.message)
                status = 409
            else:
                messages.success(request, _("Decision recorded; the enterprise is notified."))
                # Back to the reports queue page the review was opened from.
                return redirect(back_to(request, queue_url("reports")))
    return render(
        request,
        "console/report_review.html",
        {
            "report": report,
            "form": form,
            "filled": filled_sections(report),
            "back": back_to(request, queue_url("reports")),
        },
        status=status,
    )
