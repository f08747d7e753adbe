"""Downloading a dump file: streamed from disk, with its SHA-256 as ETag."""

from __future__ import annotations

import datetime as dt
import logging

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bulk.models import BulkFormat
from bulk.selectors import bulk_file_get, bulk_file_path

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    BulkFormat.JSONL: "application/gzip",
    BulkFormat.CSV: "text/csv; charset=utf-8",
}


@require_GET
def download(request: HttpRequest, day: str, filename: str) -> HttpResponseBase:
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("No dump of this day.")) from None
    file = bulk_file_get(day=date, filename=filename)
    if file is None:
        raise Http404(_("No such file in the bulk data."))
    etag = f'"{file.sha256}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        handle = bulk_file_path(file).open("rb")
    except FileNotFoundError:
        # Indexed but gone (deleted by hand): the index is wrong, the caller is not.
        logger.error("bulk file %s is indexed but missing", file.path)
        raise Http404(_("No such file in the bulk data.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{file.dataset}-{file.day.isoformat()}.{file.format}",
        content_type=CONTENT_TYPES[BulkFormat(file.format)],
    )
    response["ETag"] = etag
    return response
