"""Restriction checks for other departments (一处违法、处处受限): token-authenticated; the
service answers and logs every question (lists.restrictions)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import DepartmentTokenAuthentication, request_department
from enterprises.api import IsDepartment
from lists.restrictions import (
    RestrictionReply,
    restriction_check_enterprise,
    restriction_check_person,
)

ACTION = OpenApiParameter(
    "action",
    OpenApiTypes.STR,
    required=True,
    description="procurement, bidding, land, honours, licences, financing …",
)


def _sent(reply: RestrictionReply) -> Response:
    return Response(reply.body, status=reply.status)


class EnterpriseRestrictionApi(APIView):
    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]

    @extend_schema(tags=["restrictions"], parameters=[ACTION], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, uscc: str) -> Response:
        reply = restriction_check_enterprise(
            department=request_department(request),
            uscc=uscc,
            action=request.query_params.get("action", ""),
        )
        return _sent(reply)


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
        reply = restriction_check_person(
            department=request_department(request),
            id_hash=request.query_params.get("id_hash", ""),
            action=request.query_params.get("action", ""),
        )
        return _sent(reply)
