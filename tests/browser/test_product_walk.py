"""A shopper types a barcode into the home page's search box and lands on the product: its
maker's grade and the maker's inspections of it; a wrong check digit is told as such."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from stdnum import ean

from enterprises.services.products import company_prefix_declare, product_declare
from tests.browser.watch import Watch
from tests.disclosure.test_lists_and_api import graded
from tests.factories import EnterpriseFactory, InspectionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BASE = "690123400001"
GTIN = BASE + ean.calc_check_digit(BASE)


@pytest.fixture
def product(live_server: Any) -> dict[str, Any]:
    today = timezone.localdate()
    maker = EnterpriseFactory(name="安庆华科电器有限公司", region_id="340802", industry="C")
    graded(maker, "A", red=False, since=today - dt.timedelta(days=40))
    company_prefix_declare(actor=None, enterprise=maker, prefix="6901234")
    product_declare(actor=None, enterprise=maker, gtin=GTIN, name="电热水壶 HK-1")
    InspectionFactory(
        enterprise=maker, product="电热水壶 HK-1", inspected_on=today - dt.timedelta(days=9)
    )
    return {"maker": maker}


def test_a_barcode_typed_on_the_home_page_opens_its_product(
    live_server: Any, product: dict[str, Any], watch: Watch, artifacts: Path
) -> None:
    page = watch.page()
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").first.fill(GTIN)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/products/{GTIN}/")
    main = page.locator("main").inner_text()
    assert "电热水壶 HK-1" in main
    assert "安庆华科电器有限公司" in main
    page.screenshot(path=str(artifacts / "product.png"), full_page=True)
    watch.assert_clean()

    wrong = GTIN[:-1] + str((int(GTIN[-1]) + 1) % 10)
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").first.fill(wrong)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/products/{wrong}/")
    assert ean.calc_check_digit(BASE) in page.locator("main").inner_text()  # the right digit
    # The wrong number's page is a 400 on purpose; the browser logs that, and nothing else.
    assert [p for p in watch.problems if "status of 400" not in p] == []
