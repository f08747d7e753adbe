"""A firm's products, by GTIN, and the GS1 company prefixes they are numbered under."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises import gtin as gtins
from enterprises.models.enterprise import ProductRisk


class CompanyPrefix(models.Model):
    """A GS1 company prefix (厂商识别代码) the firm declares it holds."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="company_prefixes",
        verbose_name=_("enterprise"),
    )
    # One holder per prefix: GS1 China issues each to one firm.
    prefix = models.CharField(_("company prefix"), max_length=gtins.PREFIX_MAX, unique=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["prefix"]
        verbose_name = _("GS1 company prefix")
        verbose_name_plural = _("GS1 company prefixes")

    def __str__(self) -> str:
        return self.prefix


class Product(models.Model):
    """A product in its maker's credit file; `confirmed` once the maker or a regulator has
    declared it (a GTIN first seen on an inspection is linked unconfirmed)."""

    gtin = models.CharField(_("GTIN"), max_length=gtins.STORED_LENGTH, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("maker"),
    )
    name = models.CharField(_("product name"), max_length=200)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    standard = models.CharField(_("standard followed"), max_length=100, blank=True)
    product_risk = models.CharField(
        _("product risk category"),
        max_length=3,
        choices=ProductRisk.choices,
        blank=True,
        default=ProductRisk.UNKNOWN,
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["gtin"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            # Stored canonical, so one number written as UPC-A and as EAN-13 is one product.
            models.CheckConstraint(
                condition=Exact(Length("gtin"), gtins.STORED_LENGTH),
                name="product_gtin_14_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(product_risk__in=ProductRisk.values),
                name="product_risk_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def code(self) -> str:
        """The GTIN as printed under the bars."""
        return gtins.display(self.gtin)
