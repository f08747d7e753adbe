"""Products and recalls in open data (issue 19): the barcode lookup, from a barcode to its
maker's credit, and the paginated lists of products and public recalls."""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure.api import NOT_MODIFIED, PublicApi, PublicListApi, day_param
from disclosure.conditional import public_cached
from disclosure.filters import ProductFilter, RecallFilter
from disclosure.products import public_product
from disclosure.published import products_public, recalls_public
from disclosure.serializers_products import (
    ProductListItemSerializer,
    ProductSerializer,
    RecallListItemSerializer,
)
from enterprises import gtin as gtins
from enterprises.models import ProductCategory, RecallMode, RecallStatus
from enterprises.uscc import USCC_PATTERN


@method_decorator(public_cached(shared=True), name="get")
class ProductDetailApi(PublicApi):
    @extend_schema(
        summary="A product by its barcode (GTIN), with its maker's credit",
        description="GTIN-8, UPC-A (12), EAN-13 or GTIN-14, check digit included. The maker's "
        "grade and lists, its inspections of the product shown on its public profile, with "
        "batches, and the recalls naming the product.",
        # 400 (the GTIN's fault named in `detail`) and 404 come from core.schema's refusals,
        # which also cover a control character refused at the door.
        responses={200: ProductSerializer},
    )
    def get(self, request: Request, gtin: str) -> Response:
        problem = gtins.gtin_error(gtin)
        if problem is not None:
            raise ValidationError({"gtin": [problem.message]})
        view = public_product(gtin=gtins.canonical(gtin))
        if view is None:
            raise NotFound(_("No product with this barcode is on file."))
        return Response(ProductSerializer(view).data)


def _code_param(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "enterprise",
        {"type": "string", "pattern": USCC_PATTERN},
        description=description + " (18 characters, check characters verified: a malformed "
        "code is a 400)",
    )


@method_decorator(public_cached(shared=True), name="get")
@extend_schema(
    summary="Products on file, by GTIN",
    description="Every product a firm declared or a record named, with its maker; "
    "`confirmed` is false for a GTIN only seen on an inspection or recall.",
    parameters=[
        _code_param("The maker's unified social credit code"),
        OpenApiParameter("category", {"type": "string", "enum": ProductCategory.values[1:]}),
    ],
    responses={200: ProductListItemSerializer(many=True), 304: NOT_MODIFIED},
)
class ProductListApi(PublicListApi):
    serializer_class = ProductListItemSerializer
    filterset_class = ProductFilter

    def get_queryset(self) -> Any:
        return products_public()


@method_decorator(public_cached(shared=True), name="get")
@extend_schema(
    summary="Defect product recalls (public)",
    description="Recalls under the publication rule of inspections: not withdrawn, started "
    "within the last 3 years and not after today; newest first. Departments send recalls "
    "with POST /api/v1/recalls/.",
    parameters=[
        _code_param("The firm's unified social credit code"),
        OpenApiParameter("status", {"type": "string", "enum": RecallStatus.values}),
        OpenApiParameter("mode", {"type": "string", "enum": RecallMode.values}),
        day_param("recalled_from", "Started from (YYYY-MM-DD)"),
        day_param("recalled_to", "Started until (YYYY-MM-DD)"),
    ],
    responses={200: RecallListItemSerializer(many=True), 304: NOT_MODIFIED},
)
class RecallListApi(PublicListApi):
    serializer_class = RecallListItemSerializer
    filterset_class = RecallFilter

    def get_queryset(self) -> Any:
        return recalls_public()
