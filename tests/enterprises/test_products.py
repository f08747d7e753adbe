from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.actions import AuditAction
from core.models import AuditEntry
from enterprises.models import CompanyPrefix, Product
from enterprises.services.products import (
    company_prefix_declare,
    product_correct,
    product_declare,
    products_link_unconfirmed,
)
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The reasons are asserted in English (the portal's default language is Chinese)."""
    with translation.override("en"):
        yield


def _declare(firm: Any, gtin: str = "6901234567892", **kw: Any) -> Product:
    return product_declare(
        actor=None, enterprise=firm, gtin=gtin, name=kw.pop("name", "小麦粉"), **kw
    )


def test_it_declares_a_prefix_once_and_audits_it(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    assert list(CompanyPrefix.objects.values_list("prefix", flat=True)) == ["6901234"]
    assert AuditEntry.objects.filter(action=AuditAction.COMPANY_PREFIX_DECLARED).count() == 1


@pytest.mark.parametrize("prefix", ["6901234", "69012345", "690123"])
def test_it_refuses_a_prefix_overlapping_another_firms(firm: Any, prefix: str) -> None:
    other = EnterpriseFactory()
    company_prefix_declare(actor=None, enterprise=other, prefix="6901234")
    with pytest.raises(ValidationError) as exc:
        company_prefix_declare(actor=None, enterprise=firm, prefix=prefix)
    assert "prefix" in exc.value.message_dict
    assert not CompanyPrefix.objects.filter(enterprise=firm).exists()


def test_it_lets_a_neighbouring_prefix_through(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=EnterpriseFactory(), prefix="6901234")
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901235")
    assert CompanyPrefix.objects.filter(enterprise=firm).count() == 1


def test_it_declares_a_product_under_a_prefix(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    product = _declare(firm, brand="华泰", standard="GB/T 1355", product_risk="II")
    assert product.gtin == "06901234567892"
    assert product.code == "6901234567892"
    assert product.confirmed
    entry = AuditEntry.objects.get(action=AuditAction.PRODUCT_DECLARED)
    assert entry.enterprise_id == firm.pk
    assert entry.data["after"]["brand"] == "华泰"


def test_it_refuses_a_gtin_outside_the_firms_prefixes_with_the_reason(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901235")
    with pytest.raises(ValidationError) as exc:
        _declare(firm)
    assert "not numbered under any company prefix" in exc.value.message_dict["gtin"][0]
    assert not Product.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.PRODUCT_DECLARED).exists()


def test_it_refuses_a_bad_check_digit_naming_the_expected_one(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    with pytest.raises(ValidationError) as exc:
        _declare(firm, gtin="6901234567893")
    assert "should be 2" in exc.value.message_dict["gtin"][0]
    assert not Product.objects.exists()


def test_it_refuses_another_firms_product(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    other = EnterpriseFactory()
    products_link_unconfirmed(
        actor=None, links={"06901234567892": (other.pk, "面粉")}, channel="test"
    )
    with pytest.raises(ValidationError):
        _declare(firm)
    assert Product.objects.get().enterprise_id == other.pk


def test_it_confirms_a_product_linked_unconfirmed(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    assert (
        products_link_unconfirmed(
            actor=None, links={"06901234567892": (firm.pk, "面粉")}, channel="test"
        )
        == 1
    )
    assert not Product.objects.get().confirmed
    product = _declare(firm, name="特制小麦粉")
    assert product.confirmed
    assert product.name == "特制小麦粉"
    assert Product.objects.count() == 1


def test_linking_leaves_known_products_alone(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    _declare(firm)
    n = products_link_unconfirmed(
        actor=None, links={"06901234567892": (EnterpriseFactory().pk, "x")}, channel="test"
    )
    assert n == 0
    assert Product.objects.get().enterprise_id == firm.pk


def test_a_regulator_corrects_a_product_and_it_is_audited(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    product = _declare(firm)
    product_correct(actor=None, product=product, changes={"brand": "皖华", "product_risk": "I"})
    product.refresh_from_db()
    assert (product.brand, product.product_risk) == ("皖华", "I")
    entry = AuditEntry.objects.get(action=AuditAction.PRODUCT_CORRECTED)
    assert entry.data["changed"] == {"brand": ["", "皖华"], "product_risk": ["", "I"]}


def test_an_unchanged_correction_writes_nothing(firm: Any) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    product = _declare(firm)
    product_correct(actor=None, product=product, changes={"name": "小麦粉"})
    assert not AuditEntry.objects.filter(action=AuditAction.PRODUCT_CORRECTED).exists()


@pytest.mark.parametrize(
    "changes", [{"gtin": "06901234567892"}, {"name": ""}, {"product_risk": "IV"}]
)
def test_it_refuses_a_bad_correction(firm: Any, changes: dict[str, Any]) -> None:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    product = _declare(firm)
    with pytest.raises(ValidationError):
        product_correct(actor=None, product=product, changes=changes)
    assert not AuditEntry.objects.filter(action=AuditAction.PRODUCT_CORRECTED).exists()
