from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.requests import request_user
from accounts.roles import Action, regulator_can
from core.admin import ReadOnlyAdmin
from enterprises.admin import JurisdictionScopedAdmin
from ratings.models import EnterpriseGrade, GradeChange, GradeOverride, GradingPolicy
from ratings.policy import matrix_problems, retired_problems, rules_from
from ratings.services.policy import grading_policy_active, grading_policy_publish


class PolicyForm(forms.ModelForm):
    class Meta:
        model = GradingPolicy
        fields = ["rules", "matrix", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # start from the active version, without its retired rules
            active = grading_policy_active()
            self.initial.update(rules=asdict(rules_from(active.rules)), matrix=active.matrix)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = retired_problems(data.get("rules") or {})
        try:
            problems += rules_from(data.get("rules") or {}).validate()
        except (TypeError, ValueError) as exc:
            problems.append(str(exc))
        problems += matrix_problems(data.get("matrix") or {})
        if problems:
            raise ValidationError(problems)
        return data


@admin.register(GradingPolicy)
class GradingPolicyAdmin(admin.ModelAdmin):
    """New versions only: a policy in use is never edited in place."""

    form = PolicyForm
    list_display = ("version", "is_active", "created_at", "created_by", "note")
    readonly_fields = ("version", "is_active", "created_at", "created_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return regulator_can(request.user, Action.POLICY_EDIT)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and request.user.is_staff

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: GradingPolicy, form: Any, change: bool) -> None:
        policy = grading_policy_publish(
            rules=obj.rules, matrix=obj.matrix, note=obj.note, actor=request_user(request)
        )
        obj.__dict__.update(policy.__dict__)


@admin.register(EnterpriseGrade)
class EnterpriseGradeAdmin(ReadOnlyAdmin, JurisdictionScopedAdmin):
    list_display = (
        "enterprise",
        "grade",
        "computed_grade",
        "supervision_mode",
        "policy",
        "computed_at",
    )
    list_filter = ("grade", "supervision_mode", "interview_due")
    search_fields = ("enterprise__uscc", "enterprise__name")
    list_select_related = ("enterprise", "policy")


@admin.register(GradeChange)
class GradeChangeAdmin(ReadOnlyAdmin, JurisdictionScopedAdmin):
    list_display = (
        "enterprise",
        "old_grade",
        "new_grade",
        "new_red_list",
        "new_supervision_mode",
        "changed_at",
        "policy",
    )
    list_filter = ("new_grade", "new_red_list", "new_supervision_mode")
    search_fields = ("enterprise__uscc",)
    list_select_related = ("enterprise", "policy")


@admin.register(GradeOverride)
class GradeOverrideAdmin(ReadOnlyAdmin, JurisdictionScopedAdmin):
    """Overrides are made on the firm's page, where the service checks role and jurisdiction."""

    list_display = ("enterprise", "grade", "created_by", "created_at", "expires_on", "revoked_at")
    search_fields = ("enterprise__uscc",)
    list_select_related = ("enterprise", "created_by")
