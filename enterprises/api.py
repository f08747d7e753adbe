"""Intake API for departments: POST one record or a list of up to INTAKE_MAX_BATCH."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import (
    DepartmentPrincipal,
    DepartmentTokenAuthentication,
    request_department,
)
from core.parsers import StrictJSONParser
from core.schema import refusal
from enterprises.intake_examples import intake_example
from enterprises.intake_fields import SPECS, boolean, date_value, future_date_value
from enterprises.services.intake import records_intake
from enterprises.uscc import USCC_PATTERN


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
        elif name == "uscc":
            f = serializers.RegexField(
                USCC_PATTERN,
                required=req,
                help_text="The firm's unified social credit code (18 characters; lower case, "
                "spaces and full-width forms are normalised).",
            )
        else:
            f = serializers.CharField(
                required=req, help_text=doc, max_length=spec.max_length, allow_blank=not req
            )
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
_BATCH_RESULT = inline_serializer(
    name="IntakeBatchResult",
    fields={
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "results": _ITEM_RESULT.__class__(many=True),
    },
)
_ERRORS = inline_serializer(
    name="IntakeErrors",
    fields={
        "detail": serializers.CharField(),
        "code": serializers.CharField(required=False),
        "errors": inline_serializer(
            name="IntakeError",
            fields={
                "index": serializers.IntegerField(
                    allow_null=True, help_text="The item of the batch; null for the whole body."
                ),
                "field": serializers.CharField(
                    allow_null=True, help_text="The field at fault; null for the whole item."
                ),
                "reason": serializers.CharField(),
            },
            many=True,
        ),
    },
)


def _refused(detail: str) -> Response:
    """A 400 for the whole body, in the shape of the item errors (one error, no index)."""
    return Response(
        {
            "detail": detail,
            "code": "invalid",
            "errors": [{"index": None, "field": None, "reason": detail}],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class RecordIntakeApi(APIView):
    """Create or update records of one kind, idempotent on (department, source_ref)."""

    authentication_classes = [DepartmentTokenAuthentication]
    permission_classes = [IsDepartment]
    # Records are JSON; a form cannot carry a list of them.
    parser_classes = [StrictJSONParser]
    kind = ""

    def post(self, request: Request) -> Response:
        try:
            payload = request.data
        except ParseError as error:
            return _refused(str(error.detail))
        single = isinstance(payload, dict)
        items = [payload] if single else payload
        if not isinstance(items, list) or not items:
            return _refused(_("Send one record object or a non-empty list of them."))
        limit = settings.INTAKE_MAX_BATCH
        if len(items) > limit:
            return _refused(
                _("At most %(limit)d records per request; got %(n)d.")
                % {"limit": limit, "n": len(items)}
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


_RESULT = PolymorphicProxySerializer(
    component_name="IntakeResult",
    serializers=[_ITEM_RESULT, _BATCH_RESULT],
    resource_type_field_name=None,
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
        # The body is one record or a list (intake_bodies_as_sent): an example of each.
        examples=[
            OpenApiExample(
                f"one_{kind}", summary="One record", value=intake_example(kind), request_only=True
            ),
            OpenApiExample(
                f"{kind}_batch",
                summary="A batch (a list of records)",
                value=[intake_example(kind)],
                request_only=True,
            ),
        ],
        responses={
            201: _RESULT,
            200: _RESULT,
            400: _ERRORS,
            403: refusal(403, "The token writes as another department (`source_department`)."),
        },
        description=f"One record object, or a list of 1 to {settings.INTAKE_MAX_BATCH}: "
        "a new (department, source_ref) is 201, a resend 200 (`unchanged` or `updated`). Any "
        "invalid item: 400 with `errors` and nothing written; the whole body refused (not "
        "JSON, empty, too many): 400 with one error whose `index` and `field` are null.",
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


def intake_bodies_as_sent(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular hook: an intake body is one record object or a list of 1 to
    INTAKE_MAX_BATCH of them."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if "intake" not in operation.get("tags", []):
                continue
            content = operation["requestBody"]["content"]["application/json"]
            record = content["schema"]
            content["schema"] = {
                "oneOf": [
                    record,
                    {
                        "type": "array",
                        "items": record,
                        "minItems": 1,
                        "maxItems": settings.INTAKE_MAX_BATCH,
                    },
                ]
            }
    return result
