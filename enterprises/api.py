"""Intake API for departments: POST one record or a list of up to INTAKE_MAX_BATCH."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import (
    DepartmentPrincipal,
    DepartmentTokenAuthentication,
    request_department,
)
from enterprises.intake_fields import SPECS, boolean, date_value, future_date_value
from enterprises.services.intake import records_intake


class IsDepartment(BasePermission):
    message = "A department API token is required."

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, DepartmentPrincipal)


def _doc_serializer(kind: str) -> serializers.Serializer:
    """An OpenAPI description of one record kind, generated from its intake spec."""
    fields: dict[str, serializers.Field] = {}
    for name, spec in SPECS[kind].fields.items():
        req, doc = spec.required, spec.help or None
        if spec.parse in (date_value, future_date_value):
            f: serializers.Field = serializers.DateField(required=req, help_text=doc)
        elif spec.parse is boolean:
            f = serializers.BooleanField(required=req, help_text=doc)
        elif getattr(spec.parse, "many", False):
            f = serializers.ListField(child=serializers.CharField(), required=req, help_text=doc)
        elif hasattr(spec.parse, "choices"):
            f = serializers.ChoiceField(choices=spec.parse.choices, required=req, help_text=doc)
        else:
            f = serializers.CharField(required=req, help_text=doc)
        fields[name] = f
    return inline_serializer(name=f"{kind.title()}Record", fields=fields)


_ITEM_RESULT = inline_serializer(
    name="IntakeItemResult",
    fields={
        "index": serializers.IntegerField(),
        "source_ref": serializers.CharField(),
        "id": serializers.IntegerField(),
        "status": serializers.ChoiceField(choices=["created", "updated", "unchanged"]),
    },
)
_ERRORS = inline_serializer(
    name="IntakeErrors",
    fields={
        "detail": serializers.CharField(),
        "errors": inline_serializer(
            name="IntakeError",
            fields={
                "index": serializers.IntegerField(),
                "field": serializers.CharField(),
                "reason": serializers.CharField(),
            },
            many=True,
        ),
    },
)


class RecordIntakeApi(APIView):
    """Create or update records of one kind, idempotent on (department, source_ref)."""

    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]
    kind = ""

    def post(self, request: Request) -> Response:
        payload = request.data
        single = isinstance(payload, dict)
        items = [payload] if single else payload
        if not isinstance(items, list) or not items:
            return Response(
                {"detail": "Send one record object or a non-empty list of them."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        limit = settings.INTAKE_MAX_BATCH
        if len(items) > limit:
            return Response(
                {"detail": f"At most {limit} records per request; got {len(items)}."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        result = records_intake(
            kind=self.kind, department=request_department(request), items=items, channel="api"
        )
        code = status.HTTP_201_CREATED if result.any_created else status.HTTP_200_OK
        if single:
            return Response(result.items[0], status=code)
        return Response(
            {
                "created": result.count("created"),
                "updated": result.count("updated"),
                "unchanged": result.count("unchanged"),
                "results": result.items,
            },
            status=code,
        )


def _intake_view(kind: str) -> type[RecordIntakeApi]:
    # The schema is on the method (an operation id on a class would apply to every method), on
    # a function of this kind's own: extend_schema annotates the function it is given.
    def post(self: RecordIntakeApi, request: Request) -> Response:
        return RecordIntakeApi.post(self, request)

    post = extend_schema(
        operation_id=f"{kind}_intake",
        tags=["intake"],
        summary=f"Send {kind} (one object or a list)",
        request=_doc_serializer(kind),
        responses={201: _ITEM_RESULT, 200: _ITEM_RESULT, 400: _ERRORS},
    )(post)
    return type(f"{kind.title()}IntakeApi", (RecordIntakeApi,), {"kind": kind, "post": post})


InspectionsIntakeApi = _intake_view("inspections")
PenaltiesIntakeApi = _intake_view("penalties")
LicencesIntakeApi = _intake_view("licences")
HonoursIntakeApi = _intake_view("honours")
ComplaintsIntakeApi = _intake_view("complaints")
UnlicensedIntakeApi = _intake_view("unlicensed")
AccidentsIntakeApi = _intake_view("accidents")
RecallsIntakeApi = _intake_view("recalls")
