"""Credit-file pages for regulators: the files of their jurisdiction and one file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.requests import SignedInRequest
from accounts.roles import Action, regulator_can
from console.forms_grades import OverrideForm
from console.forms_lists import FileProposalForm
from enterprises import selectors
from enterprises.models import Enterprise
from enterprises.selectors_products import company_prefixes_of, products_of
from lists.models import BlacklistEntry
from lists.rules import entry_in_force_q
from lists.selectors import penalties_to_list_on
from ratings import selectors as grades


@login_required
def file_list(request: SignedInRequest) -> HttpResponse:
    if not regulator_can(request.user, Action.FILE_VIEW):
        raise PermissionDenied
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.credit_file_list(user=request.user, q=q), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "console/file_list.html", {"page": page, "q": q})


def file_detail_context(request: HttpRequest, enterprise: Enterprise) -> dict[str, Any]:
    """Everything the file page shows: records, the grade explained, its history, overrides."""
    grade = grades.grade_for(enterprise=enterprise)
    can_override = regulator_can(request.user, Action.GRADE_OVERRIDE)
    return {
        "enterprise": enterprise,
        "records": selectors.credit_file_records(enterprise=enterprise),
        "grade": grade,
        "factors": grades.grade_explained(grade=grade) if grade else [],
        "history": grades.grade_history(enterprise=enterprise),
        "overrides": grades.grade_overrides(enterprise=enterprise) if can_override else [],
        "override_form": OverrideForm() if can_override else None,
        "today": timezone.localdate(),
        "can_invite": regulator_can(request.user, Action.FIRM_INVITE),
        "products": products_of(enterprise=enterprise),
        "prefixes": company_prefixes_of(enterprise=enterprise),
        "can_correct_products": regulator_can(request.user, Action.RECORD_WRITE),
        # 谁处罚谁列入: the picker offers the firm's live penalties of the user's department
        # or one below it.
        "proposal_form": FileProposalForm(
            penalties=penalties_to_list_on(user=request.user, enterprise=enterprise)
        )
        if regulator_can(request.user, Action.LIST_PROPOSE)
        else None,
        # Listings in force, which the listing department or its superior may revoke here.
        "listed": list(
            BlacklistEntry.objects.filter(
                entry_in_force_q(today=timezone.localdate()), enterprise=enterprise
            ).select_related("department")
        )
        if regulator_can(request.user, Action.LIST_PROPOSE)
        else [],
    }


@login_required
def file_detail(request: SignedInRequest, uscc: str) -> HttpResponse:
    enterprise = selectors.credit_file_get(user=request.user, uscc=uscc)
    if enterprise is None:
        # Same answer for "does not exist" and "not yours": no probing of other files.
        raise Http404
    return render(request, "console/file_detail.html", file_detail_context(request, enterprise))
