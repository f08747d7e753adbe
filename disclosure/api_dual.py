"""Open-data API of the 双公示 lists: licences in force and penalties in publicity."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request

from disclosure import exports
from disclosure.api import NOT_MODIFIED, PublicApi, PublicListApi, day_param
from disclosure.conditional import public_cached
from disclosure.dual_publicity import public_licences, public_penalty_list
from disclosure.filters import LicenceFilter, PenaltyFilter
from disclosure.search import MAX_QUERY
from disclosure.serializers_dual import PublicLicenceSerializer, PublicPenaltySerializer
from enterprises.models import Industry, PenaltyRecord
from publicity.rules import publicity_rules

# Query parameters as the filters read them (an empty value is no filter: core.schema).
DUAL_PARAMS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_QUERY},
        description="Firm name (2+ characters), former name, or code or its start",
    ),
    OpenApiParameter(
        "region",
        {"type": "string", "pattern": "^([0-9]{2}){1,3}$"},
        description="GB/T 2260 code or prefix of 2, 4 or 6 digits: 44, 4403, 440305 (a code "
        "with no region on file is a 400)",
    ),
    OpenApiParameter(
        "industry",
        {"type": "string", "enum": Industry.values},
        description="GB/T 4754 section letter",
    ),
    OpenApiParameter(
        "department",
        {"type": "string", "maxLength": 32, "pattern": "^[-a-zA-Z0-9_]+$"},
        description="The sending department's code (an unknown code is a 400)",
    ),
]


@method_decorator(public_cached(shared=True), name="get")
@extend_schema(
    summary="Administrative licences in force (双公示)",
    parameters=[
        *DUAL_PARAMS,
        day_param("decided_from", "Issued from (YYYY-MM-DD)"),
        day_param("decided_to", "Issued until (YYYY-MM-DD)"),
    ],
    responses={200: PublicLicenceSerializer(many=True), 304: NOT_MODIFIED},
)
class LicenceListApi(PublicListApi):
    serializer_class = PublicLicenceSerializer
    filterset_class = LicenceFilter

    def get_queryset(self) -> Any:
        return public_licences()


@method_decorator(public_cached(shared=True), name="get")
@extend_schema(
    summary="Administrative penalties in their publicity window (双公示, SAMR Order 45)",
    description="`publicity_ends_on` is the first day a decision is no longer shown.",
    parameters=[
        *DUAL_PARAMS,
        day_param("decided_from", "Decided from (YYYY-MM-DD)"),
        day_param("decided_to", "Decided until (YYYY-MM-DD)"),
    ],
    responses={200: PublicPenaltySerializer(many=True), 304: NOT_MODIFIED},
)
class PenaltyListApi(PublicListApi):
    serializer_class = PublicPenaltySerializer
    filterset_class = PenaltyFilter

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.publicity = publicity_rules()  # one read: the windows that choose and date rows

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema asks only for the model
            return PenaltyRecord.objects.none()
        return public_penalty_list(rules=self.publicity)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "publicity": self.publicity}


@extend_schema(exclude=True)
class LicenceCsvApi(PublicApi):
    def get(self, request: Request) -> HttpResponseBase:
        filterset = LicenceFilter(request.query_params, queryset=public_licences())
        return exports.csv_response(filterset, exports.licence_rows, "licences")


@extend_schema(exclude=True)
class PenaltyCsvApi(PublicApi):
    def get(self, request: Request) -> HttpResponseBase:
        rules = publicity_rules()
        filterset = PenaltyFilter(request.query_params, queryset=public_penalty_list(rules=rules))
        return exports.csv_response(filterset, exports.penalty_rows_for(rules), "penalties")
