"""Demo products: a demo barcode typed on the home page finds its product, the maker's grade
and its last inspections."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from demo.products import FIRMS_WITH_PRODUCTS, demo_gtin
from enterprises import gtin as gtins
from enterprises.models import CompanyPrefix, InspectionRecord, Product, RecallRecord

pytestmark = pytest.mark.django_db


def test_a_demo_barcode_typed_on_the_home_page_finds_the_product(time_machine: Any) -> None:
    call_command("seed_demo", "--enterprises", "120", "--seed", "3", "--today", "2026-11-26")
    assert CompanyPrefix.objects.count() == FIRMS_WITH_PRODUCTS
    first = Product.objects.order_by("enterprise_id", "gtin").first()
    assert first is not None
    assert first.confirmed
    assert first.code == demo_gtin(first.enterprise_id, 1)
    assert gtins.gtin_error(first.code) is None
    assert InspectionRecord.objects.filter(gtin=first.gtin).exists()
    assert RecallRecord.objects.filter(enterprise_id=first.enterprise_id).exists()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(reverse("disclosure:search"), {"q": first.code}, follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == reverse("disclosure:product", args=[first.code])
    body = page.content.decode()
    assert first.enterprise.name in body
    assert 'class="grade grade-' in body
    tagged = InspectionRecord.objects.filter(gtin=first.gtin).order_by("-inspected_on").first()
    assert tagged is not None
    assert tagged.inspected_on.strftime("%Y-%m-%d") in body
