"""Invitation codes for a firm's first administrator, issued from its credit file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from enterprises.selectors import credit_file_get
from selfservice.services.invitations import invitation_issue


@login_required
@require_POST
def firm_invite(request: SignedInRequest, uscc: str) -> HttpResponse:
    firm = credit_file_get(user=request.user, uscc=uscc)
    if firm is None:
        raise Http404
    _inv, code = invitation_issue(actor=request.user, enterprise=firm)
    return render(request, "console/invitation.html", {"firm": firm, "code": code})
