from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from enterprises import selectors
from enterprises.models import (
    AuditEntry,
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
from enterprises.services.file_changes import credit_file_changed


class JurisdictionScopedAdmin(SimpleHistoryAdmin):
    """Staff who are not superusers see only files within their jurisdiction."""

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by services only: readable, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "actor", "department", "enterprise")
    list_filter = ("action",)
    search_fields = ("action", "enterprise__uscc", "actor__username")
    list_select_related = ("actor", "department", "enterprise")
