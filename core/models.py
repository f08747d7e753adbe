"""The audit log, notifications to firms and the versioned-policy base."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.actions import PUBLIC_ACTIONS


class AuditEntry(models.Model):
    """Who did what to which file, and why; written in the same transaction as the change."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("enterprise"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        # The table predates this app; the rows stay where they are.
        db_table = "enterprises_auditentry"
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            # The public data version reads the newest entry that can change a public page;
            # sign-in and account events (which anyone can cause) never do.
            models.Index(fields=["created_at"], name="audit_public_idx", condition=PUBLIC_ACTIONS)
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class VersionedPolicy(models.Model):
    """Rules kept as data: a version is created and activated, never edited in place.

    Version 1 of each policy is written by its app's data migration, so reading the policy in
    force never writes.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    note = models.TextField(_("why this version"))
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        abstract = True
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_%(class)s",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version}"
