from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import SuperuserOnlyAdmin
from enterprises.models import Notification
from selfservice.models import Attachment, CommitmentText, Invitation


@admin.register(CommitmentText)
class CommitmentTextAdmin(SuperuserOnlyAdmin):
    """The commitment's wording is policy: a new version, never an edit of a signed one."""

    list_display = ("version", "title", "is_active", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("version", "title", "body") if obj else ()


@admin.register(Invitation)
class InvitationAdmin(SuperuserOnlyAdmin):
    list_display = ("prefix", "enterprise", "as_admin", "created_by", "expires_at", "used_at")
    readonly_fields = ("digest", "prefix", "used_at", "used_by")
    raw_id_fields = ("enterprise", "created_by", "used_by")


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdmin):
    list_display = ("subject", "enterprise", "created_at", "read_at")
    raw_id_fields = ("enterprise",)


@admin.register(Attachment)
class AttachmentAdmin(SuperuserOnlyAdmin):
    list_display = ("original_name", "enterprise", "purpose", "owner_id", "size", "uploaded_at")
    raw_id_fields = ("enterprise", "uploaded_by")
    exclude = ("file",)  # read through the checked download view, not a public URL
