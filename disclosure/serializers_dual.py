"""Shapes of the 双公示 lists in the open-data API (read-only; also the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from publicity.rules import publicity_ends_on


class _FirmFields(serializers.Serializer):
    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")
    region = serializers.CharField(source="enterprise.region_id")
    region_name = serializers.CharField(source="enterprise.region.name")
    department = serializers.CharField(source="source_department.name")
    department_code = serializers.CharField(source="source_department.code")


class PublicLicenceSerializer(_FirmFields):
    licence_no = serializers.CharField()
    title = serializers.CharField()
    scope = serializers.CharField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class PublicPenaltySerializer(_FirmFields):
    decision_no = serializers.CharField()
    decided_on = serializers.DateField()
    kind = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    legal_basis = serializers.CharField()
    publicity_ends_on = serializers.SerializerMethodField()

    def get_publicity_ends_on(self, penalty: Any) -> str | None:
        """The first day it is no longer shown, under the windows the list was chosen by."""
        end = publicity_ends_on(penalty, self.context["publicity"])
        return end.isoformat() if end else None
