"""What every page of the enterprise side shares: the firm of the signed-in user, and turning
a service's refusal into form errors or a message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.requests import SignedInRequest
from core.errors import DomainError
from enterprises.models import (
    Enterprise,
)
from selfservice import selectors

T = TypeVar("T")


class FirmRequest(SignedInRequest):
    """A signed-in user of an enterprise, with the firm every lookup goes through."""

    firm: Enterprise


def firm_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: FirmRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        firm = selectors.firm_of(request.user)
        if firm is None:
            raise PermissionDenied(_("This page is for users of an enterprise."))
        request.firm = firm
        return view(request, *args, **kwargs)

    return wrapped


def int_id(raw: str | None) -> int:
    """An id from a form; anything else is a 404, never a 500."""
    if raw is None or not (raw.isascii() and raw.isdigit()):
        raise Http404
    return int(raw)


def errors_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def service_called(
    request: HttpRequest, form: Any, service: Callable[[], T]
) -> tuple[T | None, int]:
    """Call one service: (its result, 200), or (None, 400 / 409) with the reason on the form
    or in a message; a refusing service has written nothing."""
    try:
        return service(), 200
    except ValidationError as exc:
        errors_to_form(form, exc)
        return None, 400
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, 409


def form_submitted(
    request: HttpRequest, form: Any, service: Callable[[], T]
) -> tuple[T | None, int]:
    """A page's form, the one way: shown (None, 200); posted but invalid (None, 400, the
    errors on the form); valid, the service called as service_called does. The service
    reads form.cleaned_data, which exists only once the form is valid."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    return service_called(request, form, service)
