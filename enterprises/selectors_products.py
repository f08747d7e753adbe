"""Reads of a firm's products and company prefixes."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from enterprises.models import CompanyPrefix, Enterprise, Product
from enterprises.rules import product_in_category_q


def products_of(*, enterprise: Enterprise) -> QuerySet[Product]:
    """The firm's products, confirmed ones first, then by GTIN."""
    return Product.objects.filter(enterprise=enterprise).order_by("-confirmed", "gtin")


def company_prefixes_of(*, enterprise: Enterprise) -> QuerySet[CompanyPrefix]:
    return CompanyPrefix.objects.filter(enterprise=enterprise).order_by("prefix")


def product_of(*, enterprise: Enterprise, pk: int) -> Product | None:
    """One product of the firm, or None (another firm's product is not found either)."""
    return Product.objects.filter(enterprise=enterprise, pk=pk).first()


def makers_of_category_q(*, category: str) -> Q:
    """Firms with a confirmed product of the category (enterprises.rules), as a condition on
    enterprises: one subquery, no join, so a firm making several counts once."""
    return Q(
        pk__in=Product.objects.filter(product_in_category_q(category=category)).values(
            "enterprise_id"
        )
    )
