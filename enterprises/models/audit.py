from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Actions that never change what the public sees: sign-in, two-factor, tokens, invitations.
PUBLIC_ACTIONS = ~models.Q(action__startswith="accounts.") & ~models.Q(action__startswith="firm.")


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
