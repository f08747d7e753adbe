"""What the OpenAPI schema says every operation may answer besides its success: the refusals
the project's guard, authentication, permissions, throttles and exception handler (core.api)
give, each with the body it carries. Derived from the view, so a new operation is documented
the moment it is routed; operations add their own (409, a 404 without a path parameter)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

# {"detail": …, "code": …}: DRF's refusals, domain errors, the guard (limit_bytes on a 413).
ERROR = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "limit_bytes": {"type": "integer", "description": "413 only: the body limit"},
    },
    "required": ["detail"],
}
# A 400: the fields at fault each with their messages (DRF's validation shape, nested for lists
# and objects), or a whole-request `detail` (text, a list, or messages by field) with a `code`.
BAD_REQUEST = "BadRequest"
BAD_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Either `detail` (with `code`) for the whole request, or each field at "
    "fault with its messages.",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "object"},
            ]
        },
        "code": {"type": "string"},
    },
    "additionalProperties": {
        "anyOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}],
    },
}

WHY = {
    "400": "Bad input: a parameter or field with its messages, a malformed body, or a control "
    "character (such as NUL) in the address.",
    "401": "No department token, or one that is invalid or revoked.",
    "403": "Not allowed: no signed-in regulator (the session API answers 403, not 401), a "
    "missing CSRF token, the role, or a firm outside the jurisdiction.",
    "404": "Nothing with this identifier in the caller's view.",
    "413": "The body is larger than the limit (`limit_bytes`).",
    "415": "A body in a media type the operation does not read.",
    "414": "The address is longer than the server accepts (answered by the server, not JSON).",
    "429": "Too many requests from this address; retry after the `Retry-After` seconds.",
    "503": "Busy after bounded retries of a conflicting write; send the same request again.",
}


def error_response(code: int | str, description: str = "") -> dict[str, Any]:
    """The OpenAPI response object of a refusal with its body."""
    ref = BAD_REQUEST if str(code) == "400" else ERROR
    return {
        "description": description or WHY.get(str(code), ""),
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def refusal(code: int, description: str) -> OpenApiResponse:
    """A refusal an operation declares itself (a 409, a 404 without a path parameter)."""
    ref = BAD_REQUEST if code == 400 else ERROR
    return OpenApiResponse(
        response={"$ref": f"#/components/schemas/{ref}"}, description=description
    )


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the refusals each operation can give."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for name, schema in ((ERROR, ERROR_SCHEMA), (BAD_REQUEST, BAD_REQUEST_SCHEMA)):
            self.registry.register_on_missing(
                ResolvedComponent(
                    name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
                )
            )
        for code in self._refusals():
            if code == "414":
                responses.setdefault(code, {"description": WHY[code]})
            else:
                responses.setdefault(code, error_response(code))
        return responses

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._get_parameters()
        for parameter in parameters:
            # DRF's fields and django-filter read `?name=` as `name` not given (a page's form
            # sends its empty filters so).
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _refusals(self) -> list[str]:
        view = self.view
        signed = not any(isinstance(p, AllowAny) for p in view.get_permissions())
        authenticators = view.get_authenticators()
        # DRF answers 401 only when the first authenticator names a WWW-Authenticate scheme.
        challenges = bool(authenticators) and authenticators[0].authenticate_header(view.request)
        codes = ["400"]
        if signed and challenges:
            codes.append("401")
        if signed:
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        if self.method == "POST":
            codes += ["413", "415", "503"]
        if self.method == "GET":
            codes.append("414")
        if view.get_throttles():
            codes.append("429")
        return codes
