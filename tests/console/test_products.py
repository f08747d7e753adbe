from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum import ean

from core.actions import AuditAction
from core.models import AuditEntry
from enterprises.models import Product
from enterprises.services.products import company_prefix_declare, product_declare
from tests.conftest import ROLES
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(firm: Any) -> Product:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    return product_declare(actor=None, enterprise=firm, gtin="6901234567892", name="特制小麦粉")


def _url(product: Product) -> str:
    return reverse("console:product_correct", args=[product.enterprise.uscc, product.pk])


@pytest.mark.parametrize("role", ROLES)
def test_every_regulator_role_sees_the_products_on_the_file(
    client_as: Any, product: Product, role: str
) -> None:
    body = (
        client_as(role)
        .get(reverse("console:file_detail", args=[product.enterprise.uscc]))
        .content.decode()
    )
    assert "6901234567892" in body
    assert "特制小麦粉" in body
    assert "6901234</code>" in body
    assert (_url(product) in body) is (role in ("clerk", "admin"))


@pytest.mark.parametrize(
    ("role", "status"), [(r, 302 if r in ("clerk", "admin") else 403) for r in ROLES]
)
def test_only_record_writers_correct_a_product(
    client_as: Any, product: Product, role: str, status: int
) -> None:
    r = client_as(role).post(
        _url(product),
        {"name": "特制小麦粉", "brand": "皖华", "product_risk": "I", "confirmed": "on"},
    )
    assert r.status_code == status
    product.refresh_from_db()
    assert product.brand == ("皖华" if status == 302 else "")
    corrected = AuditEntry.objects.filter(action=AuditAction.PRODUCT_CORRECTED)
    assert corrected.count() == (1 if status == 302 else 0)


def test_a_correction_outside_the_jurisdiction_is_not_found(client_as: Any) -> None:
    far = EnterpriseFactory(region_id="110101")
    company_prefix_declare(actor=None, enterprise=far, prefix="6909876")
    p = product_declare(actor=None, enterprise=far, gtin="6909876500000", name="北京产品")
    assert client_as("clerk").post(_url(p), {"name": "改"}).status_code == 404
    p.refresh_from_db()
    assert p.name == "北京产品"


def test_another_firms_product_under_this_file_is_not_found(
    client_as: Any, product: Product
) -> None:
    other = EnterpriseFactory()
    url = reverse("console:product_correct", args=[other.uscc, product.pk])
    assert client_as("clerk").get(url).status_code == 404


def test_a_bad_correction_is_400_and_writes_nothing(client_as: Any, product: Product) -> None:
    r = client_as("clerk").post(_url(product), {"name": "", "product_risk": "IV"})
    assert r.status_code == 400
    product.refresh_from_db()
    assert product.name == "特制小麦粉"
    assert not AuditEntry.objects.filter(action=AuditAction.PRODUCT_CORRECTED).exists()


def test_the_file_page_shows_an_inspections_gtin_and_a_recall(
    client_as: Any, api: Any, firm: Any
) -> None:
    api.post(
        reverse("intake-inspections"),
        {
            "uscc": firm.uscc,
            "source_ref": "I-1",
            "product": "面粉",
            "gtin": "16901234567899",
            "inspected_on": "2026-03-02",
            "level": "county",
            "result": "pass",
        },
        format="json",
    )
    api.post(
        reverse("intake-recalls"),
        {
            "uscc": firm.uscc,
            "source_ref": "R-1",
            "gtins": ["6901234567892"],
            "batches": ["B1", "B2"],
            "recalled_on": "2026-03-10",
            "reason": "标签缺陷召回",
            "mode": "ordered",
        },
        format="json",
    )
    body = client_as("clerk").get(reverse("console:file_detail", args=[firm.uscc])).content.decode()
    assert "<code>16901234567899</code>" in body
    assert "<code>6901234567892</code>" in body
    assert "标签缺陷召回" in body
    assert "B1、B2" in body
    assert "责令召回" in body


def test_the_file_page_reads_products_in_one_query_whatever_their_number(
    client_as: Any, firm: Any, django_assert_num_queries: Any
) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    client = client_as("clerk")
    url = reverse("console:file_detail", args=[firm.uscc])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for item in range(1, 11):
        body = f"690123400{item:03d}"
        product_declare(
            actor=None, enterprise=firm, gtin=body + ean.calc_check_digit(body), name="p"
        )
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count(f"/console/files/{firm.uscc}/products/") == 10  # a correction link each
    assert body.count('href="/console/products/') == 10  # and a link to its inspection trace
