"""A firm's products, by GTIN, and the GS1 company prefixes they are numbered under."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises import gtin as gtins
from enterprises.models.enterprise import ProductRisk


class ProductCategory(models.TextChoices):
    """The product classes of SAMR's national supervisory sampling plans (产品质量国家监督抽查
    计划的产品类别), which the provincial product catalogues (产品目录) follow; the planner
    narrows a random-inspection plan to the makers of one of them."""

    # Never set: a data gap, like an unknown product risk; such a product is in no class.
    UNKNOWN = "", _("Not yet classified")
    ELECTRICAL = "electrical", _("Electrical and electronic products (电子电器)")
    LIGHT_INDUSTRY = "light", _("Light-industry products (轻工产品)")
    TEXTILES = "textiles", _("Textiles, clothing and footwear (纺织服装鞋帽)")
    CHILDREN = "children", _("Children's and student products (儿童及学生用品)")
    BUILDING = "building", _("Building and decoration materials (建筑和装饰装修材料)")
    AGRICULTURAL = "agricultural", _("Agricultural inputs (农业生产资料)")
    MACHINERY = "machinery", _("Machinery and security products (机械及安防产品)")
    CHEMICALS = "chemicals", _("Chemical products, hazardous chemicals included (化工产品)")
    FOOD_RELATED = "food_related", _("Food-related products: packaging, containers (食品相关产品)")
    CABLES = "cables", _("Wires and cables (电线电缆)")
    OTHER = "other", _("Other products (其他)")


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
    category = models.CharField(
        _("product category"),
        max_length=16,
        choices=ProductCategory.choices,
        blank=True,
        default=ProductCategory.UNKNOWN,
        db_default=ProductCategory.UNKNOWN,  # bulk loads that name their columns need not know it
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
            models.CheckConstraint(
                condition=models.Q(category__in=ProductCategory.values),
                name="product_category_known",
            ),
        ]
        indexes = [
            # The planner's "firms making a category": confirmed products of one category.
            models.Index(fields=["category", "enterprise"], name="product_category_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def code(self) -> str:
        """The GTIN as printed under the bars."""
        return gtins.display(self.gtin)
