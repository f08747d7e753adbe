"""Reads of the bulk-dump index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db.models import QuerySet

from bulk.models import BulkFile
from bulk.services import bulk_dir


def bulk_files_list() -> QuerySet[BulkFile]:
    """Every indexed file, newest day first (the retention keeps the list short)."""
    return BulkFile.objects.order_by("-day", "dataset", "format")


def bulk_file_get(*, day: dt.date, filename: str) -> BulkFile | None:
    """The indexed file of `day` downloaded as `filename` (`<dataset>.<format>`), or None."""
    dataset, dot, fmt = filename.partition(".")
    if not dot:
        return None
    return BulkFile.objects.filter(day=day, dataset=dataset, format=fmt).first()


def bulk_file_path(file: BulkFile) -> Path:
    return bulk_dir() / file.path
