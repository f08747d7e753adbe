"""Reads of a firm's products and company prefixes."""

from __future__ import annotations

from django.db.models import QuerySet

from enterprises.models import CompanyPrefix, Enterprise, Product


def products_of(*, enterprise: Enterprise) -> QuerySet[Product]:
    """The firm's products, confirmed ones first, then by GTIN."""
    return Product.objects.filter(enterprise=enterprise).order_by("-confirmed", "gtin")


def company_prefixes_of(*, enterprise: Enterprise) -> QuerySet[CompanyPrefix]:
    return CompanyPrefix.objects.filter(enterprise=enterprise).order_by("prefix")


def product_of(*, enterprise: Enterprise, pk: int) -> Product | None:
    """One product of the firm, or None (another firm's product is not found either)."""
    return Product.objects.filter(enterprise=enterprise, pk=pk).first()
