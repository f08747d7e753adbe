"""The API error shape: Django validation errors and domain errors map to clear 4xx answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError, IntakeValidationError
from core.retry import is_lost_race


def _messages(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in errs] for field, errs in exc.message_dict.items()}
    return [str(m) for m in exc.messages]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain errors to 400/403/409 and model validation to 400; leave the rest to DRF."""
    if isinstance(exc, IntakeValidationError):
        # Worded here, in the language of the request being answered.
        summary = _("%(n)d error(s); nothing was written.") % {"n": len(exc.errors)}
        return Response(
            {"detail": summary, "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        return Response(
            {"detail": _messages(exc), "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST
        )
    if is_lost_race(exc) and not isinstance(exc, IntegrityError):
        # Still deadlocked after the bounded retries (core.retry): busy, not broken.
        response = Response(
            {"detail": _("The portal is busy; send the same request again."), "code": "busy"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "1"
        return response
    if isinstance(exc, Http404):
        # get_object_or_404 names the model in English ("No Subscription matches …").
        return Response(
            {"detail": _("Nothing with this identifier in your view."), "code": "not_found"},
            status=status.HTTP_404_NOT_FOUND,
        )
    if isinstance(exc, DjangoPermissionDenied):
        return Response(
            {"detail": str(exc) or _("You do not have permission to perform this action.")},
            status=status.HTTP_403_FORBIDDEN,
        )
    return drf_exception_handler(exc, context)
