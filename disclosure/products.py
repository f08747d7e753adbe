"""What the public sees from a barcode: the product, its maker's standing, the maker's public
inspections of that product and the recalls touching it, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from disclosure.profiles import RECORDS_SHOWN, inspection_public_q, recall_public_q
from enterprises.models import InspectionRecord, Product, RecallRecord
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import abnormal_current_q, entry_in_force_q

# Recalls of the maker read to find those naming the product (a JSON list, read in Python so
# SQLite and PostgreSQL agree).
RECALLS_READ = 500


@dataclass
class PublicProduct:
    product: Product
    on_blacklist: bool
    abnormal: bool
    inspections: list[InspectionRecord]
    recalls: list[RecallRecord]

    @property
    def maker(self):  # type: ignore[no-untyped-def]  # an Enterprise; typed by the model
        return self.product.enterprise


def public_product(*, gtin: str, today: dt.date | None = None) -> PublicProduct | None:
    """The product with the stored 14-digit `gtin`, or None."""
    today = today or timezone.localdate()
    product = (
        Product.objects.select_related("enterprise__region", "enterprise__grade__policy")
        .filter(gtin=gtin)
        .first()
    )
    if product is None:
        return None
    firm = product.enterprise_id
    recalls = [
        r
        for r in RecallRecord.objects.filter(recall_public_q(today=today), enterprise_id=firm)
        .select_related("source_department")
        .order_by("-recalled_on", "-pk")[:RECALLS_READ]
        if gtin in r.gtins
    ]
    return PublicProduct(
        product=product,
        on_blacklist=BlacklistEntry.objects.filter(
            entry_in_force_q(today=today), enterprise_id=firm
        ).exists(),
        abnormal=AbnormalListing.objects.filter(abnormal_current_q(), enterprise_id=firm).exists(),
        inspections=list(
            InspectionRecord.objects.filter(
                inspection_public_q(today=today), enterprise_id=firm, gtin=gtin
            )
            .select_related("source_department")
            .order_by("-inspected_on", "-pk")[:RECORDS_SHOWN]
        ),
        recalls=recalls[:RECORDS_SHOWN],
    )
