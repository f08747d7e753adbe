"""Regulator pages of the enterprise side: reviewing one report (listed in the console's
queues) and invitations for a firm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Action, regulator_can
from core.errors import DomainError
from enterprises.models import QualityReport
from enterprises.report_sections import filled_sections
from enterprises.selectors import credit_file_get, enterprise_scope
from selfservice.forms import ReviewForm
from selfservice.services.invitations import invitation_issue
from selfservice.services.reports import report_review


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
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
                report_review(
                    actor=request.user,  # type: ignore[arg-type]
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
                return redirect("console:queues")  # the reports queue lives there
    return render(
        request,
        "selfservice/review.html",
        {"report": report, "form": form, "filled": filled_sections(report)},
        status=status,
    )


@login_required
@require_POST
def invite(request: HttpRequest, uscc: str) -> HttpResponse:
    firm = credit_file_get(user=request.user, uscc=uscc)
    if firm is None:
        raise Http404
    _inv, code = invitation_issue(actor=request.user, enterprise=firm)  # type: ignore[arg-type]
    return render(request, "selfservice/invitation.html", {"firm": firm, "code": code})
