"""Attachments live outside the web and static roots; only a checked view reads them."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # No base_url: a stored file has no public address at all.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
