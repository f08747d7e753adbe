"""One exception handler maps every refusal of a service to its 4xx, with a clear body."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.http import Http404
from django.utils import translation

from core.api import exception_handler
from core.errors import (
    DomainError,
    DomainPermissionError,
    IllegalTransitionError,
    IntakeValidationError,
)


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (
            ValidationError({"reason": "A reason is required."}),
            400,
            {"detail": {"reason": ["A reason is required."]}, "code": "invalid"},
        ),
        (
            ValidationError("Grounds and legal basis are required."),
            400,
            {"detail": ["Grounds and legal basis are required."], "code": "invalid"},
        ),
        (
            ValidationError("At most %(n)d files.", params={"n": 5}),
            400,
            {"detail": ["At most 5 files."], "code": "invalid"},
        ),
        (
            IntakeValidationError([{"index": 0, "field": "uscc", "reason": "bad"}]),
            400,
            {
                "detail": "1 error(s); nothing was written.",
                "errors": [{"index": 0, "field": "uscc", "reason": "bad"}],
            },
        ),
        (DomainPermissionError("Not yours."), 403, {"detail": "Not yours.", "code": "forbidden"}),
        (PermissionDenied("Not your area."), 403, {"detail": "Not your area."}),
        (
            PermissionDenied(),
            403,
            {"detail": "You do not have permission to perform this action."},
        ),
        (
            Http404("No Subscription matches the given query."),
            404,
            {"detail": "Nothing with this identifier in your view.", "code": "not_found"},
        ),
        (
            IllegalTransitionError("Already decided."),
            409,
            {"detail": "Already decided.", "code": "illegal_transition"},
        ),
        (DomainError("Busy.", code="busy"), 409, {"detail": "Busy.", "code": "busy"}),
    ],
)
def test_it_maps_each_refusal_to_its_status(exc: Exception, status: int, body: Any) -> None:
    with translation.override("en"):
        response = exception_handler(exc, {})
    assert response is not None
    assert (response.status_code, response.data) == (status, body)


def test_it_leaves_other_errors_to_the_server() -> None:
    assert exception_handler(KeyError("x"), {}) is None


def test_a_deadlock_left_after_the_retries_is_a_503_to_send_again() -> None:
    class DeadlockError(Exception):
        pgcode = "40P01"

    error = OperationalError("deadlock detected")
    error.__cause__ = DeadlockError()
    response = exception_handler(error, {})
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "1"


def test_its_own_texts_follow_the_active_language() -> None:
    """A 404 of get_object_or_404 names the model in English; the handler says it in words of
    the request's language, as it does the intake summary and a bare refusal."""
    with translation.override("zh-hans"):
        missing = exception_handler(Http404("No Subscription matches the given query."), {})
        summary = exception_handler(IntakeValidationError([{"index": 0}]), {})
        bare = exception_handler(PermissionDenied(), {})
    assert missing is not None
    assert summary is not None
    assert bare is not None
    assert missing.data["detail"] == "在您的查看范围内没有该标识对应的内容。"
    assert summary.data["detail"] == "共 1 处错误，未写入任何数据。"
    assert bare.data["detail"] == "您没有执行该操作的权限。"
