"""Objections to records (异议) and credit-repair applications (信用修复)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.models import RECORD_MODELS
from lists.models import AbnormalListing, BlacklistEntry


class Decided(models.Model):
    """A regulator's decision on a firm's request: who, when, and the reasons given."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)

    class Meta:
        abstract = True


class RepairTarget(models.TextChoices):
    BLACKLIST = "blacklist", _("Blacklist entry")
    PENALTY = "penalty", _("Penalty publicity")
    ABNORMAL = "abnormal", _("Abnormal-operations listing")


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RepairApplication(Decided):
    """A firm's credit-repair application (信用修复): early removal or early end of publicity."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="repair_applications",
        verbose_name=_("enterprise"),
    )
    target = models.CharField(_("target"), max_length=10, choices=RepairTarget.choices)
    entry = models.ForeignKey(
        BlacklistEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_applications",
        verbose_name=_("blacklist entry"),
    )
    penalty = models.ForeignKey(
        "enterprises.PenaltyRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_applications",
        verbose_name=_("penalty decision"),
    )
    abnormal_listing = models.ForeignKey(
        AbnormalListing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_applications",
        verbose_name=_("abnormal-operations listing"),
    )
    obligations_met = models.BooleanField(_("obligations met (stated)"))
    harm_remedied = models.BooleanField(_("harm remedied (stated)"))
    commitment_signed = models.BooleanField(_("public credit commitment signed"))
    statement = models.TextField(_("statement"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    answer_due = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED
    )

    class Meta:
        db_table = "blacklist_repairapplication"  # the table predates this app
        ordering = ["-submitted_at"]
        verbose_name = _("credit-repair application")
        verbose_name_plural = _("credit-repair applications")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        target="blacklist",
                        entry__isnull=False,
                        penalty__isnull=True,
                        abnormal_listing__isnull=True,
                    )
                    | models.Q(
                        target="penalty",
                        penalty__isnull=False,
                        entry__isnull=True,
                        abnormal_listing__isnull=True,
                    )
                    | models.Q(
                        target="abnormal",
                        abnormal_listing__isnull=False,
                        entry__isnull=True,
                        penalty__isnull=True,
                    )
                ),
                name="repair_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.target} {self.status}"


class RepairCommitment(models.Model):
    """The public credit commitment (信用承诺书) signed with a credit-repair application: its own
    record, not a yearly quality-integrity commitment (enterprises.IntegrityCommitment), so it
    neither replaces nor counts as the firm's current one."""

    application = models.OneToOneField(
        RepairApplication,
        on_delete=models.PROTECT,
        related_name="commitment",
        verbose_name=_("credit-repair application"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="repair_commitments",
        verbose_name=_("enterprise"),
    )
    text_version = models.CharField(_("text version"), max_length=32)
    signatory = models.CharField(_("signed by"), max_length=64)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("credit-repair commitment")
        verbose_name_plural = _("credit-repair commitments")

    def __str__(self) -> str:
        return f"{self.signatory} {self.signed_on:%Y-%m-%d}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Under review")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


class RetestResult(models.TextChoices):
    PASS = "pass", _("Passed (合格)")
    FAIL = "fail", _("Failed (不合格)")


class Objection(Decided):
    """A firm's objection (异议) to a record of its file; for a failed sampling, the re-test
    (复检) by another laboratory is recorded on it."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("enterprise"),
    )
    record_kind = models.CharField(_("record kind"), max_length=12)
    record_id = models.BigIntegerField(_("record"))
    grounds = models.TextField(_("grounds"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_on = models.DateField(_("raised on"))
    answer_due = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    retest_lab = models.CharField(_("re-test laboratory"), max_length=200, blank=True)
    retest_on = models.DateField(_("re-tested on"), null=True, blank=True)
    retest_result = models.CharField(
        _("re-test result"), max_length=4, choices=RetestResult.choices, blank=True
    )

    class Meta:
        db_table = "blacklist_objection"  # the table predates this app
        ordering = ["-raised_on", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        indexes = [
            models.Index(fields=["enterprise", "status"], name="objection_file_idx"),
            models.Index(fields=["status", "answer_due"], name="objection_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record_kind", "record_id"],
                condition=models.Q(status="open"),
                name="one_open_objection_per_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_kind}:{self.record_id} {self.status}"

    @property
    def record_label(self) -> str:
        """The kind of record objected to, in the reader's language."""
        model = RECORD_MODELS.get(self.record_kind)
        return str(model._meta.verbose_name) if model else self.record_kind
