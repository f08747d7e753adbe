from __future__ import annotations

from collections.abc import Collection

from django.db import models
from django.db.models.functions import Length, Substr, Upper
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.uscc import normalise, validate_uscc


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", _("A Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("B Mining")
    C = "C", _("C Manufacturing")
    D = "D", _("D Electricity, heat, gas and water supply")
    E = "E", _("E Construction")
    F = "F", _("F Wholesale and retail")
    G = "G", _("G Transport, storage and post")
    H = "H", _("H Accommodation and catering")
    I = "I", _("I Information technology services")  # noqa: E741
    J = "J", _("J Finance")
    K = "K", _("K Real estate")
    L = "L", _("L Leasing and business services")
    M = "M", _("M Scientific research and technical services")
    N = "N", _("N Water, environment and public facilities management")
    O = "O", _("O Resident services and repair")  # noqa: E741
    P = "P", _("P Education")
    Q = "Q", _("Q Health and social work")
    R = "R", _("R Culture, sports and entertainment")
    S = "S", _("S Public administration and social organisations")
    T = "T", _("T International organisations")


class ProductRisk(models.TextChoices):
    # Never set: a data gap shown to regulators, planned as I until set (ratings.risk).
    UNKNOWN = "", _("Not yet classified")
    HIGH = "I", _("I high risk")
    MEDIUM = "II", _("II medium risk")
    LOW = "III", _("III low risk")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("In business")
    REVOKED = "revoked", _("Business licence revoked")
    DEREGISTERED = "deregistered", _("Deregistered")
    MOVED_OUT = "moved_out", _("Moved out")


class Enterprise(models.Model):
    """A market entity's quality-credit file (企业质量信用档案), keyed by its USCC."""

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    former_names = models.JSONField(_("former names"), default=list, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=64)
    # Jurisdiction scoping is LIKE '4403%' on region_id; on PostgreSQL Django adds the
    # varchar_pattern_ops index that such a prefix match needs.
    region = models.ForeignKey(
        "enterprises.Region",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("region"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    industry = models.CharField(_("industry (GB/T 4754)"), max_length=1, choices=Industry.choices)
    # Unknown until a regulator sets it: a data gap, planned and sampled as the strictest
    # class (ratings.risk), never silently the laxest.
    product_risk = models.CharField(
        _("product risk category"),
        max_length=3,
        choices=ProductRisk.choices,
        blank=True,
        default=ProductRisk.UNKNOWN,
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.ACTIVE,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uscc"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            models.Index(fields=["updated_at"], name="enterprise_changed_idx"),
            # The organisation code (GB 11714) inside the code, positions 9-17: people search
            # by it, and it must not be a scan of every firm.
            models.Index(Substr("uscc", 9, 9), name="enterprise_org_code_idx"),
        ]
        constraints = [
            # Codes are stored normalised, so a lower-case copy can never become a second firm.
            models.CheckConstraint(
                condition=models.Q(uscc=Upper("uscc")), name="enterprise_uscc_upper_case"
            ),
            models.CheckConstraint(
                condition=Exact(Length("uscc"), 18), name="enterprise_uscc_18_characters"
            ),
            models.CheckConstraint(
                condition=models.Q(product_risk__in=ProductRisk.values),
                name="enterprise_product_risk_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.uscc})"

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        # Normalise before validating, so forms and the admin store the canonical code.
        self.uscc = normalise(self.uscc or "")
        super().clean_fields(exclude=exclude)
