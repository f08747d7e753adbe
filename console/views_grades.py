"""Regulator pages for grades: overrides and the grade distribution of a jurisdiction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from accounts.roles import Action, regulator_can
from console.forms_grades import OverrideForm, OverrideRevokeForm
from console.views_files import file_detail_context
from enterprises import selectors as files
from ratings import selectors
from ratings.models import GradeOverride
from ratings.services.overrides import grade_override_create, grade_override_revoke


@login_required
@require_POST
def override_create(request: SignedInRequest, uscc: str) -> HttpResponse:
    enterprise = files.credit_file_get(user=request.user, uscc=uscc)
    if enterprise is None:
        raise Http404
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            grade_override_create(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
    if form.errors:
        context = file_detail_context(request, enterprise)
        context["override_form"] = form
        return render(request, "console/file_detail.html", context, status=400)
    messages.success(request, _("The grade was overridden and the firm regraded."))
    return redirect("console:file_detail", uscc=enterprise.uscc)


@login_required
@require_POST
def override_revoke(request: SignedInRequest, uscc: str, pk: int) -> HttpResponse:
    enterprise = files.credit_file_get(user=request.user, uscc=uscc)
    if enterprise is None:
        raise Http404
    override = get_object_or_404(GradeOverride, pk=pk, enterprise=enterprise)
    form = OverrideRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason of at least 10 characters."))
    elif grade_override_revoke(
        actor=request.user, override=override, reason=form.cleaned_data["reason"]
    ):
        messages.success(request, _("The override was ended and the firm regraded."))
    return redirect("console:file_detail", uscc=enterprise.uscc)


@login_required
def grade_distribution(request: SignedInRequest) -> HttpResponse:
    if not regulator_can(request.user, Action.FILE_VIEW):
        raise PermissionDenied
    rows = selectors.grade_distribution(user=request.user)
    totals = {g: sum(r.counts[g] for r in rows) for g in ("AA", "A", "B", "C")}
    return render(
        request,
        "console/grade_distribution.html",
        {
            "rows": rows,
            "totals": totals,
            "not_graded": sum(r.not_graded for r in rows),
            "total": sum(r.total for r in rows),
        },
    )
