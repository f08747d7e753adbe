"""Shapes of the product lookup (GET /api/v1/products/{gtin}/) and of the product and recall
lists of open data, also their OpenAPI schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from disclosure.serializers import _has_grade
from enterprises.models import ProductCategory, ProductRisk, RecallMode, RecallStatus


class MakerSerializer(serializers.Serializer):
    uscc = serializers.CharField(source="product.enterprise.uscc")
    name = serializers.CharField(source="product.enterprise.name")
    region = serializers.CharField(source="product.enterprise.region_id")
    grade = serializers.SerializerMethodField()
    supervision_mode = serializers.SerializerMethodField()
    red_list = serializers.SerializerMethodField()
    on_blacklist = serializers.BooleanField()
    abnormal = serializers.BooleanField(help_text="On the abnormal-operations list.")

    def get_grade(self, view: Any) -> str | None:
        firm = view.product.enterprise
        return firm.grade.grade if _has_grade(firm) else None

    def get_supervision_mode(self, view: Any) -> str | None:
        firm = view.product.enterprise
        return firm.grade.supervision_mode if _has_grade(firm) else None

    def get_red_list(self, view: Any) -> bool:
        firm = view.product.enterprise
        return bool(_has_grade(firm) and firm.grade.red_list)


class ProductInspectionSerializer(serializers.Serializer):
    inspected_on = serializers.DateField()
    kind = serializers.CharField()
    product = serializers.CharField()
    batch = serializers.CharField()
    level = serializers.CharField()
    result = serializers.CharField()
    defect_severity = serializers.CharField()
    department = serializers.CharField(source="source_department.name")


class RecallSerializer(serializers.Serializer):
    recalled_on = serializers.DateField()
    gtins = serializers.ListField(child=serializers.CharField(), source="gtin_codes")
    product = serializers.CharField()
    batches = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()
    mode = serializers.ChoiceField(choices=RecallMode.values)
    status = serializers.ChoiceField(choices=RecallStatus.values)
    department = serializers.CharField(source="source_department.name")


class ProductSerializer(serializers.Serializer):
    gtin = serializers.CharField(source="product.code")
    name = serializers.CharField(source="product.name")
    brand = serializers.CharField(source="product.brand")
    standard = serializers.CharField(source="product.standard")
    product_risk = serializers.CharField(source="product.product_risk")
    confirmed = serializers.BooleanField(
        source="product.confirmed",
        help_text="Declared by the maker or confirmed by a regulator; false for a GTIN first "
        "seen on an inspection or recall.",
    )
    maker = MakerSerializer(source="*")
    inspections = ProductInspectionSerializer(many=True)
    recalls = RecallSerializer(many=True)


class ProductMakerSerializer(serializers.Serializer):
    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")


class ProductListItemSerializer(serializers.Serializer):
    """A product of the open-data list (GET /api/v1/products/)."""

    gtin = serializers.CharField(source="code", help_text="As printed under the bars.")
    name = serializers.CharField()
    brand = serializers.CharField()
    standard = serializers.CharField()
    category = serializers.ChoiceField(choices=ProductCategory.values)
    product_risk = serializers.ChoiceField(choices=ProductRisk.values)
    confirmed = serializers.BooleanField(
        help_text="Declared by the maker or confirmed by a regulator; false for a GTIN first "
        "seen on an inspection or recall."
    )
    maker = ProductMakerSerializer(source="*")


class RecallListItemSerializer(RecallSerializer):
    """A recall of the open-data list (GET /api/v1/recalls/public/)."""

    id = serializers.IntegerField()
    enterprise = ProductMakerSerializer(source="*")
