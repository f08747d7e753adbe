from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department
from enterprises import selectors
from enterprises.models import (
    Complaint,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    PenaltyRecord,
    QualityReport,
    Region,
)
from enterprises.services.outbox import credit_file_changed


class JurisdictionScopedAdmin(SimpleHistoryAdmin):
    """Staff who are not superusers see and pick only files within their jurisdiction."""

    def _in_scope(self, request: HttpRequest, object_id: str) -> None:
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> Any:
        self._in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        self._in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user = request.user
        if not user.is_superuser:
            if db_field.name == "enterprise":
                kwargs["queryset"] = selectors.enterprise_scope(user=user)
            elif db_field.name == "region":
                kwargs["queryset"] = Region.objects.filter(
                    code__startswith=getattr(user, "jurisdiction", "") or "-"
                )
            elif db_field.name == "source_department":
                kwargs["queryset"] = Department.objects.filter(pk=user.department_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if self.model is Enterprise:
            return qs & selectors.enterprise_scope(user=request.user)
        return qs.filter(enterprise__in=selectors.enterprise_scope(user=request.user))


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(Enterprise)
class EnterpriseAdmin(JurisdictionScopedAdmin):
    list_display = ("uscc", "name", "region", "industry", "product_risk", "status")
    list_filter = ("industry", "product_risk", "status")
    search_fields = ("uscc", "name")
    raw_id_fields = ("region",)
    list_select_related = ("region",)


class FileChangeAdmin(JurisdictionScopedAdmin):
    """Edits here change a credit file, so the firms involved are queued for regrading."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = form.initial.get("enterprise") if change else None
        super().save_model(request, obj, form, change)
        credit_file_changed(
            enterprise_ids=[obj.enterprise_id, before],
            kind=self.model._meta.model_name,
            record_id=obj.pk,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        eid = obj.enterprise_id
        super().delete_model(request, obj)
        credit_file_changed(enterprise_ids=[eid], kind=self.model._meta.model_name)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        ids = list(queryset.values_list("enterprise_id", flat=True))
        super().delete_queryset(request, queryset)
        credit_file_changed(enterprise_ids=ids, kind=self.model._meta.model_name)


class RecordAdmin(FileChangeAdmin):
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise", "source_department")
    search_fields = ("source_ref", "enterprise__uscc", "enterprise__name")
    list_filter = ("source_department",)


@admin.register(InspectionRecord)
class InspectionRecordAdmin(RecordAdmin):
    list_display = (
        "enterprise",
        "product",
        "inspected_on",
        "level",
        "result",
        "defect_severity",
        "source_department",
        "source_ref",
    )
    list_filter = ("result", "level", "kind", "source_department")


@admin.register(PenaltyRecord)
class PenaltyRecordAdmin(RecordAdmin):
    list_display = (
        "enterprise",
        "decision_no",
        "decided_on",
        "kind",
        "amount",
        "revoked",
        "source_department",
    )
    list_filter = ("kind", "aggravated", "revoked", "source_department")


@admin.register(LicenceRecord)
class LicenceRecordAdmin(RecordAdmin):
    list_display = ("enterprise", "title", "licence_no", "issued_on", "valid_until", "status")
    list_filter = ("status", "source_department")


@admin.register(HonourRecord)
class HonourRecordAdmin(RecordAdmin):
    list_display = ("enterprise", "title", "kind", "level", "awarded_on", "withdrawn")
    list_filter = ("kind", "level", "withdrawn")


@admin.register(Complaint)
class ComplaintAdmin(RecordAdmin):
    list_display = ("enterprise", "subject", "received_on", "status", "is_quality_appeal")
    list_filter = ("status", "is_quality_appeal")


@admin.register(IntegrityCommitment)
class IntegrityCommitmentAdmin(FileChangeAdmin):
    list_display = ("enterprise", "signatory", "signed_at", "valid_until", "withdrawn_at")
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__uscc", "enterprise__name", "signatory")


@admin.register(QualityReport)
class QualityReportAdmin(FileChangeAdmin):
    list_display = ("enterprise", "year", "status", "published_on")
    list_filter = ("status",)
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__uscc", "enterprise__name")
