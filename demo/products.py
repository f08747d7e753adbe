"""Demo products: a few manufacturers hold a GS1 China company prefix (厂商识别代码) and declare
products under it, and their recent inspections carry the product's GTIN, so a demo barcode
typed on the home page finds a product, its maker's grade and its last inspections."""

from __future__ import annotations

import datetime as dt

from stdnum import ean

from core.dates import window_start
from enterprises.models import (
    Enterprise,
    InspectionRecord,
    ProductCategory,
    ProductRisk,
    RecallMode,
    RecallRecord,
)
from enterprises.services.products import company_prefix_declare, product_declare

FIRMS_WITH_PRODUCTS = 5
PRODUCTS_PER_FIRM = 2
# Within the profile's look-back, so the product page shows them.
INSPECTIONS_TAGGED_YEARS = 2
# Categories the demo products take in turn, so the planner can narrow a plan to one of them.
DEMO_CATEGORIES = (
    ProductCategory.ELECTRICAL,
    ProductCategory.CABLES,
    ProductCategory.FOOD_RELATED,
)


def demo_prefix(firm_id: int) -> str:
    """A 7-digit prefix under GS1 China's 690–699, one per demo firm."""
    return f"69{firm_id % 100_000:05d}"


def demo_gtin(firm_id: int, item: int) -> str:
    """The EAN-13 of a demo firm's `item`-th product (from 1): prefix, 5-digit item, check."""
    body = f"{demo_prefix(firm_id)}{item:05d}"
    return body + ean.calc_check_digit(body)


def demo_products_seed(*, today: dt.date, first_id: int) -> dict[str, int]:
    """Give the first manufacturers with inspections prefixes and products, tag their recent
    inspections with a product's GTIN, and record one voluntary recall; only firms of this run
    (ids from `first_id`), so a second seed adds its own. Rows written."""
    since = window_start(today, years=INSPECTIONS_TAGGED_YEARS)
    firms = list(
        Enterprise.objects.filter(
            id__gte=first_id, industry="C", inspectionrecords__inspected_on__gte=since
        )
        .distinct()
        .order_by("id")[:FIRMS_WITH_PRODUCTS]
    )
    products = tagged = recalls = 0
    for firm in firms:
        company_prefix_declare(
            actor=None, enterprise=firm, prefix=demo_prefix(firm.pk), channel="demo"
        )
        inspections = list(
            InspectionRecord.objects.filter(enterprise=firm, inspected_on__gte=since).order_by(
                "-inspected_on", "id"
            )
        )
        for item in range(1, PRODUCTS_PER_FIRM + 1):
            named = inspections[item - 1].product if len(inspections) >= item else firm.name
            product_declare(
                actor=None,
                enterprise=firm,
                gtin=demo_gtin(firm.pk, item),
                name=named,
                brand=firm.name[2:4],
                standard="GB/T 19001",
                product_risk=firm.product_risk or ProductRisk.MEDIUM,
                category=DEMO_CATEGORIES[(firm.pk + item) % len(DEMO_CATEGORIES)],
                channel="demo",
            )
            products += 1
        for n, record in enumerate(inspections):
            record.gtin = demo_gtin(firm.pk, n % PRODUCTS_PER_FIRM + 1).zfill(14)
        InspectionRecord.objects.bulk_update(inspections, ["gtin"], batch_size=500)
        tagged += len(inspections)
        if firm is firms[0] and inspections:
            RecallRecord.objects.create(
                enterprise=firm,
                source_department_id=inspections[0].source_department_id,
                source_ref=f"DEMO-RC-{firm.pk}",
                gtins=[demo_gtin(firm.pk, 1).zfill(14)],
                product=inspections[0].product,
                batches=[inspections[0].batch] if inspections[0].batch else [],
                recalled_on=today - dt.timedelta(days=20),
                reason="标签标注不规范，主动召回",
                mode=RecallMode.VOLUNTARY,
            )
            recalls += 1
    return {"products": products, "inspections_with_gtin": tagged, "recalls": recalls}
