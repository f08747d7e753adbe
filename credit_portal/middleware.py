"""Language choice: pages are Chinese unless the visitor picked English; APIs follow the client."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class PortalLocaleMiddleware:
    """Pages use the language cookie set by the switch, else LANGUAGE_CODE (never the browser's
    Accept-Language: a Chinese portal should not turn English because the browser is); API paths
    honour Accept-Language so a department's client can ask for English errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = cookie if cookie in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if not request.path.startswith("/api/"):
            vary = response.headers.get("Vary", "")
            if "Cookie" not in vary:
                response.headers["Vary"] = f"{vary}, Cookie" if vary else "Cookie"
        return response


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer, and `Cache-Control: no-store` on every answer to a
    signed-in person or a department's token: what one user sees must never be kept by a
    shared cache or the browser's history for the next user of the machine."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or "HTTP_AUTHORIZATION" in request.META:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
