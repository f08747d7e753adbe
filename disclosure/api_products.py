"""The public product lookup: from a barcode to its maker's credit (issue 19)."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure.api import PublicApi
from disclosure.conditional import public_cached
from disclosure.products import public_product
from disclosure.serializers_products import (
    ProductSerializer,
)
from enterprises import gtin as gtins


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
