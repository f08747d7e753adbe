"""Messages to the users of a firm."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to the users of a firm, shown in the portal and sent by email."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("enterprise"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=200, blank=True)
    # The language the message was written in (the sender's), so a page in the other language
    # marks it as such; blank for messages older than the field.
    language = models.CharField(_("language"), max_length=16, blank=True, default="")
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        db_table = "selfservice_notification"  # the table predates the move to this app
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["enterprise", "-created_at"], name="notification_firm_idx")]

    def __str__(self) -> str:
        return self.subject
