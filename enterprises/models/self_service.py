"""What a firm files itself: integrity commitments and quality-credit reports (GB/T 31870)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IntegrityCommitment(models.Model):
    """A signed quality-integrity commitment (质量诚信承诺书); renewed yearly, withdrawable."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("enterprise"),
    )
    text_version = models.CharField(_("text version"), max_length=32)
    signatory = models.CharField(_("signed by"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    valid_until = models.DateField(_("valid until"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("integrity commitment")
        verbose_name_plural = _("integrity commitments")
        indexes = [models.Index(fields=["enterprise", "valid_until"], name="commitment_file_idx")]

    def __str__(self) -> str:
        return f"{self.signatory} {self.signed_at:%Y-%m-%d}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")


class QualityReport(models.Model):
    """A quality-credit report (质量信用报告) for one year."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="quality_reports",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # GB/T 31870-2015 sections, by key (enterprises.report_sections.SECTIONS).
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("review comments"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, null=True)
    history = HistoricalRecords()  # every version of the report is kept

    class Meta:
        ordering = ["-year"]
        verbose_name = _("quality-credit report")
        verbose_name_plural = _("quality-credit reports")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="report_one_per_year")
        ]
        indexes = [models.Index(fields=["enterprise", "published_on"], name="report_file_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"
