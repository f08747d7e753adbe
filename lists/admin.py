from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin, SuperuserOnlyAdmin
from enterprises.admin import JurisdictionScopedAdmin
from lists.models import (
    AbnormalListing,
    BlacklistEntry,
    EntryStatement,
    EntryTransition,
    ListPolicy,
    ResponsiblePerson,
    RestrictionMeasure,
    RestrictionQuery,
)


class TransitionInline(admin.TabularInline):
    model = EntryTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "at", "reason", "legal_basis")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PersonInline(admin.TabularInline):
    model = ResponsiblePerson
    extra = 0
    can_delete = False
    readonly_fields = ("name", "role", "id_hash")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StatementInline(admin.StackedInline):
    """The firm's statement and its answer: written through `lists.statements` only."""

    model = EntryStatement
    extra = 0
    can_delete = False
    readonly_fields = (
        "text",
        "hearing_requested",
        "submitted_by",
        "submitted_at",
        "answer",
        "answered_by",
        "answered_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ReadOnlyAdmin, JurisdictionScopedAdmin):
    """Entries move only through the due-process services; the admin shows their trail."""

    list_display = ("enterprise", "department", "status", "listed_on", "ends_on", "removal_reason")
    list_filter = ("status", "removal_reason")
    search_fields = ("enterprise__uscc", "enterprise__name")
    list_select_related = ("enterprise", "department")
    inlines = [PersonInline, StatementInline, TransitionInline]


@admin.register(AbnormalListing)
class AbnormalListingAdmin(ReadOnlyAdmin, JurisdictionScopedAdmin):
    list_display = (
        "enterprise",
        "ground",
        "listed_on",
        "corrected_on",
        "removal_due",
        "removed_on",
        "escalation_warned_on",
    )
    list_filter = ("ground",)
    search_fields = ("enterprise__uscc", "enterprise__name")
    list_select_related = ("enterprise",)


@admin.register(EntryTransition)
class EntryTransitionAdmin(ReadOnlyAdmin, SuperuserOnlyAdmin):
    list_display = ("entry", "from_status", "to_status", "actor", "at")
    list_select_related = ("entry", "actor")


@admin.register(ResponsiblePerson)
class ResponsiblePersonAdmin(ReadOnlyAdmin, SuperuserOnlyAdmin):
    list_display = ("name", "role", "entry")
    list_select_related = ("entry",)


@admin.register(RestrictionMeasure)
class RestrictionMeasureAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "applies_to_persons")


@admin.register(RestrictionQuery)
class RestrictionQueryAdmin(ReadOnlyAdmin, SuperuserOnlyAdmin):
    list_display = ("at", "department", "action", "subject", "restricted", "bases")
    list_filter = ("action", "restricted")
    list_select_related = ("department",)


@admin.register(ListPolicy)
class ListPolicyAdmin(ReadOnlyAdmin, SuperuserOnlyAdmin):
    """Versions are published through lists.policy.list_policy_publish; shown here."""

    list_display = ("version", "is_active", "created_at", "created_by", "note")
