"""One guard at the door for every request: control characters in the address, the query or
a submitted form, and bodies over the limit, are refused before any view or query runs.

The API's JSON bodies are checked by core.parsers (parsing them twice would cost every
intake batch); forms are parsed here once, and Django keeps the parsed form for the view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.hostile import any_control_character, has_control_character

V = TypeVar("V")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def body_limit(path: str) -> int:
    """The largest body accepted at `path`: the API takes intake batches of INTAKE_MAX_BATCH
    records at their documented maximum sizes (tests/core/test_guards.py computes the worst
    case); pages take forms, up to Django's default limit."""
    if path.startswith("/api/"):
        return settings.API_MAX_BODY_BYTES
    return settings.FORM_MAX_BODY_BYTES


class HostileInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request.path)
        if _content_length(request) > limit and not _is_multipart(request):
            return _too_large(request, limit)
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        # Before the CSRF check and the view: both would read the form (or the database).
        if getattr(getattr(view_func, "view_class", view_func), "checks_own_input", False):
            return None
        if has_control_character(request.path, in_text=False) or any_control_character(
            (part for key in request.GET for part in (key, *request.GET.getlist(key))),
            in_text=False,
        ):
            return _refused(request, 400, _("The address contains a control character."))
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            try:
                fields = [p for key in request.POST for p in (key, *request.POST.getlist(key))]
                names = [f.name or "" for key in request.FILES for f in request.FILES.getlist(key)]
            except RequestDataTooBig:
                return _too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            except (TooManyFieldsSent, TooManyFilesSent):
                return _refused(request, 400, _("The form has more fields than allowed."))
            if any_control_character(fields) or any_control_character(names, in_text=False):
                return _refused(
                    request, 400, _("The form contains a control character such as NUL.")
                )
        return None


def checks_own_input(view: type[V]) -> type[V]:
    """Mark a view that answers hostile input itself, because it must log every question,
    refused ones included (the restriction checks, DOMAIN.md section 6)."""
    view.checks_own_input = True  # type: ignore[attr-defined]
    return view


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _is_multipart(request: HttpRequest) -> bool:
    # Uploaded files have their own limits (selfservice.storage); only form fields count here.
    return request.content_type == "multipart/form-data"


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    megabytes = f"{limit / 1_048_576:.1f}".rstrip("0").rstrip(".")
    return _refused(
        request,
        413,
        _("The request body is larger than the limit of %(mb)s MB.") % {"mb": megabytes},
        limit=limit,
    )


def _refused(
    request: HttpRequest, status: int, detail: str, limit: int | None = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        body: dict[str, object] = {
            "detail": detail,
            "code": "too_large" if status == 413 else "invalid_input",
        }
        if limit is not None:
            body["limit_bytes"] = limit
        return JsonResponse(body, status=status)
    return render(request, "400.html", {"detail": detail}, status=status)
