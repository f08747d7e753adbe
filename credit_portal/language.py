"""The language switch as a plain link: no form, so public pages carry no CSRF token and an
anonymous page can be served from the cache to everyone."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_noop

# Django's forms end every label with gettext(":"), which its own catalogue leaves ASCII in
# Chinese; the portal's catalogue gives it the full-width colon (our catalogues come first).
gettext_noop(":")


def language_set(request: HttpRequest, code: str) -> HttpResponseRedirect:
    if code not in {c for c, _name in settings.LANGUAGES}:
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
