"""Restriction checks for other departments (一处违法、处处受限), token-authenticated, logged."""

from __future__ import annotations

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import DepartmentTokenAuthentication
from enterprises.api import IsDepartment
from enterprises.models import Enterprise
from enterprises.uscc import normalise, uscc_error
from lists import selectors
from lists.models import RestrictionMeasure, RestrictionQuery

_HASH = re.compile(r"^[0-9a-f]{64}$")
ACTION = OpenApiParameter(
    "action",
    OpenApiTypes.STR,
    required=True,
    description="procurement, bidding, land, honours, licences, financing …",
)


def _action(request: Request) -> tuple[str | None, Response | None]:
    action = request.query_params.get("action", "").strip()
    known = set(RestrictionMeasure.objects.values_list("code", flat=True))
    if action not in known:
        return None, Response(
            {"detail": f"action must be one of: {', '.join(sorted(known))}"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return action, None


def _logged(
    request: Request, *, subject: str, action: str, response: Response, restricted: bool = False
) -> Response:
    """Every question is logged per department, answered or refused (DOMAIN.md section 6)."""
    RestrictionQuery.objects.create(
        department=request.user.department,
        subject=subject[:64],
        action=action[:32],
        restricted=restricted,
        status_code=response.status_code,
    )
    return response


class EnterpriseRestrictionApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]

    @extend_schema(tags=["restrictions"], parameters=[ACTION], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, uscc: str) -> Response:
        code = normalise(uscc)
        asked = request.query_params.get("action", "")
        error = uscc_error(code)
        if error:
            return _logged(
                request,
                subject=code,
                action=asked,
                response=Response(
                    {"detail": error.message, "field": "uscc"}, status=status.HTTP_400_BAD_REQUEST
                ),
            )
        action, bad = _action(request)
        if bad:
            return _logged(request, subject=code, action=asked, response=bad)
        firm = Enterprise.objects.filter(uscc=code).only("id").first()
        if firm is None:
            return _logged(
                request,
                subject=code,
                action=action,
                response=Response(
                    {"detail": "No enterprise with this code."}, status=status.HTTP_404_NOT_FOUND
                ),
            )
        entries = list(selectors.listed_entries(enterprise_id=firm.pk))
        answer = selectors.restriction_answer(entries=entries, action=action)
        return _logged(
            request,
            subject=code,
            action=action,
            restricted=answer["restricted"],
            response=Response({"uscc": code, **answer}),
        )


class PersonRestrictionApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]

    @extend_schema(
        tags=["restrictions"],
        responses={200: OpenApiTypes.OBJECT},
        parameters=[
            ACTION,
            OpenApiParameter(
                "id_hash",
                OpenApiTypes.STR,
                required=True,
                description="HMAC-SHA256 of the ID number, hex",
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        id_hash = request.query_params.get("id_hash", "").strip().lower()
        asked = request.query_params.get("action", "")
        if not _HASH.match(id_hash):
            # Not logged as sent: a caller may have put a raw ID number here by mistake.
            return _logged(
                request,
                subject="(invalid)",
                action=asked,
                response=Response(
                    {"detail": "id_hash must be 64 hexadecimal characters.", "field": "id_hash"},
                    status=status.HTTP_400_BAD_REQUEST,
                ),
            )
        action, bad = _action(request)
        if bad:
            return _logged(request, subject=id_hash, action=asked, response=bad)
        entries = selectors.person_entries(id_hash=id_hash)
        answer = selectors.restriction_answer(entries=entries, action=action, persons=True)
        return _logged(
            request,
            subject=id_hash,
            action=action,
            restricted=answer["restricted"],
            response=Response({"id_hash": id_hash, **answer}),
        )
