"""The index of the nightly bulk dumps: one row per day, dataset and format, written only once
its file is complete (bulk.services), so every row names a whole file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BulkFormat(models.TextChoices):
    JSONL = "jsonl.gz", _("JSON Lines, gzip-compressed")
    CSV = "csv", _("CSV, UTF-8 with BOM")


class BulkFile(models.Model):
    day = models.DateField(_("date"))
    dataset = models.CharField(_("dataset"), max_length=32)
    format = models.CharField(_("format"), max_length=8, choices=BulkFormat.choices)
    rows = models.PositiveBigIntegerField(_("rows"))
    bytes = models.PositiveBigIntegerField(_("bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Relative to settings.BULK_DIR; a re-run writes new files and points the row at them, so a
    # row never names a half-written or replaced file.
    path = models.CharField(_("file"), max_length=255)
    taken_at = models.DateTimeField(_("snapshot taken at"))
    # The change feed's `since` that continues this dump: replaying GET /api/v1/changes/ from
    # here brings a copy of the dump up to date (a few seconds before `taken_at`, so an event
    # still committing when the snapshot began is replayed rather than missed).
    changes_since = models.DateTimeField(_("change feed continues from"))
    written_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        ordering = ["-day", "dataset", "format"]
        verbose_name = _("bulk data file")
        verbose_name_plural = _("bulk data files")
        constraints = [
            models.UniqueConstraint(fields=["day", "dataset", "format"], name="bulk_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.dataset}.{self.format}"

    @property
    def filename(self) -> str:
        """The name the file is downloaded under (the URL's last segment)."""
        return f"{self.dataset}.{self.format}"
