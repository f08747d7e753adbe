"""Shapes of the open-data API (read-only; also the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from disclosure.changes import KINDS
from publicity.rules import publicity_ends_on


class GradeSerializer(serializers.Serializer):
    grade = serializers.CharField()
    supervision_mode = serializers.CharField()
    grade_since = serializers.DateField()
    red_list = serializers.BooleanField()
    policy_version = serializers.IntegerField(source="policy.version")
    computed_on = serializers.DateField()


class EnterpriseSummarySerializer(serializers.Serializer):
    uscc = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    industry = serializers.CharField()
    grade = serializers.SerializerMethodField()
    red_list = serializers.SerializerMethodField()

    def get_grade(self, firm: Any) -> str | None:
        grade = getattr(firm, "grade", None) if _has_grade(firm) else None
        return grade.grade if grade else None

    def get_red_list(self, firm: Any) -> bool:
        return bool(_has_grade(firm) and firm.grade.red_list)


def _has_grade(firm: Any) -> bool:
    try:
        return firm.grade is not None
    except firm.__class__.grade.RelatedObjectDoesNotExist:
        return False


class BlacklistEntrySerializer(serializers.Serializer):
    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")
    region = serializers.CharField(source="enterprise.region_id")
    grounds = serializers.CharField()
    legal_basis = serializers.CharField()
    department = serializers.CharField(source="department.name")
    listed_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class RedListSerializer(EnterpriseSummarySerializer):
    grade_since = serializers.DateField(source="grade.grade_since")


class PenaltySerializer(serializers.Serializer):
    decision_no = serializers.CharField()
    decided_on = serializers.DateField()
    kind = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    legal_basis = serializers.CharField()
    department = serializers.CharField(source="source_department.name")
    publicity_ends_on = serializers.SerializerMethodField()
    under_objection = serializers.SerializerMethodField()

    def get_publicity_ends_on(self, penalty: Any) -> str | None:
        # The windows the profile chose its penalties by: the policy in force, never defaults.
        end = publicity_ends_on(penalty, self.context["publicity"])
        return end.isoformat() if end else None

    def get_under_objection(self, penalty: Any) -> bool:
        return penalty.pk in self.context.get("objected_penalties", set())


class InspectionSerializer(serializers.Serializer):
    inspected_on = serializers.DateField()
    kind = serializers.CharField()
    product = serializers.CharField()
    batch = serializers.CharField()
    level = serializers.CharField()
    result = serializers.CharField()
    defect_severity = serializers.CharField()
    department = serializers.CharField(source="source_department.name")
    under_objection = serializers.SerializerMethodField()

    def get_under_objection(self, record: Any) -> bool:
        return record.pk in self.context.get("objected_inspections", set())


class AbnormalSerializer(serializers.Serializer):
    ground = serializers.CharField()
    department = serializers.CharField(source="department.name")
    listed_on = serializers.DateField()


class ListedEntrySerializer(serializers.Serializer):
    grounds = serializers.CharField()
    legal_basis = serializers.CharField()
    department = serializers.CharField(source="department.name")
    listed_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class HonourSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    awarded_on = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class ProfileSerializer(serializers.Serializer):
    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")
    former_names = serializers.ListField(
        child=serializers.CharField(), source="enterprise.former_names"
    )
    legal_representative = serializers.CharField(source="enterprise.legal_representative")
    region = serializers.CharField(source="enterprise.region_id")
    region_name = serializers.CharField(source="enterprise.region.name")
    industry = serializers.CharField(source="enterprise.industry")
    product_risk = serializers.CharField(source="enterprise.product_risk")
    status = serializers.CharField(source="enterprise.status")
    grade = serializers.SerializerMethodField()
    blacklist = ListedEntrySerializer(many=True)
    abnormal = AbnormalSerializer(many=True)
    penalties = PenaltySerializer(many=True)
    inspections = InspectionSerializer(many=True)
    honours = HonourSerializer(many=True)
    report_published_on = serializers.DateField(
        source="report.published_on", allow_null=True, default=None
    )
    commitment_valid_until = serializers.DateField(
        source="commitment.valid_until", allow_null=True, default=None
    )
    objections_open = serializers.SerializerMethodField()

    def get_objections_open(self, profile: Any) -> int:
        return len(profile.objections)

    def get_grade(self, profile: Any) -> dict[str, Any] | None:
        firm = profile.enterprise
        return GradeSerializer(firm.grade).data if _has_grade(firm) else None


class ChangeSerializer(serializers.Serializer):
    uscc = serializers.CharField()
    # The schema lists every kind the feed can send (disclosure.changes.KINDS).
    kind = serializers.ChoiceField(choices=[(k, k) for k in KINDS])
    id = serializers.IntegerField(
        help_text="The row of the kind: the firm, the grade change, the list transition, the "
        "record; for publicity_start and publicity_end the penalty."
    )
    at = serializers.DateTimeField()


class EnterpriseSearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="matches, counted up to the cap")
    capped = serializers.BooleanField(help_text="there were more matches than the cap")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = EnterpriseSummarySerializer(many=True)


class ChangesPageSerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField(help_text="the end this page was read up to")
    next = serializers.URLField(allow_null=True, help_text="the next page; null on the last")
    results = ChangeSerializer(many=True)
