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
from blacklist import selectors
from blacklist.models import RestrictionMeasure, RestrictionQuery
from enterprises.api import IsDepartment
from enterprises.models import Enterprise
from enterprises.uscc import normalise, uscc_error

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


class EnterpriseRestrictionApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]

    @extend_schema(tags=["restrictions"], parameters=[ACTION], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, uscc: str) -> Response:
        code = normalise(uscc)
        error = uscc_error(code)
        if error:
            return Response(
                {"detail": error.message, "field": "uscc"}, status=status.HTTP_400_BAD_REQUEST
            )
        action, bad = _action(request)
        if bad:
            return bad
        firm = Enterprise.objects.filter(uscc=code).only("id").first()
        if firm is None:
            return Response(
                {"detail": "No enterprise with this code."}, status=status.HTTP_404_NOT_FOUND
            )
        entries = list(selectors.listed_entries(enterprise_id=firm.pk))
        answer = selectors.restriction_answer(entries=entries, action=action)
        RestrictionQuery.objects.create(
            department=request.user.department,
            subject=code,
            action=action,
            restricted=answer["restricted"],
        )
        return Response({"uscc": code, **answer})


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
        if not _HASH.match(id_hash):
            return Response(
                {"detail": "id_hash must be 64 hexadecimal characters.", "field": "id_hash"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        action, bad = _action(request)
        if bad:
            return bad
        entries = selectors.person_entries(id_hash=id_hash)
        answer = selectors.restriction_answer(entries=entries, action=action, persons=True)
        RestrictionQuery.objects.create(
            department=request.user.department,
            subject=id_hash,
            action=action,
            restricted=answer["restricted"],
        )
        return Response({"id_hash": id_hash, **answer})
