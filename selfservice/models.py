"""What the enterprise side adds: invitations, commitment texts, attachments, notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selfservice.storage import private_storage


class Invitation(models.Model):
    """A one-time code that lets a person sign up as a user of one firm.

    Issued by a regulator (the firm's first user becomes its administrator) or by the firm's
    administrator (a colleague). Only a SHA-256 digest of the code is stored.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("enterprise"),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("code begins"), max_length=8, editable=False)
    as_admin = models.BooleanField(_("makes the firm's administrator"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.enterprise_id}"


class CommitmentText(models.Model):
    """The text of the quality-integrity commitment (质量诚信承诺书), versioned by policy."""

    version = models.CharField(_("version"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("in force"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("commitment text")
        verbose_name_plural = _("commitment texts")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_commitment_text"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class AttachmentPurpose(models.TextChoices):
    OBJECTION = "objection", _("Objection")
    REPAIR = "repair", _("Credit-repair application")
    STATEMENT = "statement", _("Statement and defence")
    ABNORMAL = "abnormal", _("Removal from the abnormal-operations list")


class Attachment(models.Model):
    """Evidence a firm sends with an objection or a repair application.

    Stored under PRIVATE_MEDIA_ROOT (outside the static and web roots) and served only through
    a view that checks the reader is a user of the firm or a regulator of its area.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("enterprise"),
    )
    purpose = models.CharField(_("for"), max_length=12, choices=AttachmentPurpose.choices)
    owner_id = models.BigIntegerField(_("objection or application"))
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["purpose", "owner_id"], name="attachment_owner_idx")]

    def __str__(self) -> str:
        return self.original_name
