from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import UserKind


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each kind of user to where its work starts."""
    user = request.user
    if user.kind == UserKind.REGULATOR:  # type: ignore[union-attr]
        return redirect("console:file_list")
    if user.kind == UserKind.ENTERPRISE and user.enterprise_id:  # type: ignore[union-attr]
        return redirect("selfservice:dashboard")
    raise PermissionDenied
