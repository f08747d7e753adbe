from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department
from accounts.requests import request_user
from accounts.roles import jurisdiction_q
from core.admin import ReadOnlyAdmin, ReferenceDataAdmin, SuperuserOnlyAdmin
from enterprises import selectors
from enterprises.models import (
    Complaint,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    MatchQuery,
    PenaltyRecord,
    Product,
    QualityAccidentRecord,
    QualityReport,
    RecallRecord,
    Region,
    UnlicensedProductionRecord,
)
from enterprises.services.register import UPDATABLE, enterprise_register, enterprise_update


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
        user = request_user(request)
        if not user.is_superuser:
            if db_field.name == "enterprise":
                kwargs["queryset"] = selectors.enterprise_scope(user=user)
            elif db_field.name == "region":
                kwargs["queryset"] = Region.objects.filter(jurisdiction_q(user, field="code"))
            elif db_field.name == "source_department":
                # No department, no choice (0 is no department's id).
                kwargs["queryset"] = Department.objects.filter(pk=user.department_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if self.model is Enterprise:
            return qs & selectors.enterprise_scope(user=request.user)
        return qs.filter(enterprise__in=selectors.enterprise_scope(user=request.user))


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(Enterprise)
class EnterpriseAdmin(JurisdictionScopedAdmin):
    """Registration and corrections go through the register service: checked, audited, and
    the public name index kept in the same transaction."""

    list_display = ("uscc", "name", "region", "industry", "product_risk", "status")
    list_filter = ("industry", "product_risk", "status")
    search_fields = ("uscc", "name")
    raw_id_fields = ("region",)
    list_select_related = ("region",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = enterprise_update(
                actor=request_user(request),
                enterprise=obj,
                changes={f: data[f] for f in form.changed_data if f in UPDATABLE},
            )
        else:
            saved = enterprise_register(
                actor=request_user(request),
                uscc=data["uscc"],
                name=data["name"],
                former_names=data.get("former_names") or [],
                legal_representative=data["legal_representative"],
                region_id=data["region"].pk,
                address=data.get("address", ""),
                industry=data["industry"],
                product_risk=data["product_risk"],
                established_on=data.get("established_on"),
                status=data["status"],
            )
        # The admin goes on with `obj` (its messages, log and redirect): show it what was stored.
        obj.pk, obj.uscc, obj._state.adding = saved.pk, saved.uscc, False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A credit file is never deleted: a firm that closes is deregistered (its status).
        return False


class ReadOnlyRecordAdmin(ReadOnlyAdmin, JurisdictionScopedAdmin):
    """Shown, never edited here: a record written by hand would skip the checks and the audit
    of intake, and the department's next send (same source_ref) would overwrite it anyway."""

    note = _(
        "Read-only. Records arrive from their departments (API or console import) and are "
        "corrected by sending them again; a wrong record is withdrawn through an objection."
    )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        return super().changelist_view(request, {"subtitle": self.note, **(extra_context or {})})

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        return super().change_view(
            request, object_id, form_url, {"subtitle": self.note, **(extra_context or {})}
        )


class RecordAdmin(ReadOnlyRecordAdmin):
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise", "source_department")
    search_fields = ("source_ref", "enterprise__uscc", "enterprise__name")
    list_filter: ClassVar[tuple[str, ...]] = ("source_department",)


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


@admin.register(UnlicensedProductionRecord)
class UnlicensedProductionRecordAdmin(RecordAdmin):
    list_display = ("enterprise", "product", "found_on", "case_no", "source_department")


@admin.register(QualityAccidentRecord)
class QualityAccidentRecordAdmin(RecordAdmin):
    list_display = ("enterprise", "occurred_on", "severity", "product", "source_department")
    list_filter = ("severity", "source_department")


@admin.register(RecallRecord)
class RecallRecordAdmin(RecordAdmin):
    list_display = ("enterprise", "recalled_on", "mode", "status", "product", "source_department")
    list_filter = ("mode", "status", "source_department")


@admin.register(Product)
class ProductAdmin(ReadOnlyRecordAdmin):
    note = _(
        "Read-only. The enterprise declares its products on its own pages and regulators "
        "correct them on the credit-file page, each change audited."
    )
    list_display = ("gtin", "name", "enterprise", "brand", "product_risk", "confirmed")
    list_filter = ("confirmed", "product_risk")
    search_fields = ("gtin", "name")


class FirmWrittenAdmin(ReadOnlyRecordAdmin):
    note = _(
        "Read-only. The enterprise writes these on its own pages (sign, withdraw, save, "
        "submit, publish) and regulators review reports in the console."
    )


@admin.register(IntegrityCommitment)
class IntegrityCommitmentAdmin(FirmWrittenAdmin):
    list_display = ("enterprise", "signatory", "signed_at", "valid_until", "withdrawn_at")
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__uscc", "enterprise__name", "signatory")


@admin.register(QualityReport)
class QualityReportAdmin(FirmWrittenAdmin):
    list_display = ("enterprise", "year", "status", "published_on")
    list_filter = ("status",)
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__uscc", "enterprise__name")


@admin.register(MatchQuery)
class MatchQueryAdmin(ReadOnlyAdmin, SuperuserOnlyAdmin):
    """The name-screening log: who asked about which name, and what was answered."""

    list_display = ("at", "department", "name", "status_code", "top_score")
    list_filter = ("status_code",)
    list_select_related = ("department",)
