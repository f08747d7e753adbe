"""Access decorators for pages of one kind of user."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.models import UserKind


def regulator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first (redirect), then 403 for anyone but a regulator."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "kind", None) != UserKind.REGULATOR:
            raise PermissionDenied(_("The console is for regulators."))
        return view(request, *args, **kwargs)

    return wrapped
