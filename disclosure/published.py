"""Products and recalls in open data (issue 19): the querysets the open-data API, the firm's
profile page and the bulk dumps read, each under the publication rule of disclosure.profiles."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from disclosure.profiles import RECORDS_SHOWN, recall_public_q
from enterprises.models import Enterprise, Product, RecallRecord


def products_public() -> QuerySet[Product]:
    """Every product on file with its maker, by GTIN: what the barcode lookup answers for one
    (an unconfirmed product says so in `confirmed`)."""
    return Product.objects.select_related("enterprise").order_by("gtin")


def recalls_public(*, today: dt.date | None = None) -> QuerySet[RecallRecord]:
    """Recalls public on `today` (recall_public_q), newest first, with firm and department."""
    today = today or timezone.localdate()
    return (
        RecallRecord.objects.filter(recall_public_q(today=today))
        .select_related("enterprise", "source_department")
        .order_by("-recalled_on", "-pk")
    )


def maker_products_public(*, enterprise: Enterprise) -> list[Product]:
    """The firm's products for its public profile, confirmed ones first."""
    return list(
        products_public()
        .filter(enterprise=enterprise)
        .order_by("-confirmed", "gtin")[:RECORDS_SHOWN]
    )
