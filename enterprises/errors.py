"""Domain errors raised by services; credit_portal.api maps them to HTTP responses."""

from __future__ import annotations

from typing import Any


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


class IntakeValidationError(DomainError):
    """Some items of a batch are invalid; nothing of the batch was written."""

    http_status = 400
    code = "invalid"

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} error(s); nothing was written.")
        self.errors = errors
