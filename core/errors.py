"""Domain errors raised by services; core.api maps each to its HTTP status."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    http_status = 409
    code = "conflict"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class DomainPermissionError(DomainError):
    http_status = 403
    code = "forbidden"


def error_text(exc: Exception) -> str:
    """What to tell the user about a refused action, in one line."""
    if isinstance(exc, DomainError):
        return exc.message
    messages = getattr(exc, "messages", None)  # Django's ValidationError
    return " ".join(str(m) for m in messages) if messages else str(exc)


class IllegalTransitionError(DomainError):
    """A step the state table of an entry, objection or application does not allow."""

    http_status = 409
    code = "illegal_transition"


class IntakeValidationError(DomainError):
    """Some items of a batch are invalid; nothing of the batch was written."""

    http_status = 400
    code = "invalid"

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(_("%(n)d error(s); nothing was written.") % {"n": len(errors)})
        self.errors = errors
