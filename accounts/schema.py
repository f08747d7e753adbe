"""How the OpenAPI schema names the two ways in: the department token, an HTTP bearer scheme,
so Swagger's Authorize offers it and token operations show as secured; and a regulator's
session cookie (with CSRF) for the due-process operations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class DepartmentTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.DepartmentTokenAuthentication"
    name = "departmentToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A department's API token: `Authorization: Bearer <token>`.",
        }


class RegulatorSessionScheme(OpenApiAuthenticationExtension):
    target_class = "rest_framework.authentication.SessionAuthentication"
    name = "regulatorSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "A regulator signed in at /accounts/login/ (with its second "
            "factor). POST also needs the CSRF cookie's value in the `X-CSRFToken` header.",
        }
