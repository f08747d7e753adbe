"""How the OpenAPI schema names the department token: an HTTP bearer scheme, so Swagger's
Authorize offers it next to the session cookie and token operations show as secured."""

from __future__ import annotations

from typing import Any

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
