"""Request types for views behind a sign-in: `request.user` is then a portal user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from accounts.models import User


class SignedInRequest(HttpRequest):
    """What `login_required` and `regulator_required` views receive."""

    user: User


def request_user(request: HttpRequest | Request) -> User:
    """The portal user of a request that is behind a sign-in (admin pages, decorated views)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
