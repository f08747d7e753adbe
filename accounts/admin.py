from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Department, User
from accounts.requests import request_user
from accounts.services import api_token_issue, api_token_revoke
from core.admin import SuperuserOnlyAdmin


@admin.register(User)
class UserAdmin(SuperuserOnlyAdmin, BaseUserAdmin):
    list_display = ("username", "kind", "role", "jurisdiction", "enterprise", "is_active")
    list_filter = ("kind", "role", "is_active")
    search_fields = ("username", "jurisdiction", "enterprise__uscc", "enterprise__name")
    raw_id_fields = ("enterprise",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("Portal role"),
            {"fields": ("kind", "role", "jurisdiction", "department", "enterprise")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            _("Portal role"),
            {"fields": ("kind", "role", "jurisdiction", "department", "enterprise")},
        ),
    )


@admin.register(Department)
class DepartmentAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "jurisdiction", "parent", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "jurisdiction")


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyAdmin):
    list_display = ("department", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("department",)
    fields = ("department", "name", "prefix", "created_by", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_by", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A token is issued or revoked, never edited.
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, raw = api_token_issue(
            department=obj.department, name=obj.name, actor=request_user(request)
        )
        obj.__dict__.update(token.__dict__)
        messages.warning(
            request,
            _("Token issued. Copy it now, it is not shown again: %(raw)s") % {"raw": raw},
        )

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        n = sum(api_token_revoke(token=t, actor=request_user(request)) for t in queryset)
        messages.success(request, _("%(n)d token(s) revoked.") % {"n": n})
