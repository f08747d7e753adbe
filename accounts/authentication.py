"""Department token authentication for the intake and restriction APIs."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import ApiToken, Department
from accounts.services import api_token_authenticate


@dataclass(frozen=True)
class DepartmentPrincipal:
    """request.user for a department's machine client."""

    department: Department
    token: ApiToken
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True
    is_staff: bool = False
    is_superuser: bool = False

    @property
    def pk(self) -> None:
        return None

    def __str__(self) -> str:
        return f"department:{self.department.code}"


class DepartmentTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` (or `Token <token>`)."""

    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[DepartmentPrincipal, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Authorization header must be '<scheme> <token>'.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token must be ASCII.")) from exc
        token = api_token_authenticate(raw=raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return DepartmentPrincipal(department=token.department, token=token), token

    def authenticate_header(self, request: HttpRequest) -> str:
        return 'Bearer realm="api"'


def request_department(request: Request) -> Department:
    """The department of a request authenticated by its token (views behind IsDepartment)."""
    principal = request.user
    if not isinstance(principal, DepartmentPrincipal):
        raise exceptions.NotAuthenticated()
    return principal.department
