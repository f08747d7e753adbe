"""A 404 for an address no route matches: JSON under /api/ (clients parse it, and the schema
says so), the site's page elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("No such address in the API."), "code": "not_found"}, status=404
        )
    return page_not_found(request, exception)
