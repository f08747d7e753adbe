"""Credit-file pages for regulators (their jurisdiction) and enterprise users (their firm)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import Action, regulator_can
from enterprises import selectors


@login_required
def file_list(request: HttpRequest) -> HttpResponse:
    if not regulator_can(request.user, Action.FILE_VIEW):
        raise PermissionDenied
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.credit_file_list(user=request.user, q=q), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "enterprises/file_list.html", {"page": page, "q": q})


@login_required
def file_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    enterprise = selectors.credit_file_get(user=request.user, uscc=uscc)
    if enterprise is None:
        # Same answer for "does not exist" and "not yours": no probing of other files.
        raise Http404
    records = selectors.credit_file_records(enterprise=enterprise)
    return render(
        request, "enterprises/file_detail.html", {"enterprise": enterprise, "records": records}
    )
