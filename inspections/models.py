"""一单两库一细则: the item list, the firm and inspector pools, and drawn plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.models import Industry, ProductCategory


class InspectionItem(models.Model):
    """An entry of the random-inspection item list (随机抽查事项清单)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("item"), max_length=200)
    method = models.CharField(_("how it is checked"), max_length=200)
    legal_basis = models.TextField(_("legal basis"))
    industry = models.CharField(
        _("industry (blank: all)"), max_length=1, choices=Industry.choices, blank=True
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Inspector(models.Model):
    """An officer of the inspector pool (执法检查人员名录库)."""

    name = models.CharField(_("name"), max_length=64)
    badge_no = models.CharField(_("badge number"), max_length=32, unique=True)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="inspectors",
        verbose_name=_("department"),
    )
    is_active = models.BooleanField(_("available"), default=True)
    # Declared conflicts of interest (relatives, former employers): never drawn for these firms.
    conflicts = models.ManyToManyField(
        "enterprises.Enterprise",
        blank=True,
        related_name="+",
        verbose_name=_("conflicts of interest"),
    )

    class Meta:
        ordering = ["badge_no"]
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")

    def __str__(self) -> str:
        return f"{self.name} ({self.badge_no})"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Drawn, not yet published")
    PUBLISHED = "published", _("Published")


class InspectionPlan(models.Model):
    title = models.CharField(_("title"), max_length=200)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="inspection_plans",
        verbose_name=_("organising department"),
    )
    region = models.CharField(_("region (code prefix)"), max_length=6)
    industry = models.CharField(
        _("industry (blank: all)"), max_length=1, choices=Industry.choices, blank=True
    )
    # Narrows the pool to firms with a confirmed product of the category (blank: every firm).
    product_category = models.CharField(
        _("product category (blank: all)"),
        max_length=16,
        choices=ProductCategory.choices,
        blank=True,
        default="",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    items = models.ManyToManyField(InspectionItem, related_name="plans", verbose_name=_("items"))
    # Published with the plan, so anyone can redraw it and check it was not chosen by hand.
    seed = models.CharField(_("random seed"), max_length=64)
    policy_version = models.PositiveIntegerField(_("grading policy version"))
    pool_size = models.PositiveIntegerField(_("firms in the pool"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    created_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        indexes = [models.Index(fields=["status", "-published_at"], name="plan_public_idx")]

    def __str__(self) -> str:
        return self.title


class PlanTarget(models.Model):
    """A firm drawn into a plan, with the grade that weighted it and, later, the result."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    grade = models.CharField(_("grade when drawn"), max_length=2)
    probability = models.FloatField(_("chance of being drawn"))
    inspectors = models.ManyToManyField(
        Inspector, related_name="targets", verbose_name=_("inspectors")
    )
    record = models.OneToOneField(
        "enterprises.InspectionRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result"),
    )

    class Meta:
        ordering = ["plan", "enterprise__uscc"]
        verbose_name = _("drawn firm")
        verbose_name_plural = _("drawn firms")
        constraints = [
            models.UniqueConstraint(fields=["plan", "enterprise"], name="plan_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.enterprise_id}"


class PlanStratum(models.Model):
    """One class (grade x planned product risk) of a plan's pool: its size, its sampling ratio
    and how many of its firms were drawn, shown with the plan so anyone can check the counts."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="strata")
    grade = models.CharField(_("grade"), max_length=2)
    risk = models.CharField(_("product risk category (as planned)"), max_length=3)
    pool_size = models.PositiveIntegerField(_("firms in the class"))
    ratio = models.FloatField(_("sampling ratio"))
    drawn = models.PositiveIntegerField(_("firms drawn"))

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("plan class")
        verbose_name_plural = _("plan classes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "grade", "risk"], name="plan_stratum_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.grade}/{self.risk} {self.drawn}/{self.pool_size}"

    @property
    def percent(self) -> float:
        return self.ratio * 100
