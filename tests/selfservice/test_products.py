from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from core.actions import AuditAction
from core.models import AuditEntry
from enterprises.models import CompanyPrefix, Product
from enterprises.services.products import company_prefix_declare
from tests.selfservice.conftest import client_for

URL = reverse("selfservice:products")


def test_it_declares_a_prefix_then_a_product(admin_a: Any, firm_a: Any) -> None:
    c = client_for(admin_a)
    r = c.post(URL, {"declare_prefix": "1", "p-company_prefix": "6901234"})
    assert r.status_code == 302
    r = c.post(
        URL,
        {
            "declare_product": "1",
            "g-gtin": "6901234567892",
            "g-name": "特制小麦粉",
            "g-brand": "华泰",
            "g-standard": "GB/T 1355",
            "g-product_risk": "II",
        },
    )
    assert r.status_code == 302
    product = Product.objects.get()
    assert (product.enterprise_id, product.name, product.confirmed) == (
        firm_a.pk,
        "特制小麦粉",
        True,
    )
    page = c.get(URL).content.decode()
    assert "6901234567892" in page
    assert "特制小麦粉" in page
    assert AuditEntry.objects.get(action=AuditAction.PRODUCT_DECLARED).actor_id == admin_a.pk


def test_it_shows_the_reason_for_a_gtin_outside_the_prefixes(admin_a: Any, firm_a: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm_a, prefix="6901235")
    r = client_for(admin_a).post(
        URL, {"declare_product": "1", "g-gtin": "6901234567892", "g-name": "小麦粉"}
    )
    assert r.status_code == 400
    assert "不在本企业已申报的任何厂商识别代码之下" in r.content.decode()
    assert not Product.objects.exists()


def test_it_names_the_check_digit_on_the_form(admin_a: Any, firm_a: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm_a, prefix="6901234")
    r = client_for(admin_a).post(
        URL,
        {"declare_product": "1", "g-gtin": "6901234567893", "g-name": "小麦粉"},
    )
    assert r.status_code == 400
    assert "应为 2，而不是 3" in r.content.decode()
    assert not Product.objects.exists()


@pytest.mark.parametrize("prefix", ["", "690", "69012345678", "abcdefg"])
def test_it_refuses_a_bad_prefix_and_writes_nothing(admin_a: Any, prefix: str) -> None:
    r = client_for(admin_a).post(URL, {"declare_prefix": "1", "p-company_prefix": prefix})
    assert r.status_code == 400
    assert not CompanyPrefix.objects.exists()


def test_it_shows_only_the_users_own_firms_products(
    admin_a: Any, admin_b: Any, firm_b: Any
) -> None:
    company_prefix_declare(actor=None, enterprise=firm_b, prefix="6901234")
    client_for(admin_b).post(
        URL, {"declare_product": "1", "g-gtin": "6901234567892", "g-name": "乙产品"}
    )
    assert Product.objects.filter(enterprise=firm_b).exists()
    page = client_for(admin_a).get(URL).content.decode()
    assert "乙产品" not in page
    assert "6901234" not in page


def test_it_sends_anonymous_visitors_to_sign_in(client_as: Any) -> None:
    r = client_as("anon").get(URL)
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["clerk", "grader", "list_officer", "approver", "admin"])
def test_it_refuses_regulators_and_writes_nothing(client_as: Any, role: str) -> None:
    c = client_as(role)
    assert c.get(URL).status_code == 403
    assert c.post(URL, {"declare_prefix": "1", "p-company_prefix": "6901234"}).status_code == 403
    assert not CompanyPrefix.objects.exists()
