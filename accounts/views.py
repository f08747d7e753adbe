from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import UserKind
from accounts.requests import request_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each kind of user to where its work starts."""
    user = request_user(request)
    if user.kind == UserKind.REGULATOR:
        return redirect("console:file_list")
    if user.kind == UserKind.ENTERPRISE and user.enterprise_id:
        return redirect("selfservice:dashboard")
    raise PermissionDenied
